package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.sweep.Sweep;

/** The sweep and search commands on tiny sweeps (PaLM 8B on 4 and 8 chips, one decode step). */
class SweepCommandTest {
    private static final String TINY = """
            name: tiny
            system: {chip: tpu-v4, topology: 2x2x1}
            model: {preset: palm-8b, weights: bf16}
            layout: auto
            workload: {kind: batch, batch: 4, input_tokens: 16, cached_tokens: 128, output_tokens: 1}
            sweep:
              system.topology: [2x2x1, 2x2x2]
              workload.batch: [1, 8]
              model.weights: [bf16, int8]
            """;

    private static Path write(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void sweep_writesPointsAndParetoReport(@TempDir Path dir) throws IOException {
        Path f = write(dir, "tiny.yaml", TINY);
        Path out = dir.resolve("out");
        RunCommandTest.Outcome o = RunCommandTest.tpusim("sweep", f.toString(), "--out", out.toString(),
                "--threads", "2");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("8 points: 8 simulated, 0 infeasible, 0 failed"), o.out());
        assertTrue(o.out().contains("points per minute"), o.out());
        assertEquals(8, Files.readAllLines(out.resolve("tiny/points.jsonl")).size());
        String html = Files.readString(out.resolve("tiny/pareto.html"));
        assertTrue(html.contains("decode: cost vs latency per token") && html.contains("prefill: cost vs latency")
                && html.contains("<svg") && html.matches("(?s).*>[48]c b[18]</text>.*"), html);
        List<String> csv = Files.readAllLines(out.resolve("tiny/pareto.csv"));
        assertTrue(csv.get(0).startsWith("group,frontier,rank,index,topology,chips,batch"));
        assertTrue(csv.size() > 1);
    }

    @Test
    void shardsThenMerge_equalTheUnshardedPointsFile(@TempDir Path dir) throws IOException {
        Path f = write(dir, "tiny.yaml", TINY);
        Path whole = dir.resolve("whole");
        Path split = dir.resolve("split");
        assertEquals(0, RunCommandTest.tpusim("sweep", f.toString(), "--out", whole.toString()).code());
        for (String shard : List.of("0/3", "1/3", "2/3")) {
            RunCommandTest.Outcome o = RunCommandTest.tpusim("sweep", f.toString(), "--out", split.toString(),
                    "--shard", shard);
            assertEquals(0, o.code(), o.err());
        }
        assertFalse(Files.exists(split.resolve("tiny/pareto.html")));
        RunCommandTest.Outcome m = RunCommandTest.tpusim("sweep", f.toString(), "--out", split.toString(), "--merge");
        assertEquals(0, m.code(), m.err());
        assertEquals(Files.readString(whole.resolve("tiny/points.jsonl")),
                Files.readString(split.resolve("tiny/points.jsonl")));
        assertEquals(Files.readString(whole.resolve("tiny/pareto.csv")),
                Files.readString(split.resolve("tiny/pareto.csv")));
    }

    @Test
    void rerun_resumes_andRunsNothingWhenComplete(@TempDir Path dir) throws IOException {
        Path f = write(dir, "tiny.yaml", TINY);
        Path out = dir.resolve("out");
        assertEquals(0, RunCommandTest.tpusim("sweep", f.toString(), "--out", out.toString()).code());
        RunCommandTest.Outcome again = RunCommandTest.tpusim("sweep", f.toString(), "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("8 points, 8 already done"), again.out());
        assertFalse(again.out().contains("[1/8]"), again.out());
    }

    @Test
    void badSweepBlock_exits2_withFileLineAndKey(@TempDir Path dir) throws IOException {
        Path f = write(dir, "bad.yaml", TINY.replace("model.weights: [bf16, int8]", "model.wieghts: [bf16]"));
        RunCommandTest.Outcome o = RunCommandTest.tpusim("sweep", f.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, o.code(), o.err());
        // the key is on line 9 of the file
        assertTrue(o.err().startsWith("tpusim: " + f + ":9: sweep.model.wieghts: unknown key path"), o.err());
        assertFalse(Files.exists(dir.resolve("o")));
    }

    private static final String BASE = """
            name: tiny
            system: {chip: tpu-v4, topology: 2x2x1}
            model: {preset: palm-8b, weights: bf16}
            layout: auto
            workload: {kind: batch, batch: 4, input_tokens: 0, cached_tokens: 128, output_tokens: 1}
            """;

    /**
     * Input errors in a sweep file, each with the start of the expected message after the file name. Before, all
     * but the names and the sweep-key typo ran every point as "infeasible" and exited 0.
     */
    static Stream<Arguments> sweepInputErrors() {
        return Stream.of(
                Arguments.of("typo in a base key", BASE.replace("layout: auto", "layout: auto\nworklod: {kind: batch}")
                        + "sweep:\n  workload.batch: [1, 4]\n", ":5: worklod: unknown key 'worklod'"),
                Arguments.of("bad base name", BASE.replace("name: tiny", "name: Bad/Name")
                        + "sweep:\n  workload.batch: [1, 4]\n", ":1: name: invalid name 'Bad/Name'"),
                Arguments.of("missing base name", BASE.replace("name: tiny\n", "")
                        + "sweep:\n  workload.batch: [1, 4]\n", ":1: name: missing required key"),
                Arguments.of("bad base topology", BASE.replace("2x2x1", "2x2x")
                        + "sweep:\n  workload.batch: [1, 4]\n", ":2: system.topology: invalid slice shape '2x2x'"),
                Arguments.of("sweeping into a scalar", BASE + "sweep:\n  system.topology.x: [2, 4]\n",
                        ":7: sweep.system.topology.x: value 2 (point tiny/0-x=2): system.topology: expected a single "
                                + "value, found a mapping"),
                Arguments.of("unknown override key", BASE + "sweep:\n  system.overrides.bogus_ns: [1, 2]\n",
                        ":7: sweep.system.overrides.bogus_ns: value 1 (point tiny/0-bogus_ns=1): unknown chip "
                                + "parameter 'bogus_ns'"),
                Arguments.of("unknown nested key in a swept value",
                        BASE + "sweep:\n  layout.decode: [{ffn: ws-2d, atention: batch}]\n",
                        ":7: sweep.layout.decode: value {ffn: ws-2d, atention: batch} (point tiny/0-decode={ffn: "
                                + "ws-2d, atention: batch}): layout.decode.atention: unknown key 'atention'"),
                Arguments.of("unknown nested key in the base",
                        BASE.replace("weights: bf16}", "weights: bf16, bogus: 1}")
                                + "sweep:\n  workload.batch: [1]\n", ":3: model.bogus: unknown key 'bogus'"),
                Arguments.of("unknown nested sweep key", BASE + "sweep:\n  layout.decode.fnn: [ws-2d]\n",
                        ":7: sweep.layout.decode.fnn: unknown key path 'layout.decode.fnn' in the scenario: "
                                + "layout.decode.fnn: unknown key 'fnn'"),
                Arguments.of("swept value of the wrong type", BASE + "sweep:\n  workload.batch: [1, abc]\n",
                        ":7: sweep.workload.batch: value abc (point tiny/1-batch=abc): expected a whole number, "
                                + "found 'abc'"),
                Arguments.of("base of workload kind collective", """
                        name: coll
                        system: {chip: tpu-v4, topology: 2x2x1}
                        workload: {kind: collective, collective: all-gather, axes: xy, bytes_per_chip: 1MiB}
                        sweep:
                          workload.bytes_per_chip: [1MiB, 4MiB]
                        """, ":3: workload.kind: sweeps run workload kinds batch and trace"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sweepInputErrors")
    void inputErrorsInASweepFile_exit2_beforeAnyPointRuns(String what, String text, String expected,
                                                         @TempDir Path dir) throws IOException {
        Path f = write(dir, "s.yaml", text);
        Path out = dir.resolve("o");
        RunCommandTest.Outcome o = RunCommandTest.tpusim("sweep", f.toString(), "--out", out.toString());
        assertEquals(2, o.code(), what + ": " + o.out() + o.err());
        assertTrue(o.err().startsWith("tpusim: " + f + expected), what + ": " + o.err());
        assertFalse(o.out().contains("[1/"), o.out());
        assertFalse(Files.exists(out), "nothing written for " + what);
    }

    @Test
    void aPointThatDoesNotFitInHbm_isInfeasible_notAnInputError(@TempDir Path dir) throws IOException {
        Path f = write(dir, "s.yaml", BASE + "sweep:\n  system.overrides.hbm_capacity_bytes: [1e9, 32e9]\n");
        Path out = dir.resolve("o");
        RunCommandTest.Outcome o = RunCommandTest.tpusim("sweep", f.toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("2 points: 1 simulated, 1 infeasible, 0 failed"), o.out());
        String first = Files.readAllLines(out.resolve("tiny/points.jsonl")).get(0);
        assertTrue(first.contains("\"status\":\"infeasible\"") && first.contains("does not fit in HBM"), first);
    }

    @Test
    void badShard_exits2(@TempDir Path dir) throws IOException {
        Path f = write(dir, "tiny.yaml", TINY);
        RunCommandTest.Outcome o = RunCommandTest.tpusim("sweep", f.toString(), "--shard", "2/2");
        assertEquals(2, o.code(), o.err());
    }

    @Test
    void search_ranksLayouts_andSimulatesTheBest(@TempDir Path dir) throws IOException {
        Path f = write(dir, "s.yaml", """
                name: s
                system: {chip: tpu-v4, topology: 2x2x1}
                model: {preset: palm-8b, weights: bf16}
                workload: {kind: batch, batch: 8, input_tokens: 0, cached_tokens: 128, output_tokens: 1}
                """);
        RunCommandTest.Outcome o = RunCommandTest.tpusim("search", f.toString(), "--simulate", "2");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("chosen: ") && o.out().contains("ws-2d + batch"), o.out());
        // 10 layouts listed: 5 feedforward x 2 attention
        assertEquals(10, o.out().lines().filter(l -> l.matches("  (ws|wg)-.*")).count(), o.out());
    }

    @Test
    void search_writesEveryCandidateToCsv_whenAskedTo(@TempDir Path dir) throws IOException {
        Path f = write(dir, "s.yaml", """
                name: s
                system: {chip: tpu-v4, topology: 2x2x1}
                model: {preset: palm-8b, weights: bf16}
                workload: {kind: batch, batch: 8, input_tokens: 0, cached_tokens: 128, output_tokens: 1}
                """);
        Path out = dir.resolve("out");
        RunCommandTest.Outcome o = RunCommandTest.tpusim("search", f.toString(), "--simulate", "2", "--out",
                out.toString());
        assertEquals(0, o.code(), o.err());
        List<String> rows = Files.readAllLines(out.resolve("s/search-decode.csv"));
        assertEquals("layout,feasible,reason,analytical_rank,analytical_ms,simulated_rank,simulated_ms,chosen",
                rows.get(0));
        assertEquals(11, rows.size(), String.join("\n", rows));
        // exactly one chosen row, among the two simulated ones, and it is the layout the console names
        List<String> chosen = rows.stream().filter(r -> r.endsWith(",true")).toList();
        assertEquals(1, chosen.size(), String.join("\n", rows));
        String layout = chosen.get(0).substring(1, chosen.get(0).indexOf('"', 1));
        assertTrue(o.out().contains("chosen: " + layout), o.out());
        assertEquals(2, rows.stream().skip(1).filter(r -> !r.split(",", -1)[5].isEmpty()).count(),
                String.join("\n", rows));
    }

    static List<Path> bundledSweeps() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("../scenarios/sweeps"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundledSweeps")
    void bundledSweeps_expand_andTheirFirstPointLoads(Path file) {
        ScenarioLoader loader = ScenarioLoader.withBundledCatalog();
        Sweep s = Sweep.read(file, loader);
        assertTrue(s.size() > 1);
        assertEquals(file.getFileName().toString().replace(".yaml", ""), s.name());
        s.point(s.size() - 1).load(loader, file.getParent());
    }
}
