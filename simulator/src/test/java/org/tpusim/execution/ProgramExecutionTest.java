package org.tpusim.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.collective.CollectiveAlgorithm;
import org.tpusim.collective.CollectiveCosts;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.cost.ChipCostModel;
import org.tpusim.cost.OpDemand;
import org.tpusim.engine.Engine;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.layout.MeshSplit;
import org.tpusim.program.OpCategory;
import org.tpusim.program.OpSequence;
import org.tpusim.program.ProgramOp;
import org.tpusim.scenario.ChipCatalog;
import org.tpusim.topology.MeshAxes;
import org.tpusim.topology.Slice;
import org.tpusim.topology.SliceShape;

/**
 * The executor composes op costs and collective times as its rules say: expected times are sums and maxima
 * of the parts, each part measured alone (the cost model and the collectives are tested on their own).
 */
class ProgramExecutionTest {
    /** TPU v4 without weight prefetch, so that op times compose as sums and maxima (prefetch is tested last). */
    private static final ChipSpec V4 = ChipCatalog.bundled().find("tpu-v4").orElseThrow()
            .withOverride(org.tpusim.hardware.ChipParameter.PREFETCH_BUFFER_BYTES, 0, "test: no prefetch")
            .withOverride(org.tpusim.hardware.ChipParameter.COLLECTIVE_SYNC_NS_PER_DOUBLING, 0, "test: fixed start")
            .withOverride(org.tpusim.hardware.ChipParameter.TORUS_COLLECTIVE_MAX_BYTES, 0, "test: always the ring");
    private static final ChipCostModel COST = new ChipCostModel(V4);
    private static final Slice SLICE = Slice.of(SliceShape.of(4, 1, 1));
    private static final MeshSplit MESH = MeshSplit.of(SLICE.shape());

    private static ProgramOp.Compute compute(int id, String name, OpDemand d, Integer... deps) {
        return new ProgramOp.Compute(id, name, OpCategory.FFN_IN, d, ImmutableList.copyOf(deps));
    }

    private static ProgramOp.Communicate gather(int id, long bytes, Integer... deps) {
        return new ProgramOp.Communicate(id, "all-gather x", OpCategory.ACTIVATION_COMMUNICATION,
                CollectiveKind.ALL_GATHER, MeshAxes.parse("x"), bytes, ImmutableList.copyOf(deps));
    }

    static List<ProgramExecution.SequenceTiming> run(Overlap overlap, boolean everyChip, OpSequence... seqs) {
        return run(overlap, everyChip, CollectiveCosts.of(V4), seqs);
    }

    static List<ProgramExecution.SequenceTiming> run(Overlap overlap, boolean everyChip, CollectiveCosts costs,
                                                     OpSequence... seqs) {
        Interconnect net = new Interconnect(SLICE, V4.linkBandwidthBytesPerSec(), V4.hopLatencyNs());
        ProgramExecution exec = new ProgramExecution(net, COST, costs, MESH,
                new ProgramExecution.Settings(overlap, everyChip, 256 * 1024, CollectiveAlgorithm.BIDIRECTIONAL_RING,
                        org.tpusim.collective.MultiAxis.CONCURRENT));
        List<ProgramExecution.SequenceTiming> out = new ArrayList<>();
        Engine.run("exec", s -> exec.run(s, List.of(seqs), out::addAll));
        return out;
    }

    /** Time of a collective alone on the same slice. */
    static double alone(long bytes) {
        OpSequence only = new OpSequence("g", ImmutableList.of(gather(0, bytes)));
        return run(Overlap.ASYNC, false, only).get(0).durationNs();
    }

    private static final OpDemand A = OpDemand.matmul("a", 512, 4096, 4096, 2, 2);
    private static final OpDemand B = OpDemand.matmul("b", 512, 4096, 1024, 2, 2);

    @Test
    void computeOpsRunBackToBackOnTheCore() {
        OpSequence seq = new OpSequence("s", ImmutableList.of(compute(0, "a", A), compute(1, "b", B, 0),
                compute(2, "a2", A)));
        double expected = 2 * COST.time(A).totalNs() + COST.time(B).totalNs();
        ProgramExecution.SequenceTiming t = run(Overlap.ASYNC, false, seq).get(0);
        assertEquals(expected, t.durationNs(), 1e-6);
        assertEquals(expected, t.breakdown().computeNs(), 1e-6);
        assertEquals(0, t.breakdown().communicationNs(), 1e-9);
        assertEquals(0, t.breakdown().idleNs(), 1e-6);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"NONE", "ASYNC"})
    void aCollectiveOverlapsIndependentComputeOnlyWhenAsync(Overlap overlap) {
        long bytes = 8L << 20;
        // op 0: all-gather; op 1: A, independent of it; op 2: B, needs the gather
        OpSequence seq = new OpSequence("s", ImmutableList.of(gather(0, bytes), compute(1, "a", A),
                compute(2, "b", B, 0)));
        double g = alone(bytes);
        double a = COST.time(A).totalNs();
        double b = COST.time(B).totalNs();
        ProgramExecution.SequenceTiming t = run(overlap, false, seq).get(0);
        double expected = overlap == Overlap.NONE ? g + a + b : Math.max(g, a) + b;
        assertEquals(expected, t.durationNs(), 1e-6);
        TimeBreakdown br = t.breakdown();
        double hidden = overlap == Overlap.NONE ? 0 : Math.min(g, a);
        assertEquals(hidden, br.communicationHiddenNs(), 1e-6);
        assertEquals(g - hidden, br.communicationExposedNs(), 1e-6);
        // the parts add up to the span
        assertEquals(t.durationNs(), br.computeNs() + br.communicationExposedNs() + br.idleNs(), 1e-6);
    }

    @Test
    void everyChipGivesTheSameTimesAsOneRepresentativeCore() {
        OpSequence seq = new OpSequence("s", ImmutableList.of(gather(0, 4L << 20), compute(1, "a", A),
                compute(2, "b", B, 0), gather(3, 1L << 20, 2), compute(4, "a2", A, 3)));
        double fast = run(Overlap.ASYNC, false, seq, seq).get(1).endNs();
        double full = run(Overlap.ASYNC, true, seq, seq).get(1).endNs();
        assertEquals(fast, full, 1e-6);
    }

    @Test
    void sequencesRunOneAfterAnother() {
        OpSequence seq = new OpSequence("s", ImmutableList.of(compute(0, "a", A)));
        List<ProgramExecution.SequenceTiming> t = run(Overlap.ASYNC, false, seq, seq, seq);
        assertEquals(3, t.size());
        assertEquals(t.get(0).endNs(), t.get(1).startNs(), 1e-9);
        assertEquals(3 * COST.time(A).totalNs(), t.get(2).endNs(), 1e-6);
    }

    @Test
    void collectiveEinsumPipelinesAGatherWithItsMatmul() {
        // a large gather feeding a large matmul: decomposed, chunk c of the matmul overlaps chunk c+1 of the gather
        long bytes = 32L << 20;
        OpDemand big = OpDemand.matmul("big", 4096, 8192, 8192, 2, 2);
        OpSequence seq = new OpSequence("s", ImmutableList.of(gather(0, bytes), compute(1, "m", big, 0)));
        double async = run(Overlap.ASYNC, false, seq).get(0).durationNs();
        double looped = run(Overlap.COLLECTIVE_EINSUM, false, seq).get(0).durationNs();
        double g = alone(bytes);
        double m = COST.time(big).totalNs();
        assertEquals(g + m, async, 1e-6);
        assertTrue(looped < async, looped + " vs " + async);
        // it cannot beat the longer of the two, and pays at most the first gather chunk up front
        assertTrue(looped >= Math.max(g, m) - 1e-6, looped + " < " + Math.max(g, m));
        OpSequence decomposed = CollectiveEinsum.decompose(seq, MESH);
        assertEquals(8, decomposed.ops().size(), "4 gather chunks (K = 4 on x) and 4 matmul chunks");
    }

    @Test
    void aLoopedCollectiveEinsumPaysTheCollectiveStartCostOnce() {
        long bytes = 32L << 20;
        OpDemand big = OpDemand.matmul("big", 4096, 8192, 8192, 2, 2);
        OpSequence seq = new OpSequence("s", ImmutableList.of(gather(0, bytes), compute(1, "m", big, 0)));
        OpSequence looped = CollectiveEinsum.decompose(seq, MESH);
        List<Boolean> continuation = looped.ops().stream().filter(o -> o instanceof ProgramOp.Communicate)
                .map(o -> ((ProgramOp.Communicate) o).loopContinuation()).toList();
        assertEquals(List.of(false, true, true, true), continuation);
        // every later op waits, directly or through the chain, for the first chunk: the start cost shifts the
        // whole loop once, so with and without it the times differ by exactly one start cost
        double start = 7000;
        CollectiveCosts withStart = new CollectiveCosts(start, V4.hbmBandwidthBytesPerSec() / 1e9 / 3);
        CollectiveCosts without = new CollectiveCosts(0, V4.hbmBandwidthBytesPerSec() / 1e9 / 3);
        double a = run(Overlap.COLLECTIVE_EINSUM, false, withStart, seq).get(0).durationNs();
        double b = run(Overlap.COLLECTIVE_EINSUM, false, without, seq).get(0).durationNs();
        assertEquals(start, a - b, 1e-6);
    }
    /** A run of one sequence on the 4-chip line with a given chip (for its prefetch buffer). */
    private static double runWith(ChipSpec chip, OpSequence seq) {
        Interconnect net = new Interconnect(SLICE, chip.linkBandwidthBytesPerSec(), chip.hopLatencyNs());
        ProgramExecution exec = new ProgramExecution(net, new ChipCostModel(chip), CollectiveCosts.of(chip), MESH,
                new ProgramExecution.Settings(Overlap.ASYNC, false, 256 * 1024, CollectiveAlgorithm.BIDIRECTIONAL_RING,
                        org.tpusim.collective.MultiAxis.CONCURRENT));
        List<ProgramExecution.SequenceTiming> out = new ArrayList<>();
        Engine.run("exec", s -> exec.run(s, List.of(seq), out::addAll));
        return out.get(0).durationNs();
    }

    @ParameterizedTest(name = "gather of {0} B, buffer {1} B")
    @CsvSource({
            // a long gather: the whole 128 MiB buffer fills while the core waits
            "8388608, 134217728",
            // a short gather: only what the HBM streams while it runs is fetched ahead
            "65536, 134217728",
            // no buffer: nothing is fetched ahead
            "8388608, 0",
    })
    void aMatmulWaitingOnACollectiveFindsPartOfItsWeightsPrefetched(long gatherBytes, double buffer) {
        ChipSpec chip = V4.withOverride(org.tpusim.hardware.ChipParameter.PREFETCH_BUFFER_BYTES, buffer, "test");
        ChipCostModel cost = new ChipCostModel(chip);
        // a decode matmul with 256 MiB of int8 weights, HBM-bound
        OpDemand d = OpDemand.matmul("w", 8, 16384, 16384, 1, 2);
        OpSequence seq = new OpSequence("s", ImmutableList.of(gather(0, gatherBytes), compute(1, "m", d, 0)));
        double g = alone(gatherBytes);
        double prefetched = Math.min(Math.min(buffer, d.weightBytes()), g * cost.prefetchBytesPerNs());
        assertEquals(g + cost.time(d, prefetched).totalNs(), runWith(chip, seq), 1e-6);
        if (buffer > 0) {
            assertTrue(prefetched > 0 && prefetched <= buffer, "prefetched " + prefetched);
        }
    }
}
