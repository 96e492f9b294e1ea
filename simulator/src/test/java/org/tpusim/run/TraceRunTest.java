package org.tpusim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tpusim.layout.MeshSplit;
import org.tpusim.model.Phase;
import org.tpusim.result.TraceResult;
import org.tpusim.input.InputException;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.scenario.Workload;
import org.tpusim.workload.StepLayouts;

/** Trace workloads end to end on the real engine and the real chip-level pass simulation, on a small model. */
class TraceRunTest {
    private static final ScenarioLoader LOADER = ScenarioLoader.withBundledCatalog();

    /** PaLM 62B's layer shapes, 2 layers, on 2x2x1: a few ms of wall time per simulated pass. */
    static final String HEAD = """
            name: t
            seed: 3
            system: {chip: tpu-v4, topology: 2x2x1}
            model: {layers: 2, d_model: 8192, d_ff: 32768, heads: 32, d_head: 256, kv_heads: 1, ffn_matrices: 3,
                    parallel_block: true, vocab: 256000, weights: int8}
            layout:
              decode: {ffn: ws-2d, attention: batch}
            """;

    static Scenario scenario(Path dir, String workload) {
        return LOADER.parse("t.yaml", dir, HEAD + workload);
    }

    static TraceResult run(Scenario s) {
        return (TraceResult) new ScenarioRunner().run(s).result();
    }

    @Test
    void oneRequestAlone_ttftIsTheSimulatedPrefill_tpotTheSimulatedDecodeStep(@TempDir Path dir) throws IOException {
        // prompt 64 (a bucket) on 191 cached tokens (bucketed to 256): prefill shape L 64, context 320;
        // decode reads 64 + 191 + 1 = 256 positions, a grid point, so the step is simulated exactly
        Files.writeString(dir.resolve("one.csv"), "arrival_s,input_tokens,output_tokens,cached_tokens\n2.5,64,2,191\n");
        Scenario s = scenario(dir, """
                workload:
                  kind: trace
                  file: one.csv
                  batching: {policy: continuous, max_batch: 8}
                """);
        TraceResult r = run(s);
        Workload.Trace w = (Workload.Trace) s.workload();
        SimulatedPassTimes exact = new SimulatedPassTimes(s, new StepLayouts(w.layout().toPlan(), s.model().orElseThrow(),
                MeshSplit.of(s.system().slice().shape())));
        double prefillMs = exact.timeNs(Phase.PREFILL, 1, 64, 320) / 1e6;
        double decodeMs = exact.timeNs(Phase.DECODE, 1, 1, 256) / 1e6;
        TraceResult.RequestRow row = r.requests().get(0);
        assertEquals(2.5, row.arrivalS());
        assertEquals(0, row.queueingMs());
        assertEquals(prefillMs, row.ttftMs(), 1e-9);
        assertEquals(decodeMs, row.tpotMs(), 1e-9);
        assertEquals(prefillMs + decodeMs, row.e2eMs(), 1e-9);
        assertEquals(prefillMs, r.simulated().ttftMs().max(), 1e-9);
        assertTrue(r.analytical().ttftMs().p50() > 0);
    }

    @Test
    void runEventsCountThePassShapeSimulations(@TempDir Path dir) throws IOException {
        // the serving run's wall time includes the chip-level simulations of its pass shapes; so must its events
        Files.writeString(dir.resolve("one.csv"), "arrival_s,input_tokens,output_tokens\n0,64,3\n");
        org.tpusim.result.RunResult r = new ScenarioRunner().run(scenario(dir, """
                workload:
                  kind: trace
                  file: one.csv
                  batching: {policy: continuous, max_batch: 8}
                """));
        TraceResult t = (TraceResult) r.result();
        assertTrue(t.shapes().passEvents() > 0);
        assertTrue(r.run().events() > t.shapes().passEvents(), r.run().events() + " vs " + t.shapes().passEvents());
    }

    @Test
    void sameSeed_sameResult(@TempDir Path dir) {
        String w = """
                workload:
                  kind: trace
                  synthetic:
                    requests: 40
                    arrivals: {process: gamma, rate_per_s: 50, cv: 2}
                    input_tokens: {uniform: [16, 300]}
                    output_tokens: {lognormal: {median: 20, sigma: 0.5, min: 2, max: 64}}
                  batching: {policy: continuous, max_batch: 16}
                """;
        TraceResult a = run(scenario(dir, w));
        TraceResult b = run(scenario(dir, w));
        assertEquals(a.simulated(), b.simulated());
        assertEquals(a.requests(), b.requests());
        assertEquals(40, a.requests().size());
        TraceResult other = run(LOADER.parse("t.yaml", dir, HEAD.replace("seed: 3", "seed: 4") + w));
        assertTrue(!a.requests().equals(other.requests()));
    }

    @Test
    void badRow_failsAtLoadWithFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bad.csv"), "arrival_s,input_tokens,output_tokens\n0,10,5\n1,-3,5\n");
        String w = """
                workload:
                  kind: trace
                  file: bad.csv
                  on_bad_rows: %s
                  batching: {policy: static, max_batch: 4, max_wait_ms: 10}
                """;
        InputException e = assertThrows(InputException.class, () -> scenario(dir, w.formatted("reject")));
        assertEquals(dir.resolve("bad.csv") + ":3: input_tokens: negative value -3 (expected >= 0) (on_bad_rows:"
                + " skip leaves such rows out and counts them)", e.getMessage());
        TraceResult r = run(scenario(dir, w.formatted("skip")));
        assertEquals(1, r.source().skippedRows());
        assertEquals(3, r.source().skipped().get(0).line());
        assertEquals(1, r.requests().size());
    }

    @Test
    void scenarioErrors_nameTheKey(@TempDir Path dir) {
        assertEquals("t.yaml:12: workload.batching.max_wait_ms: only the static policy waits to fill a batch"
                        + " (continuous and chunked admit at every step)",
                assertThrows(InputException.class, () -> scenario(dir, """
                        workload:
                          kind: trace
                          synthetic: {requests: 1, arrivals: {process: poisson, rate_per_s: 1},
                                      input_tokens: {fixed: 8}, output_tokens: {fixed: 8}}
                          batching: {policy: continuous, max_batch: 4, max_wait_ms: 5}
                        """)).getMessage());
        assertTrue(assertThrows(InputException.class, () -> scenario(dir, """
                workload: {kind: trace, file: nowhere.csv, batching: {policy: static, max_batch: 1}}
                """)).getMessage().endsWith("nowhere.csv: trace file not found"));
        assertTrue(assertThrows(InputException.class, () -> scenario(dir, """
                workload: {kind: trace, batching: {policy: eager, max_batch: 1}}
                """)).getMessage().contains("expected exactly one of file:"));
        assertTrue(assertThrows(InputException.class, () -> scenario(dir, """
                workload:
                  kind: trace
                  synthetic: {requests: 1, arrivals: {process: poisson, rate_per_s: 1},
                              input_tokens: {fixed: 0}, output_tokens: {fixed: 8}}
                  batching: {policy: static, max_batch: 1}
                """)).getMessage().contains("workload.synthetic.input_tokens: lengths can be 0 (expected every length >= 1)"));
    }

    @Test
    void aRequestLongerThanTheKvCache_isAnInputError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("long.csv"), "arrival_s,input_tokens,output_tokens\n0,10,5\n1,5,5000000\n");
        InputException e = assertThrows(InputException.class, () -> LOADER.parse("t.yaml", dir, """
                name: t
                system: {chip: tpu-v4, topology: 2x2x1}
                model: {preset: palm-62b, weights: int8}
                workload: {kind: trace, file: long.csv, batching: {policy: continuous, max_batch: 4}}
                """));
        // named at the trace's row and column, not at the scenario's workload: line
        assertTrue(e.getMessage().contains("long.csv:3: output_tokens: the request needs 5000005 KV-cache positions"),
                e.getMessage());
    }
}
