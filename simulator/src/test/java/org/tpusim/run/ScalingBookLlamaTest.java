package org.tpusim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.analytical.AnalyticalModel;
import org.tpusim.analytical.StepCost;
import org.tpusim.analytical.StepShape;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.FfnLayout;
import org.tpusim.layout.MeshSplit;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.model.ModelConfig;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;

/**
 * The jax-ml scaling-book's worked Llama 3 70B examples on TPU v5e (applied-inference.md, "Serving LLaMA 3-70B"):
 * roofline predictions, not measurements, used here to check the analytical model's arithmetic. The book rounds
 * its inputs (70e9 parameters, 160e3 B of int8 KV per token, 8.1e11 B/s of HBM per chip); tpusim's are the preset's
 * 70.6e9 nominal parameters, 2 x 80 layers x 8 K/V heads x 128 x 1 B = 163,840 B per token and the data sheet's
 * 819e9 B/s, so the figures agree to the rounding of those inputs (below 1%).
 */
class ScalingBookLlamaTest {
    private static final ScenarioLoader LOADER = ScenarioLoader.withBundledCatalog();

    private static Scenario scenario(String topology, String model) {
        return LOADER.parse("t.yaml", """
                name: t
                system: {chip: tpu-v5e, topology: %s}
                model: %s
                layout: {prefill: auto, decode: {ffn: ws-2d, attention: batch}}
                workload: {kind: batch, batch: 32, input_tokens: 0, cached_tokens: 8184, output_tokens: 8}
                """.formatted(topology, model));
    }

    /**
     * "Serve L3 70B at batch size 32 and 8192 sequence length with everything (params and KVs) in int8": on a 4x2
     * the step is memory-bound, (KV + params) / (8 x HBM bandwidth) = 112e9 / (8 x 8.1e11) = 17 ms in the book; on a
     * 4x4 half that, 8.5 ms. tpusim's paper model: (70.6e9 + 32 x 8192 x 163,840) / (n x 819e9).
     */
    @ParameterizedTest(name = "{0}: book {2} ms")
    @CsvSource({"4x2, 8, 17.28", "4x4, 16, 8.64"})
    void int8Batch32At8kIsMemoryBoundAsTheBookSays(String topology, int chips, double bookMs) {
        Scenario s = scenario(topology, "{preset: llama-3.1-70b, weights: int8, kv_cache_dtype: int8}");
        ModelConfig m = s.model().orElseThrow();
        AnalyticalModel paper = BatchRunner.paperModel(s);
        MeshSplit mesh = MeshSplit.of(s.system().slice().shape());
        StepCost c = paper.step(m, mesh, new PhaseLayout(FfnLayout.WS_2D, AttentionLayout.BATCH),
                StepShape.decode(32, 8192));
        double kvPerToken = 2.0 * 80 * 8 * 128;
        assertEquals(163_840, kvPerToken);
        double expectedNs = (m.model().nominalParams() + 32 * 8192 * kvPerToken) / (chips * 819e9) * 1e9;
        assertEquals(expectedNs, c.weightLoadNs() + c.kvLoadNs(), 1e-6 * expectedNs);
        assertEquals(expectedNs, c.rooflineNs(), 1e-6 * expectedNs);      // memory-bound: compute is below it
        assertTrue(c.computeNs() < 0.2 * c.rooflineNs());
        // the book's 112e9 / (n x 8.1e11), to the rounding of its inputs
        assertEquals(112e9 / (chips * 8.1e11) * 1e3, bookMs, 0.01);
        assertEquals(bookMs, c.rooflineNs() / 1e6, 0.01 * bookMs);
    }

    /**
     * "On TPU v5e ... how large do our batch sizes need to be for us to be compute-bound in our matmuls?" bf16:
     * 2BDF / 2DF >= 1.97e14 / 8.1e11 = 240; int8 weights with bf16 FLOPs: 120; int8 weights and int8 FLOPs: 240
     * again (3.94e14). In the analytical model the crossover is where 2 N B / (n x peak) passes N x bytes / (n x
     * HBM): B* = peak x bytes / (2 x HBM) = 240.5, 120.3 and 240.5 with 819e9 B/s.
     */
    @ParameterizedTest(name = "{0}: compute-bound above {1}")
    @CsvSource(delimiter = '|', textBlock = """
        {preset: llama-3.1-70b, weights: bf16}                    | 240
        {preset: llama-3.1-70b, weights: int8}                    | 120
        {preset: llama-3.1-70b, weights: int8, activations: int8} | 240
        """)
    void criticalBatchSizesAreTheBooks(String model, int critical) {
        Scenario s = scenario("4x4", model);
        ModelConfig m = s.model().orElseThrow();
        AnalyticalModel paper = BatchRunner.paperModel(s);
        MeshSplit mesh = MeshSplit.of(s.system().slice().shape());
        PhaseLayout layout = new PhaseLayout(FfnLayout.WS_2D, AttentionLayout.BATCH);
        StepCost below = paper.step(m, mesh, layout, StepShape.decode(critical, 1));
        StepCost above = paper.step(m, mesh, layout, StepShape.decode(critical + 1, 1));
        assertTrue(below.computeNs() < below.weightLoadNs(), "batch " + critical);
        assertTrue(above.computeNs() > above.weightLoadNs(), "batch " + (critical + 1));
    }
}
