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
