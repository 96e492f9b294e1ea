package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tpusim.figure.Format;
import org.tpusim.scenario.ChipCatalog;

/** {@code tpusim compare} end to end: real runs of small scenarios, then the comparison of their results. */
class CompareCommandTest {
    /** All-reduce over x on 4x4x4 (bundled scenarios/collectives/all-reduce-x-4x4x4.yaml, smaller). */
    static final String COLLECTIVE = """
            name: %s
            system:
              chip: tpu-v4
              topology: 4x4x4
            %s
            workload:
              kind: collective
              collective: all-reduce
              axes: x
              bytes_per_chip: 1MiB
            """;

    /** PaLM 8B on 4 chips, one decode step, with a published figure. */
    static final String BATCH = """
            name: %s
            system: {chip: tpu-v4, topology: 2x2x1}
            model: {preset: palm-8b, weights: bf16}
            layout: auto
            workload: {kind: batch, batch: %d, input_tokens: 16, cached_tokens: 128, output_tokens: 1}
            reference:
              source: "made up for the test"
              figures:
                decode_per_token_ms: 1.5
            """;

    @TempDir
    Path tmp;

    private Path scenario(String file, String text) throws IOException {
        Path f = tmp.resolve(file);
        Files.writeString(f, text);
        return f;
    }

    private Path runBoth(String textA, String textB) throws IOException {
        Path out = tmp.resolve("out");
        RunCommandTest.Outcome o = RunCommandTest.tpusim("run", scenario("a.yaml", textA).toString(),
                scenario("b.yaml", textB).toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        return out;
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** The console line of a row: its cells separated by runs of spaces. */
    private static boolean hasRow(String console, String... cells) {
        return console.lines().map(String::trim).anyMatch(l -> l.equals(String.join(" ", cells))
                || l.matches(String.join("\\s+", java.util.Arrays.stream(cells)
                        .map(java.util.regex.Pattern::quote).toList())));
    }

    @Test
    void twoCollectives_figuresRatiosAndTheChipParameterThatDiffers() throws IOException {
        Path out = runBoth(COLLECTIVE.formatted("ar-base", ""),
                COLLECTIVE.formatted("ar-slow-hops", "  overrides: {hop_latency_ns: 5000}"));
        RunCommandTest.Outcome o = RunCommandTest.tpusim("compare", out.resolve("ar-base").toString(),
                out.resolve("ar-slow-hops/results.json").toString());
        assertEquals(0, o.code(), o.err());
        JsonNode a = json(out.resolve("ar-base/results.json"));
        JsonNode b = json(out.resolve("ar-slow-hops/results.json"));
        double simA = a.at("/simulated/time_s").asDouble();
        double simB = b.at("/simulated/time_s").asDouble();
        assertTrue(simB > simA, "slower hops take longer");
        String c = o.out();
        assertTrue(c.startsWith("compare 2 collective results\n"), c);
        assertTrue(hasRow(c, "time", "simulated", Format.seconds(simA), Format.seconds(simB),
                Format.ratio(simB / simA)), c);
        double anaA = a.at("/analytical/time_s").asDouble();
        assertTrue(hasRow(c, "analytical", Format.seconds(anaA), Format.seconds(anaA), "1.000"),
                "the paper form ignores hop latency: " + c);
        assertFalse(c.contains("published"), "no reference block, no published row");
        double hopNs = ChipCatalog.bundled().find("tpu-v4").orElseThrow().hopLatencyNs();
        assertTrue(hasRow(c, "system.parameters.hop_latency_ns", Format.nanos(hopNs), Format.nanos(5000)), c);
        assertTrue(hasRow(c, "name", "ar-base", "ar-slow-hops"), c);
        assertFalse(c.contains("workload.bytes_per_chip"), "equal keys are not listed: " + c);
        assertTrue(c.lines().count() < 25, "one screen for two results:\n" + c);
    }

    @Test
    void batchResults_showThePublishedFigure_andWriteComparePageWithOut() throws IOException {
        Path out = runBoth(BATCH.formatted("b4", 4), BATCH.formatted("b8", 8));
        RunCommandTest.Outcome o = RunCommandTest.tpusim("compare", out.toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        String c = o.out();
        assertTrue(c.startsWith("compare 2 batch results\n"), c);
        assertTrue(hasRow(c, "published", "1.500 ms", "1.500 ms", "1.000"), c);
        JsonNode a = json(out.resolve("b4/results.json"));
        JsonNode b = json(out.resolve("b8/results.json"));
        double ta = a.at("/simulated/decode_per_token_ms").asDouble();
        double tb = b.at("/simulated/decode_per_token_ms").asDouble();
        assertTrue(hasRow(c, "decode per token", "simulated", Format.millis(ta), Format.millis(tb),
                Format.ratio(tb / ta)), c);
        assertTrue(hasRow(c, "workload.batch", "4", "8"), c);
        String html = Files.readString(out.resolve("compare.html"));
        assertTrue(html.contains("href=\"b4/report.html\"") && html.contains("href=\"b8/report.html\""), html);
        assertTrue(html.contains("<code>workload.batch</code>") && html.contains(Format.millis(tb)), html);
        assertFalse(html.contains("<script") || html.contains("http://"), "self-contained, no scripts");
        assertTrue(Files.readString(out.resolve("index.html")).contains("href=\"compare.html\""),
                "the index links the comparison");
        // the folder expands to its result folders in name order: the same comparison as naming them
        RunCommandTest.Outcome named = RunCommandTest.tpusim("compare", out.resolve("b4").toString(),
                out.resolve("b8").toString());
        assertEquals(c.replace("wrote " + out.resolve("compare.html") + "\n", ""), named.out());
    }

    @Test
    void badInputs_exitTwo_withOneLineNamingTheFile() throws IOException {
        Path out = runBoth(COLLECTIVE.formatted("ar", ""), BATCH.formatted("b4", 4));
        Path notJson = scenario("notes.txt", "hello");
        Path foreign = scenario("other.json", "{\"kind\": \"batch\"}");
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        List<List<String>> cases = List.of(
                List.of(tmp.resolve("missing").toString(), out.resolve("ar").toString()),
                List.of(notJson.toString(), out.resolve("ar").toString()),
                List.of(foreign.toString(), out.resolve("ar").toString()),
                List.of(empty.toString(), out.resolve("ar").toString()),
                List.of(out.resolve("ar").toString(), out.resolve("b4").toString()),
                List.of(out.resolve("ar").toString()));
        List<String> named = List.of("missing", "notes.txt", "other.json", "empty", "b4" + java.io.File.separator
                + "results.json", "ar");
        for (int i = 0; i < cases.size(); i++) {
            List<String> args = new java.util.ArrayList<>(List.of("compare"));
            args.addAll(cases.get(i));
            RunCommandTest.Outcome o = RunCommandTest.tpusim(args.toArray(String[]::new));
            assertEquals(2, o.code(), args + ": " + o.err());
            assertEquals(1, o.err().lines().count(), o.err());
            assertTrue(o.err().contains(named.get(i)), args + ": " + o.err());
            assertEquals("", o.out(), "nothing printed before the inputs are checked");
        }
        RunCommandTest.Outcome kinds = RunCommandTest.tpusim("compare", out.resolve("ar").toString(),
                out.resolve("b4").toString());
        assertTrue(kinds.err().contains("compare results of one kind"), kinds.err());
    }

    @Test
    void runGivenASweepFile_pointsToTheSweepCommand() {
        RunCommandTest.Outcome o = RunCommandTest.tpusim("run", "../scenarios/sweeps/fig1-palm8b.yaml", "--out",
                tmp.resolve("out").toString());
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("fig1-palm8b.yaml:") && o.err().contains("is a sweep file")
                && o.err().contains("run it with 'tpusim sweep ../scenarios/sweeps/fig1-palm8b.yaml'"), o.err());
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written");
    }
}
