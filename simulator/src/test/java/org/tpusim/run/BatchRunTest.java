package org.tpusim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tpusim.model.TransformerModel;
import org.tpusim.result.BatchResult;
import org.tpusim.input.InputException;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;

/** Batch runs end to end on the real engine: agreement where it must hold, and the paper's qualitative findings. */
class BatchRunTest {
    private static final ScenarioLoader LOADER = ScenarioLoader.withBundledCatalog();

    /** A chip without the inefficiencies: full peak and bandwidth, no fixed costs, no tile padding, roofline max. */
    private static final String IDEAL_CHIP = """
              overrides:
                compute_efficiency: 1
                hbm_efficiency: 1
                matmul_fixed_ns: 0
                attention_fixed_ns: 0
                vector_fixed_ns: 0
                matmul_tile_elements: 1
                matmul_row_tile_elements: 1
                matmul_weight_load_rows: 0
                attention_score_bytes: 0
                overlap_exponent: 64
                hop_latency_ns: 0
                collective_overhead_ns: 0
            """;

    static Scenario scenario(String yaml) {
        return LOADER.parse("t.yaml", yaml);
    }

    static BatchResult run(String yaml) {
        return (BatchResult) new ScenarioRunner().run(scenario(yaml)).result();
    }

    /** PaLM 62B's layer dimensions, 2 layers: big enough that vector ops are a few percent of a layer. */
    private static final String SMALL_MODEL = """
            model:
              layers: 2
              d_model: 8192
              d_ff: 32768
              heads: 32
              d_head: 256
              kv_heads: 1
              ffn_matrices: 3
              parallel_block: true
              vocab: 256000
              weights: %s
            """;

    @Test
    void aComputeBoundPrefillOnOneChipTakesItsFlopsAtPeak() {
        BatchResult r = run("""
                name: one-chip-prefill
                system:
                  chip: tpu-v4
                  topology: 1x1x1
                %s
                %s
                workload: {kind: batch, batch: 8, input_tokens: 512, output_tokens: 0}
                """.formatted(IDEAL_CHIP, SMALL_MODEL.formatted("bf16")));
        TransformerModel m = scenario("""
                name: x
                system: {chip: tpu-v4, topology: 1x1x1}
                %s
                workload: {kind: batch, batch: 1, input_tokens: 1}
                """.formatted(SMALL_MODEL.formatted("bf16"))).model().orElseThrow().model();
        // the layers' matmul FLOPs (2 x non-embedding parameters x tokens) at peak; the unembedding of the
        // last position of 8 sequences is weight-load bound: its vocab x d_model bf16 table at 1.2e12 B/s
        double tokens = 8 * 512;
        double layers = 2.0 * m.paramsPerLayer() * m.layers() * tokens / 275e12;
        double unembedding = Math.max(2.0 * m.dModel() * m.vocab() * 8 / 275e12, 2.0 * m.dModel() * m.vocab() / 1.2e12);
        double expected = layers + unembedding;
        double ratio = r.simulated().prefillS() / expected;
        // what remains on top is what the paper's compute time leaves out: attention FLOPs and the
        // HBM-bound layernorm, activation and residual ops (a few percent at these dimensions)
        assertTrue(ratio >= 1.0 && ratio < 1.05, "simulated / FLOPs-at-peak = " + ratio);
    }

    @Test
    void aBatchOneDecodeOnOneChipIsTheTimeToLoadItsWeights() {
        BatchResult r = run("""
                name: one-chip-decode
                system:
                  chip: tpu-v4
                  topology: 1x1x1
                %s
                %s
                workload: {kind: batch, batch: 1, cached_tokens: 128, output_tokens: 4}
                """.formatted(IDEAL_CHIP, SMALL_MODEL.formatted("int8")));
        TransformerModel m = scenario("""
                name: x
                system: {chip: tpu-v4, topology: 1x1x1}
                %s
                workload: {kind: batch, batch: 1, input_tokens: 1}
                """.formatted(SMALL_MODEL.formatted("int8"))).model().orElseThrow().model();
        // every weight byte (int8: 1 B) read once per step from HBM at 1.2e12 B/s; the unembedding reads
        // the vocab x d_model table
        double weights = (double) m.paramsPerLayer() * m.layers() + (double) m.dModel() * m.vocab();
        double expectedMs = weights / 1.2e12 * 1e3;
        double ratio = r.simulated().decodePerTokenMs() / expectedMs;
        // the rest: the KV cache (2 x 128 x 256 x 2 B per layer), activations and vector ops, all under 3%
        assertTrue(ratio >= 1.0 && ratio < 1.03, "simulated / weight loading = " + ratio);
    }

    /**
     * A weight-gathered decode over xyz at one sequence per chip is bound by its weight gathers, and under the
     * calibrated flat ring they move every weight of the layer over one link each way per chip: the simulated step
     * is layers x (W_in + W_QKV + W_out + W_O bytes) x (K-1)/K / (2 x 45 GB/s x 0.6). This is why a PaLM 540B wg-xyz
     * decode simulates about 8.8x its analytical figure, which counts the paper's 2·E·F weights at 6 x 45 GB/s.
     */
    @Test
    void aWeightGatheredDecodeOverXyzMovesEveryWeightOfTheLayerOverOneRing() {
        BatchResult r = run("""
                name: wg-xyz-decode
                system:
                  chip: tpu-v4
                  topology: 4x4x4
                %s
                    collective_sync_ns_per_doubling: 0
                %s
                layout: {decode: {ffn: wg-xyz, attention: batch}}
                workload: {kind: batch, batch: 64, cached_tokens: 128, output_tokens: 1}
                """.formatted(IDEAL_CHIP, SMALL_MODEL.formatted("int8")));
        // SMALL_MODEL, int8 (1 B per weight): W_in is E x 2F (SwiGLU), W_QKV E x (H + 2 Hkv) x Q, W_out F x E,
        // W_O H x Q x E
        double e = 8192;
        double in = e * (2 * 32768 + (32 + 2) * 256);
        double out = e * (32768 + 32 * 256);
        int k = 64;
        double ringBytesPerSec = 2 * 45e9 * 0.6;   // one link each way per chip, at the payload rate
        double gathers = (in + out) * (k - 1) / k / ringBytesPerSec;
        // what cannot overlap a layer's gathers: the input matmul's last chunk (1/8 of the gathered W_in + W_QKV)
        // and the whole output matmul, which waits for the activation, read from HBM at 1.2e12 B/s
        double after = (in / 8 + out) / 1.2e12;
        double expected = 2 * (gathers + after);
        double ratio = r.simulated().decodeS() / expected;
        // on top: activation, attention, the unembedding and the embedding: 0.1%; a per-axis (6-link)
        // gather would be about 3x faster
        assertTrue(ratio >= 1.0 && ratio < 1.005, "simulated / weights over one ring = " + ratio + " ("
                + r.simulated().decodeS() + " s against " + expected + " s)");
    }

    private static String palm540b(String weights, String layout, String workload) {
        return """
                name: palm
                system: {chip: tpu-v4, topology: 4x4x4}
                model: {preset: palm-540b, pad_heads_to: 64, weights: %s}
                layout: %s
                workload: %s
                """.formatted(weights, layout, workload);
    }

    private static final String DECODE_B64 = "{kind: batch, batch: 64, cached_tokens: 2048, output_tokens: 2}";

    @Test
    void twoDimensionalWeightStationaryBeatsOneDimensionalForDecodeOn64Chips() {
        double ws2d = run(palm540b("int8", "{decode: {ffn: ws-2d, attention: batch}}", DECODE_B64)).simulated()
                .decodePerTokenMs();
        double ws1d = run(palm540b("int8", "{decode: {ffn: ws-1d, attention: batch}}", DECODE_B64)).simulated()
                .decodePerTokenMs();
        assertTrue(ws2d < ws1d, "2D " + ws2d + " ms vs 1D " + ws1d + " ms");
    }

    @Test
    void int8WeightsCutLowBatchDecodeLatency() {
        String layout = "{decode: {ffn: ws-2d, attention: batch}}";
        double int8 = run(palm540b("int8", layout, DECODE_B64)).simulated().decodePerTokenMs();
        double bf16 = run(palm540b("bf16", layout, DECODE_B64)).simulated().decodePerTokenMs();
        assertTrue(int8 < 0.9 * bf16, "int8 " + int8 + " ms vs bf16 " + bf16 + " ms");
    }

    @Test
    void int8WeightsDoNotCutHighBatchCost() {
        // at batch 512 decode is compute- and communication-bound: halving the weight bytes saves little (paper
        // sec. 3.6: int8 helps low-batch latency, not high-batch cost)
        String layout = "{decode: {ffn: ws-2d, attention: batch}}";
        String b512 = "{kind: batch, batch: 512, cached_tokens: 2048, output_tokens: 2}";
        double int8 = run(palm540b("int8", layout, b512)).simulated().costChipMsPerToken().decode();
        double bf16 = run(palm540b("bf16", layout, b512)).simulated().costChipMsPerToken().decode();
        assertTrue(int8 > 0.95 * bf16 && int8 <= bf16, "int8 " + int8 + " vs bf16 " + bf16 + " chip-ms/token");
    }

    @Test
    void weightGatheredBeatsWeightStationaryForBatch512Prefill() {
        String prefill = "{kind: batch, batch: 512, input_tokens: 2048, output_tokens: 0}";
        double wg = run(palm540b("bf16", "{prefill: {ffn: wg-xyz, attention: batch}}", prefill)).simulated().prefillS();
        // (head-sharded multiquery attention would not fit: every chip would hold the whole KV cache)
        double ws = run(palm540b("bf16", "{prefill: {ffn: ws-2d, attention: batch}}", prefill)).simulated().prefillS();
        assertTrue(wg < ws, "WG " + wg + " s vs WS " + ws + " s");
    }

    @Test
    void theFastPathMatchesFullDetailWithinOnePercent() {
        String yaml = """
                name: small
                system: {chip: tpu-v4, topology: 4x4x1}
                simulation: {detail: %s}
                model: {preset: palm-8b, weights: bf16}
                layout: {prefill: {ffn: ws-2d, attention: head}, decode: {ffn: ws-2d, attention: batch}}
                workload: {kind: batch, batch: 16, input_tokens: 64, output_tokens: 3}
                """;
        BatchResult fast = run(yaml.formatted("fast"));
        BatchResult full = run(yaml.formatted("full"));
        assertEquals(full.simulated().prefillS(), fast.simulated().prefillS(), 0.01 * full.simulated().prefillS());
        assertEquals(full.simulated().decodeS(), fast.simulated().decodeS(), 0.01 * full.simulated().decodeS());
    }

    @Test
    void aModelThatDoesNotFitIsRejectedWithTheNumbers() {
        InputException e = assertThrows(InputException.class, () -> scenario("""
                name: too-big
                system: {chip: tpu-v4, topology: 2x2x1}
                model: {preset: palm-540b, weights: bf16}
                workload: {kind: batch, batch: 1, input_tokens: 16}
                """));
        assertTrue(e.getMessage().startsWith("t.yaml:4: workload: does not fit in HBM"), e.getMessage());
        assertTrue(e.getMessage().contains("GiB"), e.getMessage());
    }

    @Test
    void anInfeasibleLayoutIsRejectedWithTheReason() {
        InputException e = assertThrows(InputException.class, () -> scenario(palm540b("int8",
                "{decode: {ffn: ws-2d, attention: batch}}", "{kind: batch, batch: 3, cached_tokens: 16, output_tokens: 1}")));
        assertTrue(e.getMessage().contains("decode layout"), e.getMessage());
    }

    @Test
    void theExecutionBlockSetsOverlapAndMultiAxisDecomposition() {
        String yaml = """
                name: exec
                system: {chip: tpu-v4, topology: 4x4x4}
                model: {preset: palm-8b, weights: bf16}
                execution:
                  overlap: async
                  multi_axis: %s
                workload: {kind: batch, batch: 4, input_tokens: 16}
                """;
        assertEquals(new Scenario.Execution(org.tpusim.execution.Overlap.ASYNC,
                org.tpusim.collective.MultiAxis.FLAT_RING), scenario(yaml.formatted("flat-ring")).execution());
        assertEquals(Scenario.Execution.DEFAULT, scenario("""
                name: exec
                system: {chip: tpu-v4, topology: 4x4x4}
                model: {preset: palm-8b, weights: bf16}
                workload: {kind: batch, batch: 4, input_tokens: 16}
                """).execution());
        InputException e = assertThrows(InputException.class, () -> scenario(yaml.formatted("diagonal")));
        assertEquals("t.yaml:6: execution.multi_axis: unknown multi_axis 'diagonal' (expected one of concurrent, "
                + "sequential, flat-ring)", e.getMessage());
    }

    @Test
    void aBatchWorkloadNeedsAModel() {
        InputException e = assertThrows(InputException.class, () -> scenario("""
                name: no-model
                system: {chip: tpu-v4, topology: 4x4x4}
                workload: {kind: batch, batch: 1, input_tokens: 16}
                """));
        assertTrue(e.getMessage().contains("needs a model"), e.getMessage());
    }

    @Test
    void mfuAndCostFollowTheirDefinitions() {
        BatchResult r = run(palm540b("int8", "{decode: {ffn: ws-2d, attention: batch}}", DECODE_B64));
        // MFU = 2 N tokens / (chips x peak x time), N = 540e9; cost = chips x time / tokens
        double t = r.simulated().decodeS();
        assertEquals(2 * 540e9 * 64 * 2 / (64 * 275e12 * t), r.simulated().mfu().decode(), 1e-9);
        assertEquals(64 * t * 1e3 / (64 * 2), r.simulated().costChipMsPerToken().decode(), 1e-9);
        assertEquals(t * 1e3 / 2, r.simulated().decodePerTokenMs(), 1e-9);
    }
}
