package org.tpusim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.analytical.AnalyticalModel;
import org.tpusim.analytical.StepCost;
import org.tpusim.analytical.StepShape;
import org.tpusim.hardware.ChipParameter;
import org.tpusim.hardware.ChipSpec;
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
import org.tpusim.result.BatchResult;
import org.tpusim.result.ScenarioEcho;
import org.tpusim.scenario.ChipCatalog;
import org.tpusim.scenario.ModelCatalog;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.validation.CalibrationRegion;
import org.tpusim.workload.KvCacheBudget;
import org.tpusim.workload.StepLayouts;

/**
 * Numeric formats: int8 and fp8 matmul arithmetic (w8a8) at the chip's int8 / fp8 peak, 1-byte weights and KV
 * caches, and formats a chip lacks refused at the key that asks for them. Expected figures are written as the
 * arithmetic of peaks and bytes.
 */
class NumericFormatsTest {
    private static final ScenarioLoader LOADER = ScenarioLoader.withBundledCatalog();

    private static ChipSpec chip(String name) {
        return ChipCatalog.bundled().find(name).orElseThrow();
    }

    @Test
    void int8AndFp8PeaksAndTheirSources() {
        // scaling-book (tpus.md) chip table: int8 = 2 x bf16 on v5e, v5p and v6e; v4 int8 = its bf16 rate
        assertEquals(394e12, chip("tpu-v5e").peakInt8OpsPerSec());
        assertEquals(918e12, chip("tpu-v5p").peakInt8OpsPerSec());
        assertEquals(1836e12, chip("tpu-v6e").peakInt8OpsPerSec());
        assertEquals(chip("tpu-v4").peakFlopsPerSec(), chip("tpu-v4").peakInt8OpsPerSec());
        assertEquals(0, chip("tpu-v7").peakInt8OpsPerSec());
        // fp8: TPU7x 4614 = 2 x 2307 TFLOP/s; v5p and v6e at their bf16 rates (Google's TPU7x comparison table);
        // H100 1979 dense; none on v4 and v5e
        assertEquals(4614e12, chip("tpu-v7").peakFp8FlopsPerSec());
        assertEquals(2 * chip("tpu-v7").peakFlopsPerSec(), chip("tpu-v7").peakFp8FlopsPerSec());
        assertEquals(chip("tpu-v5p").peakFlopsPerSec(), chip("tpu-v5p").peakFp8FlopsPerSec());
        assertEquals(chip("tpu-v6e").peakFlopsPerSec(), chip("tpu-v6e").peakFp8FlopsPerSec());
        assertEquals(1979e12, chip("h100").peakFp8FlopsPerSec());
        for (String name : List.of("tpu-v4", "tpu-v5e")) {
            assertEquals(0, chip(name).peakFp8FlopsPerSec(), name);
        }
        for (String name : ChipCatalog.bundled().names()) {
            for (ChipParameter p : List.of(ChipParameter.PEAK_INT8_OPS_PER_S, ChipParameter.PEAK_FP8_FLOPS_PER_S)) {
                assertTrue(chip(name).parameters().get(p).source().length() > 40, name + "." + p.key());
            }
        }
    }

    private static Scenario scenario(String chip, String topology, String model, String workload, String extra) {
        return LOADER.parse("t.yaml", """
                name: t
                system:
                  chip: %s
                  topology: %s
                %s
                model: %s
                layout: auto
                workload: %s
                """.formatted(chip, topology, extra, model, workload));
    }

    /**
     * The analytical model: a w8a8 pass computes at the int8 peak, so its compute term is the bf16-activation
     * term x bf16 peak / int8 peak (197 / 394 on v5e); the weights are int8 in both, so loading is unchanged. On
     * TPU v4 the two peaks are equal and w8a8 gains nothing.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"tpu-v5e, 4x4, 0.5", "tpu-v6e, 4x4, 0.5", "tpu-v5p, 4x4x4, 0.5", "tpu-v4, 4x4x4, 1"})
    void analyticalComputeOfW8a8IsTheBf16ComputeTimesTheRatioOfPeaks(String chipName, String topology, double ratio) {
        String work = "{kind: batch, batch: 32, input_tokens: 2048, output_tokens: 0}";
        Scenario weightOnly = scenario(chipName, topology, "{preset: llama-3.1-8b, weights: int8}", work, "");
        Scenario w8a8 = scenario(chipName, topology, "{preset: llama-3.1-8b, weights: int8, activations: int8}", work,
                "");
        AnalyticalModel paper = BatchRunner.paperModel(weightOnly);
        MeshSplit mesh = MeshSplit.of(weightOnly.system().slice().shape());
        PhaseLayout layout = new PhaseLayout(FfnLayout.WS_2D, AttentionLayout.HEAD);
        StepShape prefill = StepShape.prefill(32, 2048, 0);
        StepCost a = paper.step(weightOnly.model().orElseThrow(), mesh, layout, prefill);
        StepCost b = paper.step(w8a8.model().orElseThrow(), mesh, layout, prefill);
        ChipSpec c = chip(chipName);
        assertEquals(ratio, c.peakFlopsPerSec() / c.peakInt8OpsPerSec());
        assertEquals(a.computeNs() * ratio, b.computeNs(), 1e-9 * a.computeNs());
        assertEquals(a.weightLoadNs(), b.weightLoadNs());
        assertEquals(a.kvLoadNs(), b.kvLoadNs());
        // compute-bound prefill (8B params x 65,536 tokens): its roofline is its compute term
        assertEquals(b.computeNs(), b.rooflineNs(), 1e-9 * b.rooflineNs());
        // 2 N B L / (n x int8 peak), N the nominal parameter count (the paper's basis)
        TransformerModel m = weightOnly.model().orElseThrow().model();
        double expected = 2.0 * m.nominalParams() * 32 * 2048 / (mesh.chips() * c.peakInt8OpsPerSec()) * 1e9;
        assertEquals(expected, b.computeNs(), 1e-9 * expected);
    }

    private static final String IDEAL_BUT_COMPUTE = """
              overrides:
                hbm_efficiency: 1
                matmul_fixed_ns: 0
                attention_fixed_ns: 0
                vector_fixed_ns: 0
                matmul_tile_elements: 1
                matmul_row_tile_elements: 1
                overlap_exponent: 64
                hop_latency_ns: 0
                collective_overhead_ns: 0
                collective_sync_ns_per_doubling: 0
                link_bandwidth_bytes_per_s: 1e15
                link_efficiency: 1
                hbm_bandwidth_bytes_per_s: 1e15
                core_hbm_bandwidth_bytes_per_s: 1e15
            """;

    private static double byOp(BatchResult r, String phase, String category) {
        return r.byOp().stream().filter(t -> t.phase().equals(phase) && t.category().equals(category))
                .mapToDouble(BatchResult.CategoryTime::timeS).sum();
    }

    /**
     * The simulation: with HBM and links made free, a prefill's matmuls are compute-bound, so at w8a8 each takes
     * its bf16-activation time x 197 / 394 on v5e (x 918 / 1836 on v6e); attention stays at the bf16 peak
     * (the KV cache is bf16 in both), so its time does not move. MFU is stated against the int8 peak.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"tpu-v5e", "tpu-v6e"})
    void simulatedW8a8MatmulsRunAtTheInt8Peak(String chipName) {
        String work = "{kind: batch, batch: 16, input_tokens: 512, output_tokens: 0}";
        BatchResult a = (BatchResult) new ScenarioRunner().run(scenario(chipName, "2x2",
                "{preset: llama-3.1-8b, weights: int8}", work, IDEAL_BUT_COMPUTE)).result();
        Scenario s = scenario(chipName, "2x2", "{preset: llama-3.1-8b, weights: int8, activations: int8}", work,
                IDEAL_BUT_COMPUTE);
        BatchResult b = (BatchResult) new ScenarioRunner().run(s).result();
        ChipSpec c = chip(chipName);
        double ratio = c.peakFlopsPerSec() / c.peakInt8OpsPerSec();
        for (String matmuls : List.of("ffn input einsum", "ffn output einsum", "qkv projection", "output projection",
                "unembedding")) {
            double bf16 = byOp(a, "prefill", matmuls);
            assertTrue(bf16 > 0, matmuls);
            assertEquals(bf16 * ratio, byOp(b, "prefill", matmuls), 1e-9 * bf16, matmuls);
        }
        assertEquals(byOp(a, "prefill", "attention"), byOp(b, "prefill", "attention"), 1e-12);
        assertTrue(b.simulated().prefillS() < 0.6 * a.simulated().prefillS());
        // MFU = 2 N tokens / (n x int8 peak x time)
        TransformerModel m = s.model().orElseThrow().model();
        double mfu = 2.0 * m.nominalParams() * 16 * 512 / (4 * c.peakInt8OpsPerSec() * b.simulated().prefillS());
        assertEquals(mfu, b.simulated().mfu().prefill(), 1e-9 * mfu);
    }

    /** An int8 or fp8 KV cache is 1 byte per element: footprint and loading halve, the trace's capacity doubles. */
    @Test
    void aOneByteKvCacheHalvesFootprintAndLoadingAndDoublesCapacity() {
        TransformerModel m = ModelCatalog.bundled().model("llama-3.1-70b");
        MeshSplit mesh = new MeshSplit(4, 4, 1);
        ModelConfig bf16 = new ModelConfig(m, DType.INT8, DType.BF16);
        ModelConfig int8 = new ModelConfig(m, DType.INT8, DType.INT8);
        ModelConfig fp8 = new ModelConfig(m, DType.INT8, DType.FP8);
        // batch-sharded, batch 32 over 16 chips: 2 sequences x 8 K/V heads x 128 x 80 layers x 2 (K and V) per token
        double perToken = 2.0 * 80 * 2 * 8 * 128;
        assertEquals(perToken * 8192 * 2, KvCacheSharding.bytesPerChip(bf16, mesh, AttentionLayout.BATCH, 32, 8192));
        assertEquals(perToken * 8192, KvCacheSharding.bytesPerChip(int8, mesh, AttentionLayout.BATCH, 32, 8192));
        assertEquals(perToken * 8192, KvCacheSharding.bytesPerChip(fp8, mesh, AttentionLayout.BATCH, 32, 8192));

        // analytical KV loading: bytes / HBM bandwidth, half with the 1-byte cache
        Scenario s = scenario("tpu-v5e", "4x4", "{preset: llama-3.1-70b, weights: int8, kv_cache_dtype: int8}",
                "{kind: batch, batch: 32, input_tokens: 0, cached_tokens: 8191, output_tokens: 1}", "");
        AnalyticalModel paper = BatchRunner.paperModel(s);
        PhaseLayout decode = new PhaseLayout(FfnLayout.WS_2D, AttentionLayout.BATCH);
        StepShape step = StepShape.decode(32, 8192);
        double kvInt8 = paper.step(int8, mesh, decode, step).kvLoadNs();
        assertEquals(perToken * 8192 / 819e9 * 1e9, kvInt8, 1e-6);
        assertEquals(2 * kvInt8, paper.step(bf16, mesh, decode, step).kvLoadNs(), 1e-6);

        // the simulated program: the decode attention reads 2 x context x Q bytes per (sequence, K/V head) plus
        // the query rows, each element one byte instead of two
        StepProgram p16 = ProgramBuilder.build(bf16, mesh, decode, step);
        StepProgram p8 = ProgramBuilder.build(int8, mesh, decode, step);
        double read16 = attentionRead(p16);
        double read8 = attentionRead(p8);
        // 2 sequences x 8 K/V heads x (2 x 8192 context + 8 query rows) x 128 x 1 B
        assertEquals(2.0 * 8 * (2 * 8192 + 8) * 128, read8);
        assertEquals(2 * read8, read16);

        // a trace's KV capacity: the budget over the bytes per position, twice the positions at one byte
        StepLayouts l16 = new StepLayouts(org.tpusim.layout.LayoutPlan.AUTO, bf16, mesh);
        StepLayouts l8 = new StepLayouts(org.tpusim.layout.LayoutPlan.AUTO, int8, mesh);
        KvCacheBudget b16 = KvCacheBudget.of(l16, chip("tpu-v5e"), 32, 512);
        KvCacheBudget b8 = KvCacheBudget.of(l8, chip("tpu-v5e"), 32, 512);
        assertEquals(b16.budgetBytesPerChip(), b8.budgetBytesPerChip());
        assertTrue(b8.tokens() == 2 * b16.tokens() || b8.tokens() == 2 * b16.tokens() + 1,
                b16.tokens() + " -> " + b8.tokens());
    }

    private static double attentionRead(StepProgram p) {
        return p.layer().ops().stream().filter(o -> o instanceof ProgramOp.Compute c && c.name().equals("attn.attention"))
                .mapToDouble(o -> ((ProgramOp.Compute) o).demand().hbmReadBytes()).sum();
    }

    @Test
    void fp8OnTpu7xRunsAtTheFp8PeakAndLeavesTheCalibratedRegion() {
        Scenario s = scenario("tpu-v7", "2x2x1",
                "{preset: llama-3.1-8b, weights: fp8, activations: fp8, kv_cache_dtype: fp8}",
                "{kind: batch, batch: 8, input_tokens: 128, output_tokens: 2}", "");
        ModelConfig m = s.model().orElseThrow();
        assertEquals(DType.FP8, m.activations());
        assertEquals(4614e12, org.tpusim.analytical.Arithmetic.matmulPeakPerSec(s.system().chip(), m));
        CalibrationRegion.Check c = CalibrationRegion.bundled().check(ScenarioEcho.of(s));
        assertFalse(c.inside());
        assertTrue(c.summary().contains("activations fp8 not in [bf16]"), c.summary());
        assertTrue(c.summary().contains("KV cache fp8 not in [bf16]"), c.summary());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        tpu-v7  | {preset: gemma-2b, weights: int8, activations: int8}  | t.yaml:6: model.activations: chip tpu-v7 has no int8 matrix arithmetic (catalog peak_int8_ops_per_s is 0), so w8a8 cannot run on it; expected bf16 or fp8
        tpu-v5e | {preset: gemma-2b, weights: fp8, activations: fp8}    | t.yaml:6: model.activations: chip tpu-v5e has no fp8 format (catalog peak_fp8_flops_per_s is 0); expected bf16 or int8
        tpu-v5e | {preset: gemma-2b, weights: fp8}                      | t.yaml:6: model.weights: chip tpu-v5e has no fp8 format
        tpu-v5e | {preset: gemma-2b, weights: int8, kv_cache_dtype: fp8} | t.yaml:6: model.kv_cache_dtype: chip tpu-v5e has no fp8 format
        tpu-v4  | {preset: gemma-2b, weights: bf16, kv_cache_dtype: fp8} | t.yaml:6: model.kv_cache_dtype: chip tpu-v4 has no fp8 format
        tpu-v5e | {preset: gemma-2b, weights: bf16, activations: int8}  | t.yaml:6: model.activations: int8 activations multiply int8 weights
        tpu-v7  | {preset: gemma-2b, weights: int8, activations: fp8}   | t.yaml:6: model.activations: fp8 activations multiply fp8 weights
        tpu-v5e | {preset: gemma-2b, weights: int4}                     | t.yaml:6: model.weights: unknown dtype 'int4' (expected one of bf16, int8, fp8)
        """)
    void aFormatTheChipLacksIsAnInputErrorNamingTheKeyAndTheChip(String chipName, String model, String expected) {
        String topology = chipName.equals("tpu-v5e") || chipName.equals("tpu-v6e") ? "2x2" : "2x2x1";
        InputException e = assertThrows(InputException.class, () -> scenario(chipName, topology, model,
                "{kind: batch, batch: 8, input_tokens: 128, output_tokens: 2}", ""));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
