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
import org.tpusim.collective.MultiAxis;
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
 * Looped CollectiveEinsum over a flat ring ({@code multi_axis: flat-ring}): the loop's communication is the K-1
 * steps of one ring through the group, split among the chunks by the shards each chunk's matmul uses.
 */
class FlatRingLoopTest {
    /** TPU v4 without weight prefetch, so the last matmul chunk costs its full time (prefetch is tested apart). */
    private static final ChipSpec V4 = ChipCatalog.bundled().find("tpu-v4").orElseThrow()
            .withOverride(org.tpusim.hardware.ChipParameter.PREFETCH_BUFFER_BYTES, 0, "test: no prefetch")
            .withOverride(org.tpusim.hardware.ChipParameter.COLLECTIVE_SYNC_NS_PER_DOUBLING, 0, "test: start = START_NS")
            .withOverride(org.tpusim.hardware.ChipParameter.TORUS_COLLECTIVE_MAX_BYTES, 0, "test: always the ring")
            .withOverride(org.tpusim.hardware.ChipParameter.FLAT_RING_MAX_CHIPS, 0, "test: always the ring");
    private static final Slice SLICE = Slice.of(SliceShape.of(4, 4, 4));
    private static final MeshSplit MESH = MeshSplit.of(SLICE.shape());
    private static final double LINK_BPS = 45e9;
    private static final double HOP_NS = 1000;
    private static final double START_NS = 5000;

    @ParameterizedTest(name = "K = {0}")
    @CsvSource({"2, '0,1', '1,0'", "4, '0,1,1,1', '1,1,1,0'", "8, '0,1,1,1,1,1,1,1', '1,1,1,1,1,1,1,0'",
            "16, '1,2,2,2,2,2,2,2', '2,2,2,2,2,2,2,1'", "64, '7,8,8,8,8,8,8,8', '8,8,8,8,8,8,8,7'",
            "12, '0,2,1,2,1,2,1,2', '1,2,1,2,1,2,1,1'"})
    void theRingStepsOfTheChunksAddUpToKMinusOne(int k, String gather, String scatter) {
        int n = Math.min(k, CollectiveEinsum.MAX_CHUNKS);
        List<Integer> g = new ArrayList<>();
        List<Integer> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            g.add(CollectiveEinsum.gatherSteps(k, n, i));
            s.add(CollectiveEinsum.scatterSteps(k, n, i));
        }
        assertEquals(gather, String.join(",", g.stream().map(String::valueOf).toList()));
        assertEquals(scatter, String.join(",", s.stream().map(String::valueOf).toList()));
        assertEquals(k - 1, g.stream().mapToInt(Integer::intValue).sum());
        assertEquals(k - 1, s.stream().mapToInt(Integer::intValue).sum());
    }

    private static double run(OpSequence seq, MultiAxis multiAxis) {
        return run(seq, multiAxis, V4);
    }

    private static double run(OpSequence seq, MultiAxis multiAxis, ChipSpec chip) {
        Interconnect net = new Interconnect(SLICE, LINK_BPS, HOP_NS);
        ProgramExecution exec = new ProgramExecution(net, new ChipCostModel(chip),
                new CollectiveCosts(START_NS, V4.hbmBandwidthBytesPerSec() / 1e9 / 3), MESH,
                new ProgramExecution.Settings(Overlap.COLLECTIVE_EINSUM, false, 256 * 1024,
                        CollectiveAlgorithm.BIDIRECTIONAL_RING, multiAxis));
        List<ProgramExecution.SequenceTiming> out = new ArrayList<>();
        Engine.run("exec", s -> exec.run(s, List.of(seq), out::addAll));
        return out.get(0).durationNs();
    }

    @Test
    void aCommunicationBoundLoopTakesTheRingStepsThenTheLastMatmulChunk() {
        // a weight-gather-like loop: 64 MiB gathered over xyz (64 chips) feeding a small matmul
        long d = 64L << 20;
        OpSequence seq = new OpSequence("s", ImmutableList.of(
                new ProgramOp.Communicate(0, "gather", OpCategory.WEIGHT_COMMUNICATION, CollectiveKind.ALL_GATHER,
                        MeshAxes.parse("xyz"), d, ImmutableList.of()),
                new ProgramOp.Compute(1, "m", OpCategory.FFN_IN, OpDemand.matmul("m", 64, 8192, 1024, 2, 2),
                        ImmutableList.of(0))));
        OpSequence looped = CollectiveEinsum.decompose(seq, MESH, true);
        assertEquals(16, looped.ops().size(), "8 ring chunks and 8 matmul chunks");
        ProgramOp.Compute last = (ProgramOp.Compute) looped.ops().get(looped.ops().size() - 1);
        // the start cost once, 63 steps of half a shard (D/128) each way over one link, then the last matmul chunk
        // (every earlier matmul chunk is shorter than the next 8 ring steps, so it hides)
        double ring = START_NS + 63 * (HOP_NS + (d / 128.0) / (LINK_BPS / 1e9));
        double lastChunk = new ChipCostModel(V4).time(last.demand()).totalNs();
        assertEquals(ring + lastChunk, run(seq, MultiAxis.FLAT_RING), 1e-6);
        // the per-axis loop (concurrent, six links) moves the same bytes faster
        assertTrue(run(seq, MultiAxis.CONCURRENT) < ring, "per-axis loop should beat the flat ring's wire time");
    }

    private static OpSequence gatherOnly(String axes, long bytes) {
        return new OpSequence("s", ImmutableList.of(new ProgramOp.Communicate(0, "gather",
                OpCategory.ACTIVATION_COMMUNICATION, CollectiveKind.ALL_GATHER, MeshAxes.parse(axes), bytes,
                ImmutableList.of())));
    }

    @Test
    void theStartCostGrowsByTheSyncPerDoublingOfTheGroup() {
        ChipSpec sync = V4.withOverride(org.tpusim.hardware.ChipParameter.COLLECTIVE_SYNC_NS_PER_DOUBLING, 1000, "test");
        // x: K = 4, two doublings -> 2000 ns more; yz: K = 16 -> 4000; xyz: K = 64 -> 6000
        for (String[] c : new String[][] {{"x", "2000"}, {"yz", "4000"}, {"xyz", "6000"}}) {
            OpSequence seq = gatherOnly(c[0], 3L << 20);
            assertEquals(Double.parseDouble(c[1]), run(seq, MultiAxis.FLAT_RING, sync) - run(seq, MultiAxis.FLAT_RING),
                    1e-6, c[0]);
        }
    }

    @Test
    void anAllToAllStartsLaterByThePerPeerCostOfEachOtherMember() {
        ChipSpec perPeer = V4.withOverride(org.tpusim.hardware.ChipParameter.ALL_TO_ALL_NS_PER_PEER, 300, "test");
        // x: K = 4, three peers -> 900 ns later; xyz: K = 64 -> 63 x 300 = 18,900 ns; a gather pays nothing more
        for (String[] c : new String[][] {{"x", "900"}, {"yz", "4500"}, {"xyz", "18900"}}) {
            OpSequence seq = new OpSequence("s", ImmutableList.of(new ProgramOp.Communicate(0, "a2a",
                    OpCategory.ATTENTION_COMMUNICATION, CollectiveKind.ALL_TO_ALL, MeshAxes.parse(c[0]), 3L << 20,
                    ImmutableList.of())));
            assertEquals(Double.parseDouble(c[1]), run(seq, MultiAxis.FLAT_RING, perPeer)
                    - run(seq, MultiAxis.FLAT_RING), 1e-6, c[0]);
            OpSequence gather = gatherOnly(c[0], 3L << 20);
            assertEquals(run(gather, MultiAxis.FLAT_RING), run(gather, MultiAxis.FLAT_RING, perPeer), 1e-6, c[0]);
        }
    }

    @Test
    void aSmallCollectiveOverAllThreeAxesRunsPerAxis_aLargeOneOnTheRing() {
        ChipSpec torus = V4.withOverride(org.tpusim.hardware.ChipParameter.TORUS_COLLECTIVE_MAX_BYTES, 1 << 20, "test");
        // 3 KiB over xyz (4x4x4): per-axis phases, 3 + 3 + 3 = 9 ring steps instead of the flat ring's 63; every
        // message is at most one third of the buffer, so the wire adds at most 9 x 1024 B / 45 B/ns
        double small = run(gatherOnly("xyz", 3072), MultiAxis.FLAT_RING, torus);
        assertTrue(small >= START_NS + 9 * HOP_NS && small <= START_NS + 9 * HOP_NS + 9 * 1024 / 45.0, "" + small);
        assertEquals(run(gatherOnly("xyz", 3072), MultiAxis.CONCURRENT), small, 1e-6);
        double ring = run(gatherOnly("xyz", 3072), MultiAxis.FLAT_RING);
        assertTrue(ring >= START_NS + 63 * HOP_NS, "" + ring);
        // above the threshold (2 MiB > 1 MiB) the flat ring stays: 63 steps of D/128 each way
        long d = 2L << 20;
        assertEquals(START_NS + 63 * (HOP_NS + (d / 128.0) / (LINK_BPS / 1e9)),
                run(gatherOnly("xyz", d), MultiAxis.FLAT_RING, torus), 1e-6);
        // a two-axis group (yz) is never switched
        assertEquals(run(gatherOnly("yz", 3072), MultiAxis.FLAT_RING), run(gatherOnly("yz", 3072), MultiAxis.FLAT_RING,
                torus), 1e-6);
    }

    @Test
    void aGroupLargerThanTheFlatRingLimitRunsPerAxis_whateverItsSize() {
        ChipSpec limited = V4.withOverride(org.tpusim.hardware.ChipParameter.FLAT_RING_MAX_CHIPS, 32, "test");
        // xyz on 4x4x4 is 64 > 32 chips: per-axis phases on all six links for a small buffer (9 steps, as above) and
        // for a large one (2 MiB: every axis's phase moves at most a third of it per link direction), so both
        // equal the concurrent decomposition; yz (16 chips) stays on its ring
        for (long d : new long[] {3072, 2L << 20}) {
            assertEquals(run(gatherOnly("xyz", d), MultiAxis.CONCURRENT), run(gatherOnly("xyz", d), MultiAxis.FLAT_RING,
                    limited), 1e-6, "" + d);
        }
        long d = 2L << 20;
        assertTrue(run(gatherOnly("xyz", d), MultiAxis.FLAT_RING, limited) < START_NS + 63 * (HOP_NS + (d / 128.0)
                / (LINK_BPS / 1e9)));
        assertEquals(run(gatherOnly("yz", d), MultiAxis.FLAT_RING), run(gatherOnly("yz", d), MultiAxis.FLAT_RING,
                limited), 1e-6);
    }
}
