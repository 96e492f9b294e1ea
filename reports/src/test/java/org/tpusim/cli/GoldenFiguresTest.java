package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The golden-figure files: what counts as a figure, how values are written, and what a mismatch reports. */
class GoldenFiguresTest {
    @TempDir
    Path tmp;

    @Test
    void format_keepsIntegers_andTwelveSignificantDigitsOfOthers() {
        assertEquals("0", GoldenFigures.format(0.0));
        assertEquals("7912554496", GoldenFigures.format(7912554496.0));
        assertEquals("0.00248701348148", GoldenFigures.format(0.00248701348148148));
        assertEquals("25.4176235098", GoldenFigures.format(25.417623509764862));
        assertEquals("6.59343641018E-16", GoldenFigures.format(6.59343641018495e-16));
        assertEquals("1.5", GoldenFigures.format(1.5));
        assertEquals("-2.5", GoldenFigures.format(-2.5));
    }

    @Test
    void ofResults_keepsFiguresAndNamesArrayElements_butNotInputsWallTimeOrLargeArrays() throws IOException {
        Path f = tmp.resolve("results.json");
        Files.writeString(f, """
                {"tpusim_version": "x", "kind": "batch", "scenario": {"seed": 1},
                 "simulated": {"time_s": 0.5, "mfu": {"decode": 0.25}}, "ratio": 2.0,
                 "by_op": [{"phase": "decode", "category": "ffn input einsum", "time_s": 1e-3}],
                 "phases": [{"axis": "x", "steps": 3}, {"axis": "x", "steps": 4}],
                 "batch_sizes": [{"phase": "decode", "batch": 8, "passes": 5, "time_s": 0.5, "time_share": 1.0}],
                 "timeline": [{"start_s": 1.0}], "link_planes": [{"utilisation": [[0.5]]}],
                 "run": {"events": 12, "wall_time_s": 0.1}, "shapes": {"pass_wall_s": 3.0, "pass_events": 7}}
                """);
        SortedMap<String, String> expected = new TreeMap<>();
        expected.put("simulated.time_s", "0.5");
        expected.put("simulated.mfu.decode", "0.25");
        expected.put("ratio", "2");
        expected.put("by_op[decode,ffn_input_einsum].time_s", "0.001");
        expected.put("phases[0].steps", "3");
        expected.put("phases[1].steps", "4");
        expected.put("batch_sizes[decode,8].passes", "5");
        expected.put("batch_sizes[decode,8].time_s", "0.5");
        expected.put("run.events", "12");
        expected.put("shapes.pass_events", "7");
        assertEquals(expected, GoldenFigures.ofResults(f));
    }

    @Test
    void renderThenParse_roundTrips() {
        SortedMap<String, String> m = new TreeMap<>();
        m.put("a.b", "1");
        m.put("007-topology=2x2x2,layout={ffn: ws-2d}.simulated.x", "0.5");
        String text = GoldenFigures.render("header\nline two", m);
        assertTrue(text.startsWith("# header\n# line two\n"), text);
        assertEquals(m, GoldenFigures.parse(text));
    }

    @Test
    void mismatch_listsEveryDifferingKey_andTheRewriteCommand() throws IOException {
        Path golden = tmp.resolve("g.txt");
        Files.writeString(golden, "a = 1\nb = 2\nc = 3\n");
        SortedMap<String, String> actual = new TreeMap<>();
        actual.put("a", "1");
        actual.put("b", "2.5");
        actual.put("d", "4");
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> GoldenFigures.check("s.yaml", golden, "h", actual, false));
        assertTrue(e.getMessage().contains("in 3 of 3 keys"), e.getMessage());
        for (String line : List.of("b: expected 2, actual 2.5", "c: missing, expected 3", "d: new figure, actual 4",
                GoldenFigures.REWRITE_COMMAND)) {
            assertTrue(e.getMessage().contains(line), e.getMessage());
        }
        assertTrue(!e.getMessage().contains("a: "), e.getMessage());
    }

    @Test
    void missingGoldenFile_failsWithTheRewriteCommand() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> GoldenFigures.check("new.yaml", tmp.resolve("none.txt"), "h", new TreeMap<>(), false));
        assertTrue(e.getMessage().contains("no golden file") && e.getMessage().contains(GoldenFigures.REWRITE_COMMAND),
                e.getMessage());
    }
}
