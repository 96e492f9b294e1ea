package org.tpusim.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.hardware.ChipParameter;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.hardware.ParameterValue;

/**
 * Unit tier: the cost model's arithmetic on a toy chip with round numbers. Achievable compute is
 * 0.5 x 128e9 = 64 FLOP/ns, achievable HBM 0.5 x 2e9 = 1 B/ns, one core draws 0.25 B/ns; weight tile 4,
 * row tile 2; fixed costs 100 ns (matmul), 200 ns (attention), 50 ns (vector).
 */
class ChipCostModelTest {

    static ChipSpec toyChip(double overlapExponent) {
        Map<ChipParameter, ParameterValue> v = new EnumMap<>(ChipParameter.class);
        put(v, ChipParameter.PEAK_FLOPS_PER_S, 128e9);
        put(v, ChipParameter.PEAK_INT8_OPS_PER_S, 256e9);
        put(v, ChipParameter.PEAK_FP8_FLOPS_PER_S, 0);
        put(v, ChipParameter.HBM_CAPACITY_BYTES, 1e9);
        put(v, ChipParameter.HBM_BANDWIDTH_BYTES_PER_S, 2e9);
        put(v, ChipParameter.LINK_BANDWIDTH_BYTES_PER_S, 1e9);
        put(v, ChipParameter.LINK_EFFICIENCY, 1);
        put(v, ChipParameter.HOP_LATENCY_NS, 0);
        put(v, ChipParameter.COLLECTIVE_OVERHEAD_NS, 0);
        put(v, ChipParameter.MATMUL_TILE_ELEMENTS, 4);
        put(v, ChipParameter.MATMUL_ROW_TILE_ELEMENTS, 2);
        put(v, ChipParameter.COMPUTE_EFFICIENCY, 0.5);
        put(v, ChipParameter.COLLECTIVE_SYNC_NS_PER_DOUBLING, 0);
        put(v, ChipParameter.TORUS_COLLECTIVE_MAX_BYTES, 0);
        put(v, ChipParameter.HBM_EFFICIENCY, 0.5);
        put(v, ChipParameter.CORE_HBM_BANDWIDTH_BYTES_PER_S, 0.25e9);
        put(v, ChipParameter.OVERLAP_EXPONENT, overlapExponent);
        put(v, ChipParameter.MATMUL_FIXED_NS, 100);
        put(v, ChipParameter.ATTENTION_FIXED_NS, 200);
        put(v, ChipParameter.VECTOR_FIXED_NS, 50);
        put(v, ChipParameter.PREFETCH_BUFFER_BYTES, 0);
        put(v, ChipParameter.MATMUL_WEIGHT_LOAD_ROWS, 0);
        put(v, ChipParameter.ATTENTION_SCORE_BYTES, 0);
        put(v, ChipParameter.FLAT_RING_MAX_CHIPS, 0);
        put(v, ChipParameter.MAX_COLLECTIVES_IN_FLIGHT, 0);
        put(v, ChipParameter.ALL_TO_ALL_NS_PER_PEER, 0);
        return new ChipSpec("toy", "test chip", v);
    }

    private static void put(Map<ChipParameter, ParameterValue> v, ChipParameter p, double value) {
        v.put(p, new ParameterValue(p, value, "test"));
    }

    /** p = 1000: (c^p + m^p)^(1/p) is max(c, m) to within 1e-12 whenever min/max <= 0.75. */
    private final ChipCostModel roofline = new ChipCostModel(toyChip(1000));

    @ParameterizedTest(name = "{0}x{1}x{2} w{3}B a{4}B -> {7} ns {8}")
    @CsvSource({
            // m,   k,   n, wB, aB, computeNs, memoryNs, totalNs, bound
            // 2*256^3/64 = 524288 ns; bytes 3*256^2*2 = 393216 -> compute-bound
            "256, 256, 256, 2, 2,  524288,  393216,  524388, COMPUTE",
            // m=1 pads to the row tile 2: 2*2*256*256/64 = 4096 ns; 256*256*2 + 256*2 + 256*2 = 132096 B
            "1,   256, 256, 2, 2,    4096,  132096,  132196, MEMORY",
            // int8 weights: 1 B each, FLOPs unchanged: 65536 + 512 + 512 = 66560 B
            "1,   256, 256, 1, 2,    4096,   66560,   66660, MEMORY",
            // every dimension padded: 3->4 rows, 5->8, 6->8: 2*4*8*8/64 = 8 ns; bytes (30+15+18)*2 = 126
            "3,   5,   6,   2, 2,       8,     126,     226, MEMORY",
            // 2*2*4*4/64 = 1 ns; (16+4+4)*2 = 48 B; fixed 100 ns dominates
            "1,   4,   4,   2, 2,       1,      48,     148, FIXED",
    })
    void matmul_timeIsFixedPlusRoofline(long m, long k, long n, double wb, double ab, double computeNs,
                                        double memoryNs, double totalNs, Bound bound) {
        OpTime t = roofline.time(OpDemand.matmul("mm", m, k, n, wb, ab));
        assertEquals(computeNs, t.computeNs(), 1e-9);
        assertEquals(memoryNs, t.memoryNs(), 1e-9);
        assertEquals(100, t.fixedNs());
        assertEquals(totalNs, t.totalNs(), 1e-6);
        assertEquals(bound, t.bound());
    }

    @ParameterizedTest(name = "prefetched {0} B -> memory {1} ns")
    @CsvSource({
            // 1 x 256 x 256 int8: weights 65536 B, activations 512 + 512 B; 1 B/ns
            "0,      66560",
            "16384,  50176",
            "65536,   1024",
            // more than the weights: only the weights can have been fetched ahead
            "1e9,     1024",
    })
    void matmul_prefetchedWeightsLeaveOnlyTheRestToStream(double prefetched, double memoryNs) {
        OpDemand d = OpDemand.matmul("mm", 1, 256, 256, 1, 2);
        assertEquals(65536, d.weightBytes(), 1e-9);
        OpTime t = roofline.time(d, prefetched);
        assertEquals(memoryNs, t.memoryNs(), 1e-9);
        assertEquals(100 + Math.max(memoryNs, 4096), t.totalNs(), 1e-6);
        assertEquals(0, OpDemand.elementwise("add", 100, 2, 1, 2).weightBytes());
    }

    /**
     * w8a8: matmuls at the int8 peak (256 GOP/s x 0.5 efficiency = 128 OP/ns instead of 64 FLOP/ns), so a
     * compute-bound 256^3 matmul takes 2*256^3/128 = 262144 ns; attention stays at the bf16 peak.
     */
    @Test
    void matmul_atTheInt8PeakTakesHalfTheComputeTime_attentionDoesNot() {
        ChipCostModel w8a8 = new ChipCostModel(toyChip(1000), 256e9);
        OpTime t = w8a8.time(OpDemand.matmul("mm", 256, 256, 256, 1, 2));
        assertEquals(262144, t.computeNs(), 1e-9);
        assertEquals(roofline.time(OpDemand.matmul("mm", 256, 256, 256, 1, 2)).computeNs() / 2, t.computeNs(), 1e-9);
        OpDemand attention = OpDemand.attentionOverCache("a", 2, 1, 8, 100, 4, 2);
        assertEquals(roofline.time(attention).computeNs(), w8a8.time(attention).computeNs());
    }

    @Test
    void matmul_flopsAreTheUsefulOnes_notThePadded() {
        assertEquals(2.0 * 3 * 5 * 6, OpDemand.matmul("mm", 3, 5, 6, 2, 2).flops());
    }

    @ParameterizedTest(name = "{0} sequences, units {1}: {3} ns")
    @CsvSource({
            // 2 sequences x 1 KV head, 8 query rows, ctx 100, head dim 4, bf16:
            // FLOPs 4*2*8*100*4 = 25600 -> 400 ns; K+V 2*2*100*4*2 = 3200 B, q 128 B in, 128 B out = 3456 B;
            // 2 work units x 0.25 B/ns = 0.5 B/ns < 1 B/ns -> 6912 ns; + 200 fixed
            "2, 0,  400,  7112",
            // the same op by a split-context kernel: full 1 B/ns -> 3456 ns
            "2, -1, 400,  3656",
            // 8 sequences: 8 x 0.25 = 2 B/ns, capped at the chip's 1 B/ns; 13824 B; FLOPs 102400 -> 1600 ns
            "8, 0,  1600, 14024",
    })
    void attentionOverCache_fewWorkUnitsCannotDrawFullBandwidth(long sequences, long units, double computeNs,
                                                                double totalNs) {
        OpDemand op = OpDemand.attentionOverCache("attn", sequences, 1, 8, 100, 4, 2);
        if (units < 0) {
            op = op.withParallelUnits(OpDemand.FILLS_CHIP);
        }
        OpTime t = roofline.time(op);
        assertEquals(computeNs, t.computeNs(), 1e-9);
        assertEquals(totalNs, t.totalNs(), 1e-6);
        assertEquals(Bound.MEMORY, t.bound());
    }

    @Test
    void causalSelfAttention_countsCausalPairsAndStreamsQkvOnce() {
        // 1 sequence, 1 KV head, 4 query heads, L 8, head dim 4: FLOPs 4*4*4*(8*9/2) = 2304 -> 36 ns;
        // token bytes 8*4*2 = 64; read 64*(4+2) = 384, write 64*4 = 256 -> 640 ns; + 200 fixed
        OpDemand op = OpDemand.causalSelfAttention("attn", 1, 1, 4, 8, 4, 2);
        assertEquals(2304, op.flops());
        OpTime t = roofline.time(op);
        assertEquals(36, t.computeNs(), 1e-9);
        assertEquals(840, t.totalNs(), 1e-6);
    }

    /**
     * Weight-tile loads not hidden by double-buffering: with 6 load rows, a matmul of m rows takes (pad(m) + 6) row
     * steps per weight tile. 8 x 256 x 256: 2 x (8 + 6) x 256 x 256 / 64 = 28,672 ns instead of 16,384 (0.57 of the
     * rate); 1024 rows: 2 x 1030 x 256^2 / 64 = 2,109,440 ns instead of 2,097,152 (0.994). FLOPs stay the useful ones.
     */
    @ParameterizedTest(name = "m {0}: compute {1} ns")
    @CsvSource({"8, 28672", "1024, 2109440", "1, 16384"})
    void matmul_weightTileLoadsCostRowStepsPerTile(long m, double computeNs) {
        ChipCostModel model = new ChipCostModel(toyChip(1000).withOverride(ChipParameter.MATMUL_WEIGHT_LOAD_ROWS, 6,
                "test"));
        OpDemand op = OpDemand.matmul("mm", m, 256, 256, 2, 2);
        assertEquals(2.0 * m * 256 * 256, op.flops());
        assertEquals(computeNs, model.time(op).computeNs(), 1e-6);
    }

    /**
     * A materialised score matrix: the causal op above has 4 query heads x 36 causal pairs = 144 scores; at 12 B a
     * score they add 1,728 B of HBM traffic: memory 640 + 1,728 = 2,368 ns, total 2,568 with the 200 ns fixed cost.
     * Decode over a cache: 2 sequences x 1 KV head x 4 rows x 100 positions = 800 scores, 9,600 B more.
     */
    @Test
    void attention_materialisedScoresAddTheirHbmTraffic() {
        ChipCostModel model = new ChipCostModel(toyChip(1000).withOverride(ChipParameter.ATTENTION_SCORE_BYTES, 12,
                "test"));
        OpDemand causal = OpDemand.causalSelfAttention("attn", 1, 1, 4, 8, 4, 2);
        assertEquals(144, causal.scores());
        assertEquals(2368, model.time(causal).memoryNs(), 1e-9);
        assertEquals(2568, model.time(causal).totalNs(), 1e-6);
        OpDemand decode = OpDemand.attentionOverCache("dec", 2, 1, 4, 100, 4, 2).withParallelUnits(OpDemand.FILLS_CHIP);
        assertEquals(800, decode.scores());
        assertEquals(model.time(decode).memoryNs() - roofline.time(decode).memoryNs(), 9600, 1e-9);
    }

    @Test
    void collectiveStart_growsWithLog2OfTheGroup() {
        ChipSpec chip = toyChip(4).withOverride(ChipParameter.COLLECTIVE_OVERHEAD_NS, 1000, "test")
                .withOverride(ChipParameter.COLLECTIVE_SYNC_NS_PER_DOUBLING, 500, "test");
        // a barrier of depth log2(K): K = 1 -> 1000; K = 2 -> 1000 + 500; K = 16 -> 1000 + 4 x 500;
        // K = 128 -> 1000 + 7 x 500
        assertEquals(1000, chip.collectiveStartNs(1), 1e-9);
        assertEquals(1500, chip.collectiveStartNs(2), 1e-9);
        assertEquals(3000, chip.collectiveStartNs(16), 1e-9);
        assertEquals(4500, chip.collectiveStartNs(128), 1e-9);
        // K = 12 (not a power of two): 1000 + 500 x log2(12) = 1000 + 500 x 3.5849625...
        assertEquals(1000 + 500 * (Math.log(12) / Math.log(2)), chip.collectiveStartNs(12), 1e-9);
    }

    @ParameterizedTest(name = "{0} elements, {1} in {2} out: {3} ns {4}")
    @CsvSource({
            // residual add: (2 reads + 1 write) x 1000 x 2 B = 6000 B at 1 B/ns + 50 fixed
            "1000, 2, 1, 6050, MEMORY",
            // one element copied: 4 B -> 4 ns, the fixed 50 ns dominates
            "1,    1, 1,   54, FIXED",
    })
    void elementwise_isHbmBoundPlusFixed(long elements, int in, int out, double totalNs, Bound bound) {
        OpTime t = roofline.time(OpDemand.elementwise("ew", elements, in, out, 2));
        assertEquals(0, t.computeNs());
        assertEquals(totalNs, t.totalNs(), 1e-9);
        assertEquals(bound, t.bound());
    }

    @ParameterizedTest(name = "p={0}: {1} ns")
    @CsvSource({
            // 192^3: compute 2*192^3/64 = 221184 ns = memory 6*192^2 B / 1 B/ns: the balanced case
            "1, 442468",          // 100 + 2 * 221184: no overlap at all
            "2, 312901.41",       // 100 + sqrt(2) * 221184 = 100 + 312801.41
            "4, 263133.59",       // 100 + 2^(1/4) * 221184 = 100 + 263033.59
    })
    void overlap_atBalanceCostsTwoToTheOneOverP(double p, double totalNs) {
        OpTime t = new ChipCostModel(toyChip(p)).time(OpDemand.matmul("mm", 192, 192, 192, 2, 2));
        assertEquals(221184, t.computeNs(), 1e-6);
        assertEquals(221184, t.memoryNs(), 1e-6);
        assertEquals(totalNs, t.totalNs(), 0.01);
    }

    @Test
    void serial_sumsOpTimes() {
        // 6050 (add) + 148 (tiny matmul)
        assertEquals(6198, roofline.serialNs(List.of(OpDemand.elementwise("ew", 1000, 2, 1, 2),
                OpDemand.matmul("mm", 1, 4, 4, 2, 2))), 1e-6);
    }

    @ParameterizedTest(name = "{0} = {1} is rejected")
    @CsvSource({
            "COMPUTE_EFFICIENCY, 1.5",
            "HBM_EFFICIENCY, 0",
            "MATMUL_TILE_ELEMENTS, 0",
            "MATMUL_ROW_TILE_ELEMENTS, 2.5",
            "OVERLAP_EXPONENT, 0.5",
            "CORE_HBM_BANDWIDTH_BYTES_PER_S, 0",
    })
    void implausibleChipParameters_areRejectedByName(ChipParameter p, double value) {
        ChipSpec bad = toyChip(4).withOverride(p, value, "test");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ChipCostModel(bad));
        assertTrue(e.getMessage().contains(p.key()), e.getMessage());
    }

    @Test
    void opDemand_rejectsShapesThatDoNotFitItsKind() {
        assertThrows(IllegalArgumentException.class,
                () -> new OpDemand("v", OpKind.VECTOR, 1, 1, 1, 0, 1, 1, OpDemand.FILLS_CHIP));
        assertThrows(IllegalArgumentException.class, () -> OpDemand.matmul("mm", 0, 4, 4, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> OpDemand.vector("v", -1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> OpDemand.attentionOverCache("a", 1, 1, 1, 1, 1, 2).withParallelUnits(0));
    }
}
