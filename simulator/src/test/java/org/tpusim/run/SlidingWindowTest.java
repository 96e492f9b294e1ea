package org.tpusim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tpusim.analytical.AnalyticalModel;
import org.tpusim.analytical.StepShape;
import org.tpusim.input.InputException;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.FfnLayout;
import org.tpusim.layout.MeshSplit;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.memory.KvCacheSharding;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.TransformerModel;
import org.tpusim.program.ProgramBuilder;
import org.tpusim.program.ProgramOp;
import org.tpusim.program.StepProgram;
import org.tpusim.scenario.ModelCatalog;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;

/**
 * Sliding-window attention: a windowed layer holds and reads at most its last W positions. Gemma 2 27B windows
 * 23 of its 46 layers at W = 4096; at a context of 8192 a layer holds (23 x 8192 + 23 x 4096) / 46 = 6144
 * positions on average, 3/4 of the full cache.
 */
class SlidingWindowTest {
    private static final ScenarioLoader LOADER = ScenarioLoader.withBundledCatalog();
    private static final TransformerModel GEMMA2_27B = ModelCatalog.bundled().model("gemma-2-27b");
    private static final ModelConfig WINDOWED = new ModelConfig(GEMMA2_27B, DType.BF16, DType.BF16, 4096, DType.BF16,
            23);
    private static final ModelConfig FULL = new ModelConfig(GEMMA2_27B, DType.BF16, DType.BF16);

    @Test
    void meanPositionsAndPairsFromFirstPrinciples() {
        assertEquals(6144, WINDOWED.meanCachedPositions(8192));
        assertEquals(1000, WINDOWED.meanCachedPositions(1000));          // below the window nothing changes
        assertEquals(8192, FULL.meanCachedPositions(8192));
        // every layer windowed at W = 3: new tokens 1..5 after no history attend to 1, 2, 3, 3, 3 positions = 12
        TransformerModel tiny = ModelCatalog.bundled().model("gemma-2b");
        ModelConfig all = new ModelConfig(tiny, DType.BF16, DType.BF16, 3);
        assertEquals(12, all.meanAttendedPairs(0, 5));
        // after 2 cached tokens at W = 4: 3 new tokens attend to min(3, 4) + min(4, 4) + min(5, 4) = 11
        assertEquals(11, new ModelConfig(tiny, DType.BF16, DType.BF16, 4).meanAttendedPairs(2, 3));
        // ...of which the cached ones: 11 - (1 + 2 + 3) = 5 = min(2, 3) + min(2, 2) + min(2, 1); at most W - 1 read
        assertEquals(5, new ModelConfig(tiny, DType.BF16, DType.BF16, 4).meanAttendedPairs(2, 3)
                - new ModelConfig(tiny, DType.BF16, DType.BF16, 4).meanAttendedPairs(0, 3));
        assertEquals(3, new ModelConfig(tiny, DType.BF16, DType.BF16, 4).meanHistoryPositionsRead(10));
        // without a window: n h + n (n + 1) / 2
        assertEquals(3 * 2 + 6, new ModelConfig(tiny, DType.BF16, DType.BF16).meanAttendedPairs(2, 3));
    }

    @Test
    void kvFootprintAndLoadingStopAtTheWindowOnTheWindowedLayers() {
        MeshSplit mesh = new MeshSplit(4, 4, 1);
        // batch-sharded, batch 16 over 16 chips: 1 sequence x 16 K/V heads x 128 x 46 layers x 2 x 2 B per position
        double perPosition = 2.0 * 46 * 16 * 128 * 2;
        assertEquals(perPosition * 6144, KvCacheSharding.bytesPerChip(WINDOWED, mesh, AttentionLayout.BATCH, 16, 8192));
        assertEquals(perPosition * 8192, KvCacheSharding.bytesPerChip(FULL, mesh, AttentionLayout.BATCH, 16, 8192));
        // the longest context is the inverse: a budget of 6144 mean positions is a context of 8192
        assertEquals(8192, KvCacheSharding.maxContextTokens(WINDOWED, mesh, AttentionLayout.BATCH, 16,
                perPosition * 6144));
        assertEquals(3000, KvCacheSharding.maxContextTokens(WINDOWED, mesh, AttentionLayout.BATCH, 16,
                perPosition * 3000));
        // every layer windowed: any context fits once W positions do
        ModelConfig mistralLike = new ModelConfig(GEMMA2_27B, DType.BF16, DType.BF16, 4096);
        assertEquals(Long.MAX_VALUE, KvCacheSharding.maxContextTokens(mistralLike, mesh, AttentionLayout.BATCH, 16,
                perPosition * 5000));

        // analytical KV loading follows the bytes: 3/4 at 8192
        Scenario s = LOADER.parse("t.yaml", """
                name: t
                system: {chip: tpu-v5e, topology: 4x4}
                model: {preset: gemma-2-27b, weights: int8}
                workload: {kind: batch, batch: 16, input_tokens: 0, cached_tokens: 8191, output_tokens: 1}
                """);
        assertEquals(4096, s.model().orElseThrow().slidingWindowTokens());
        assertEquals(23, s.model().orElseThrow().slidingWindowLayers());
        AnalyticalModel paper = BatchRunner.paperModel(s);
        PhaseLayout decode = new PhaseLayout(FfnLayout.WS_2D, AttentionLayout.BATCH);
        StepShape step = StepShape.decode(16, 8192);
        double windowed = paper.step(WINDOWED, mesh, decode, step).kvLoadNs();
        assertEquals(perPosition * 6144 / 819e9 * 1e9, windowed, 1e-6);
        assertEquals(0.75 * paper.step(FULL, mesh, decode, step).kvLoadNs(), windowed, 1e-6);

        // the simulated program's decode attention reads 2 x 6144 mean positions x Q per K/V head, plus the
        // 2 query rows per K/V head: 1 sequence x 16 K/V heads x (2 x 6144 + 2) x 128 x 2 B
        double read = attentionRead(ProgramBuilder.build(WINDOWED, mesh, decode, step));
        assertEquals(16.0 * (2 * 6144 + 2) * 128 * 2, read);
        assertEquals(16.0 * (2 * 8192 + 2) * 128 * 2, attentionRead(ProgramBuilder.build(FULL, mesh, decode, step)));
    }

    @Test
    void prefillPastTheWindowCountsFewerPairsAndReadsAtMostTheWindowOfHistory() {
        MeshSplit mesh = new MeshSplit(4, 4, 1);
        PhaseLayout prefill = new PhaseLayout(FfnLayout.WS_2D, AttentionLayout.BATCH);
        // 8192 new tokens after 8192 cached: windowed layers see 4096 positions per token, global ones h + i
        StepShape step = StepShape.prefill(16, 8192, 8192);
        ProgramOp.Compute causal = op(ProgramBuilder.build(WINDOWED, mesh, prefill, step), "attn.attention");
        ProgramOp.Compute causalFull = op(ProgramBuilder.build(FULL, mesh, prefill, step), "attn.attention");
        double fullPairs = 8192 * 8193 / 2.0;
        double windowPairs = 4096 * 4097 / 2.0 + 4096.0 * 4096;
        assertEquals(causalFull.demand().flops() * (fullPairs + windowPairs) / 2 / fullPairs, causal.demand().flops(),
                1e-6 * causal.demand().flops());
        assertEquals(causalFull.demand().hbmReadBytes(), causal.demand().hbmReadBytes());
        ProgramOp.Compute history = op(ProgramBuilder.build(WINDOWED, mesh, prefill, step), "attn.attention.history");
        ProgramOp.Compute historyFull = op(ProgramBuilder.build(FULL, mesh, prefill, step),
                "attn.attention.history");
        // windowed layers: the first new token reaches back 4095 cached positions, token i 4096 - i; pairs
        // sum_{i=1}^{4095} (4096 - i) = 4095 x 4096 / 2; global layers all 8192 x 8192
        double historyPairs = (8192.0 * 8192 + 4095.0 * 4096 / 2) / 2;
        assertEquals(historyFull.demand().flops() * historyPairs / (8192.0 * 8192), history.demand().flops(),
                1e-6 * history.demand().flops());
        // K and V of (8192 + 4095) / 2 mean cached positions, plus the queries (2 per K/V head per new token), for
        // 1 sequence x 16 K/V heads x 128 x 2 B
        assertEquals(16.0 * (2 * 6143.5 + 2 * 8192) * 128 * 2, history.demand().hbmReadBytes());
        assertEquals(16.0 * (2 * 8192 + 2 * 8192) * 128 * 2, historyFull.demand().hbmReadBytes());
    }

    @Test
    void aScenarioMayTurnTheWindowOffOrSetItsLayers() {
        Scenario off = LOADER.parse("t.yaml", """
                name: t
                system: {chip: tpu-v5e, topology: 4x4}
                model: {preset: gemma-2-27b, weights: int8, sliding_window: 0}
                workload: {kind: batch, batch: 16, input_tokens: 0, cached_tokens: 8191, output_tokens: 1}
                """);
        assertEquals(0, off.model().orElseThrow().slidingWindowLayers());
        Scenario every = LOADER.parse("t.yaml", """
                name: t
                system: {chip: tpu-v5e, topology: 4x4}
                model: {preset: llama-3.1-8b, weights: int8, sliding_window: 4096}
                workload: {kind: batch, batch: 16, input_tokens: 0, cached_tokens: 8191, output_tokens: 1}
                """);
        assertEquals(32, every.model().orElseThrow().slidingWindowLayers());
        InputException e = assertThrows(InputException.class, () -> LOADER.parse("t.yaml", """
                name: t
                system: {chip: tpu-v5e, topology: 4x4}
                model: {preset: llama-3.1-8b, weights: int8, sliding_window: 4096, sliding_window_layers: 33}
                workload: {kind: batch, batch: 16, input_tokens: 0, cached_tokens: 8191, output_tokens: 1}
                """));
        assertTrue(e.getMessage().startsWith("t.yaml:3: model.sliding_window_layers: expected a number of layers from 1 "
                + "to the model's 32, found '33'"), e.getMessage());
    }

    /**
     * A trace reserves what the layers hold: one request of 5000 + 4 tokens reserves (23 x 5004 + 23 x 4096) / 46 =
     * 4550 positions with Gemma 2 27B's window, 5004 without it.
     */
    @Test
    void aTraceReservesTheWindowedPositions() {
        String yaml = """
                name: t
                system: {chip: tpu-v6e, topology: 4x4}
                model: {preset: gemma-2-27b, weights: int8%s}
                workload:
                  kind: trace
                  synthetic: {requests: 1, seed: 1, arrivals: {process: poisson, rate_per_s: 1},
                              input_tokens: {fixed: 5000}, output_tokens: {fixed: 4}}
                  batching: {policy: continuous, max_batch: 4}
                """;
        org.tpusim.result.TraceResult windowed = (org.tpusim.result.TraceResult) new ScenarioRunner()
                .run(LOADER.parse("t.yaml", yaml.formatted(""))).result();
        org.tpusim.result.TraceResult full = (org.tpusim.result.TraceResult) new ScenarioRunner()
                .run(LOADER.parse("t.yaml", yaml.formatted(", sliding_window: 0"))).result();
        assertEquals(4550, windowed.kvCache().peakReservedTokens());
        assertEquals(5004, full.kvCache().peakReservedTokens());
        assertEquals(full.kvCache().capacityTokens(), windowed.kvCache().capacityTokens());
    }

    private static double attentionRead(StepProgram p) {
        return op(p, "attn.attention").demand().hbmReadBytes();
    }

    private static ProgramOp.Compute op(StepProgram p, String name) {
        return p.layer().ops().stream().filter(o -> o instanceof ProgramOp.Compute c && c.name().equals(name))
                .map(ProgramOp.Compute.class::cast).findFirst().orElseThrow();
    }
}
