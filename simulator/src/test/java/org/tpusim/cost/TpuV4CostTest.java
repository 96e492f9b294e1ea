package org.tpusim.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.scenario.ChipCatalog;

/** Sanity of the cost model with the catalog's tpu-v4 defaults (values read from the catalog, not copied). */
class TpuV4CostTest {
    private final ChipSpec v4 = ChipCatalog.bundled().find("tpu-v4").orElseThrow();
    private final ChipCostModel model = new ChipCostModel(v4);

    @Test
    void largeMatmul_approachesTheEfficiencyCeiling() {
        // 8192^3 bf16: 2*8192^3 = 1.0995e12 FLOP at compute_efficiency * 275e12, each weight tile taking
        // 8192 + matmul_weight_load_rows row steps (8192 / 8224 = 0.996 of the rate at 32); its 3 * 8192^2 * 2 B
        // = 403 MB take 0.38 ms at 0.88 * 1.2e12, so overlap adds (1 + 0.08^4)^(1/4) - 1 = 1e-5 and the fixed cost
        // 250 ns
        double flops = 2.0 * 8192 * 8192 * 8192;
        OpTime t = model.time(OpDemand.matmul("mm", 8192, 8192, 8192, 2, 2));
        double achieved = flops / (t.totalNs() * 1e-9);
        double ceiling = v4.computeEfficiency() * v4.peakFlopsPerSec() * 8192 / (8192 + v4.matmulWeightLoadRows());
        assertEquals(Bound.COMPUTE, t.bound());
        assertTrue(achieved <= ceiling && achieved > 0.999 * ceiling, achieved + " vs ceiling " + ceiling);
    }

    @Test
    void batchOneDecodeMatmul_withInt8Weights_isWeightLoadBound() {
        // PaLM 540B W_in slice per chip in 2D weight-stationary on 4x4x4: [E/X, F/YZ] = [18432/4, 73728/16]
        // = [4608, 4608], one token. int8 weights: 4608^2 B = 21.2 MB at 0.88 * 1.2e12 B/s = 20.1 us; the
        // MXU pads the single row to 8 and pays the unhidden weight-tile load rows (32): 2*(8+32)*4608^2 row-step
        // FLOPs at 0.76*275e12 = 8.1 us, hidden but for the overlap's (1 + (8.1/20.1)^4)^(1/4) = 1.0066.
        OpTime t = model.time(OpDemand.matmul("w_in", 1, 4608, 4608, 1, 2));
        double weightLoadNs = 4608.0 * 4608 / (v4.hbmEfficiency() * v4.hbmBandwidthBytesPerSec()) * 1e9;
        double computeNs = 2.0 * (8 + v4.matmulWeightLoadRows()) * 4608 * 4608
                / (v4.computeEfficiency() * v4.peakFlopsPerSec()) * 1e9;
        double p = v4.overlapExponent();
        assertEquals(Bound.MEMORY, t.bound());
        assertEquals(computeNs, t.computeNs(), 1e-6 * computeNs);
        double overlap = Math.pow(1 + Math.pow(computeNs / weightLoadNs, p), 1 / p);
        assertEquals(weightLoadNs * overlap + t.fixedNs(), t.totalNs(), 0.002 * weightLoadNs);
        // and bf16 weights take twice the weight-load time (the compute hides a little better under it)
        OpTime bf16 = model.time(OpDemand.matmul("w_in", 1, 4608, 4608, 2, 2));
        double overlapBf16 = Math.pow(1 + Math.pow(computeNs / (2 * weightLoadNs), p), 1 / p);
        assertEquals(2.0 * overlapBf16 / overlap, (bf16.totalNs() - bf16.fixedNs()) / (t.totalNs() - t.fixedNs()),
                0.002);
    }

    @Test
    void tinyOps_costAboutTheirFixedCost() {
        // one element: 4 B of traffic is 3 ps at 1.08e12 B/s, nothing next to the fixed cost
        OpTime add = model.time(OpDemand.elementwise("add", 1, 2, 1, 2));
        assertEquals(Bound.FIXED, add.bound());
        assertEquals(v4.vectorFixedNs(), add.totalNs(), 0.01 * v4.vectorFixedNs());
        // a 1x128x128 matmul: 32 KiB of weights (plus 512 B of activations) stream in about 30 ns, below the
        // fixed cost; its 8-row padded FLOPs take about 1 ns and hide under the HBM time
        OpTime mm = model.time(OpDemand.matmul("mm", 1, 128, 128, 2, 2));
        double hbmNs = (128.0 * 128 * 2 + 128 * 2 + 128 * 2) / (v4.hbmEfficiency() * v4.hbmBandwidthBytesPerSec()) * 1e9;
        assertTrue(v4.matmulFixedNs() > hbmNs, "the catalog's fixed matmul cost should dominate a one-tile matmul");
        assertEquals(Bound.FIXED, mm.bound());
        assertEquals(v4.matmulFixedNs() + hbmNs, mm.totalNs(), 0.01 * hbmNs);
    }
}
