package org.tpusim.analytical;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.FfnLayout;
import org.tpusim.layout.MeshSplit;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.Phase;
import org.tpusim.model.TransformerModel;
import org.tpusim.scenario.ChipCatalog;
import org.tpusim.scenario.ModelCatalog;

class AnalyticalModelTest {
    private static final ChipSpec V4 = ChipCatalog.bundled().find("tpu-v4").orElseThrow();
    /** Pope et al. sec. 4: 270 GB/s interconnect per chip (= 6 links x 45 GB/s). */
    private static final double NETWORK_BYTES_PER_SEC = 270e9;
    private static final MeshSplit CUBE = new MeshSplit(4, 4, 4);
    private static final TransformerModel PALM64 = ModelCatalog.bundled().model("palm-540b").withPaddedHeads(64);
    private static final AnalyticalModel PAPER = new AnalyticalModel(V4, NETWORK_BYTES_PER_SEC, CostOptions.PAPER);

    /**
     * Digest sec. 6 roofline table (PaLM 540B, 64 chips, context 2048, bf16 MQA KV batch- or head-sharded),
     * in ms, to the digits given (tolerance half a unit of the last digit). By hand:
     * B1 prefill int8: compute 2 x 540e9 x 2048 / (64 x 275e12) = 125.67 ms; comm 2 x 2048 x 9216 x 2 B
     *   / 270e9 x 118 = 32.99 ms -> 158.66.
     * B64 decode int8: weights 540e9 / 64 / 1.2e12 = 7.031 ms; KV 1 seq x 2048 x 118 x 1024 B / 1.2e12 = 0.206;
     *   comm 2 x 64 x 9216 x 2 / 270e9 x 118 = 1.031 -> 7.237 and 8.268.
     * B512 prefill bf16 wg-xyz: compute 64.34 s; comm 2 x 18432 x 73728 x 2 B / 270e9 x 118 = 2.376 s -> 66.72 s.
     * B512 decode bf16: compute 31.42 ms; comm 2 x 512 x 9216 x 2 / 270e9 x 118 = 8.248 -> 39.67.
     */
    @ParameterizedTest(name = "{0} B{1} {3}: roofline {6} ms, + comm {7} ms")
    @CsvSource({
            "PREFILL, 1,   2048, INT8, WS_2D,  HEAD,  125.7,   158.7,   0.05",
            "DECODE,  64,  2048, INT8, WS_2D,  BATCH, 7.24,    8.27,    0.005",
            "PREFILL, 512, 2048, BF16, WG_XYZ, BATCH, 64300,   66700,   50",
            "DECODE,  512, 2048, BF16, WS_2D,  BATCH, 31.4,    39.7,    0.05",
    })
    void rooflineTable(Phase phase, int batch, long context, DType weights, FfnLayout ffn, AttentionLayout attention,
            double rooflineMs, double withCommMs, double tolerance) {
        StepShape shape = phase == Phase.PREFILL ? StepShape.prefill(batch, context, 0) : StepShape.decode(batch, context);
        StepCost c = PAPER.step(new ModelConfig(PALM64, weights, DType.BF16), CUBE, new PhaseLayout(ffn, attention), shape);
        assertEquals(rooflineMs, c.rooflineNs() / 1e6, tolerance);
        assertEquals(withCommMs, c.rooflineWithCommunicationNs() / 1e6, tolerance);
    }

    @Test
    void decodeB64Int8_partsByHand() {
        // weights 540e9 x 1 B / 64 / 1.2e12 = 7,031,250 ns; KV 247,463,936 B / 1.2e12 = 206,219.9 ns;
        // compute 2 x 540e9 x 64 / (64 x 275e12) = 3,927,272.7 ns; comm 2,359,296 B x 118 / 270e9 = 278,396,928 / 270 = 1,031,099.73 ns
        StepCost c = PAPER.step(new ModelConfig(PALM64, DType.INT8, DType.BF16), CUBE,
                new PhaseLayout(FfnLayout.WS_2D, AttentionLayout.BATCH), StepShape.decode(64, 2048));
        assertEquals(7_031_250, c.weightLoadNs(), 1e-3);
        assertEquals(206_219.95, c.kvLoadNs(), 0.01);
        assertEquals(3_927_272.73, c.computeNs(), 0.01);
        assertEquals(1_031_099.73, c.ffnCommunicationNs(), 0.01);
        assertEquals(3_927_272.73 + 7_031_250 + 206_219.95 + 1_031_099.73, c.noOverlapNs(), 0.05);
        // under the paper's options compute time is the ideal time: MFU at the compute time is 1
        assertEquals(1.0, c.mfu(c.computeNs()), 1e-12);
    }

    @Test
    void physicalOptions_countExactParametersAndAttention() {
        // toy: 1 layer, E 64, F 256, 2 heads x 32, multihead, plain FFN, no vocab, nominal 1000 parameters.
        // exact = 4 x 64 x 64 + 2 x 64 x 256 = 49,152. Prefill B2 L4 after 6 cached: positions 4 x 6 + 4 x 5 / 2 = 34;
        // attention 4 x 1 x 2 x 32 x 2 x 34 = 17,408 FLOPs; matmuls 2 x 49,152 x 8 = 786,432; total 803,840.
        // On 1 chip at peak 275e12: 803,840 / 275e12 s = 2.923 ns. Ideal (nominal): 2 x 1000 x 8 / 275e12 s = 0.0582 ns.
        TransformerModel toy = TransformerModel.unpadded("toy", 1, 64, 256, 2, 32, 2, 2, false, 0, true, 1000);
        AnalyticalModel physical = new AnalyticalModel(V4, NETWORK_BYTES_PER_SEC, CostOptions.PHYSICAL);
        StepCost c = physical.step(new ModelConfig(toy, DType.BF16, DType.BF16), new MeshSplit(1, 1, 1),
                new PhaseLayout(FfnLayout.WS_2D, AttentionLayout.HEAD), StepShape.prefill(2, 4, 6));
        assertEquals(803_840 / 275e12 * 1e9, c.computeNs(), 1e-9);
        assertEquals(16_000 / 275e12 * 1e9, c.idealNs(), 1e-12);
        assertEquals(0, c.ffnCommunicationNs());  // one chip: no collectives
        // weights 49,152 x 2 B / 1.2e12 = 81.92 ns; KV 2 x 1 x 2 seqs x 10 x 2 heads x 32 x 2 B = 5,120 B -> 4.267 ns
        assertEquals(81.92, c.weightLoadNs(), 1e-9);
        assertEquals(5120 / 1.2e12 * 1e9, c.kvLoadNs(), 1e-9);
    }

    @Test
    void physicalWg_gathersAllThreeSwigluMatrices() {
        // PaLM wg-xyz, bf16: 3 x 18432 x 73728 x 2 B = 8,153,726,976 B per layer / 270e9 x 118 = 3.5635 s vs 2.3757 s
        ModelConfig c = new ModelConfig(PALM64, DType.BF16, DType.BF16);
        PhaseLayout wg = new PhaseLayout(FfnLayout.WG_XYZ, AttentionLayout.BATCH);
        StepShape s = StepShape.prefill(512, 2048, 0);
        double physical = new AnalyticalModel(V4, NETWORK_BYTES_PER_SEC, CostOptions.PHYSICAL).step(c, CUBE, wg, s)
                .ffnCommunicationNs();
        assertEquals(8_153_726_976.0 / 270e9 * 118 * 1e9, physical, 1);
        assertEquals(2.0 / 3 * physical, PAPER.step(c, CUBE, wg, s).ffnCommunicationNs(), 1);
    }
}
