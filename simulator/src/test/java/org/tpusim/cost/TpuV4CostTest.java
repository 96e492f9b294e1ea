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
        // 8192^3 bf16: 2*8192^3 = 1.0995e12 FLOP at 0.85 * 275e12 -> 4.704 ms; its 3 * 8192^2 * 2 B = 403 MB
        // take 0.37 ms at 0.9 * 1.2e12, so overlap adds (1 + 0.079^4)^(1/4) - 1 = 1e-5 and the fixed cost 1 us
        double flops = 2.0 * 8192 * 8192 * 8192;
        OpTime t = model.time(OpDemand.matmul("mm", 8192, 8192, 8192, 2, 2));
        double achieved = flops / (t.totalNs() * 1e-9);
        double ceiling = v4.computeEfficiency() * v4.peakFlopsPerSec();
        assertEquals(Bound.COMPUTE, t.bound());
        assertTrue(achieved <= ceiling && achieved > 0.999 * ceiling, achieved + " vs ceiling " + ceiling);
    }

    @Test
    void batchOneDecodeMatmul_withInt8Weights_isWeightLoadBound() {
        // PaLM 540B W_in slice per chip in 2D weight-stationary on 4x4x4: [E/X, F/YZ] = [18432/4, 73728/16]
        // = [4608, 4608], one token. int8 weights: 4608^2 B = 21.2 MB at 0.9 * 1.2e12 B/s = 19.7 us; the
        // MXU pads the single row to 8: 2*8*4608^2 FLOP at 0.85*275e12 = 1.5 us, well hidden.
        OpTime t = model.time(OpDemand.matmul("w_in", 1, 4608, 4608, 1, 2));
        double weightLoadNs = 4608.0 * 4608 / (v4.hbmEfficiency() * v4.hbmBandwidthBytesPerSec()) * 1e9;
        assertEquals(Bound.MEMORY, t.bound());
        assertEquals(weightLoadNs + t.fixedNs(), t.totalNs(), 0.002 * weightLoadNs);
        // and bf16 weights take twice the weight-load time
        OpTime bf16 = model.time(OpDemand.matmul("w_in", 1, 4608, 4608, 2, 2));
        assertEquals(2.0, (bf16.totalNs() - bf16.fixedNs()) / (t.totalNs() - t.fixedNs()), 0.005);
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
