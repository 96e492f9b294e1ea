package org.tpusim.collective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.engine.Engine;
import org.tpusim.engine.RunStats;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.topology.Axis;
import org.tpusim.topology.MeshAxes;
import org.tpusim.topology.Slice;
import org.tpusim.topology.SliceShape;

/**
 * Collectives on the real engine over tiny slices. Expected times are arithmetic: BW = 45 GB/s per link
 * direction, so m bytes take m / 45 ns on one link.
 */
class CollectiveTest {
    private static final double BW = 45e9;
    private static final double BPNS = 45.0;                      // bytes per ns per link
    private static final double HBM = 1.2e12;
    private static final double RED_BPNS = HBM / 1e9 / 3;         // reduction rate: HBM bw / 3 = 400 B/ns
    private static final long MIB = 1 << 20;

    static CollectiveSpec spec(CollectiveKind kind, String axes, long bytes, CollectiveAlgorithm alg, MultiAxis multi) {
        return new CollectiveSpec(kind, MeshAxes.parse(axes), bytes, alg, multi, 64 * 1024);
    }

    static CollectiveSpec allGather(String axes, long bytes) {
        return spec(CollectiveKind.ALL_GATHER, axes, bytes, CollectiveAlgorithm.BIDIRECTIONAL_RING, MultiAxis.CONCURRENT);
    }

    /** Runs the collectives together from t = 0 and returns each one's completion time, ns. */
    static double[] run(Slice slice, double latNs, double overheadNs, CollectiveSpec... specs) {
        Interconnect net = new Interconnect(slice, BW, latNs);
        CollectiveCosts costs = new CollectiveCosts(overheadNs, RED_BPNS);
        double[] done = new double[specs.length];
        Engine.run("collective", s -> {
            for (int i = 0; i < specs.length; i++) {
                int j = i;
                Collective.create(net, specs[i], costs).start(s, t -> done[j] = t);
            }
        });
        return done;
    }

    static double runOne(Slice slice, double latNs, double overheadNs, CollectiveSpec spec) {
        return run(slice, latNs, overheadNs, spec)[0];
    }

    static Slice slice(String shape) {
        return Slice.of(SliceShape.parse(shape));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"4x1x1, x", "4x4x4, x", "4x4x4, y", "4x4x8, z"})
    void bidirectionalRingAllGatherMatchesThePaperFormWithoutLatency(String shape, String axes) {
        Slice s = slice(shape);
        int k = MeshAxes.parse(axes).groupSize(s.shape());
        long d = k * MIB;
        // K-1 steps, each moving half a shard (D/2K) over each direction of one link:
        // (K-1) D / (2K BW) = D / (2 BW) x (K-1)/K, the paper's form with bw = 2 links
        double expected = (k - 1) * (d / (2.0 * k)) / BPNS;
        assertEquals(expected, runOne(s, 0, 0, allGather(axes, d)), 1e-6);
        CollectiveAnalytical.Estimate e = CollectiveAnalytical.of(allGather(axes, d), s, BW, 0,
                new CollectiveCosts(0, RED_BPNS));
        assertEquals(90e9, e.paperBandwidthBytesPerSec());
        assertEquals(expected, e.paperTimeNs(), 1e-6);
        assertEquals(expected, e.latencyBandwidthNs(), 1e-6);
    }

    @Test
    void withLatencyAndOverheadTheRingFollowsTheAlphaBetaForm() {
        Slice s = slice("4x4x4");
        long d = 4 * MIB;
        // overhead 2000 + 3 steps x (1000 ns hop + (D/8) / 45 ns)
        double expected = 2000 + 3 * (1000 + (d / 8.0) / BPNS);
        assertEquals(expected, runOne(s, 1000, 2000, allGather("y", d)), 1e-6);
        assertEquals(expected, CollectiveAnalytical.of(allGather("y", d), s, BW, 1000,
                new CollectiveCosts(2000, RED_BPNS)).latencyBandwidthNs(), 1e-6);
    }

    @Test
    void reduceScatterAddsTheReductionOfEveryReceivedMessage() {
        Slice s = slice("8x1x1");
        long d = 8 * MIB;
        CollectiveSpec rs = spec(CollectiveKind.REDUCE_SCATTER, "x", d, CollectiveAlgorithm.BIDIRECTIONAL_RING,
                MultiAxis.CONCURRENT);
        // 7 steps x (500 ns + m/45 + 2m/400): m = D/16 each way, and one reducer adds both halves (2m)
        double m = d / 16.0;
        double expected = 7 * (500 + m / BPNS + 2 * m / RED_BPNS);
        assertEquals(expected, runOne(s, 500, 0, rs), 1e-6);
        assertEquals(expected, CollectiveAnalytical.of(rs, s, BW, 500, new CollectiveCosts(0, RED_BPNS))
                .latencyBandwidthNs(), 1e-6);
    }

    @Test
    void allReduceIsReduceScatterThenAllGather() {
        Slice s = slice("4x1x1");
        long d = 4 * MIB;
        CollectiveSpec ar = spec(CollectiveKind.ALL_REDUCE, "x", d, CollectiveAlgorithm.BIDIRECTIONAL_RING,
                MultiAxis.CONCURRENT);
        double m = d / 8.0;
        double rs = 3 * (300 + m / BPNS + 2 * m / RED_BPNS);
        double ag = 3 * (300 + m / BPNS);
        assertEquals(rs + ag, runOne(s, 300, 0, ar), 1e-6);
    }

    @Test
    void unidirectionalRingTakesTwiceTheBidirectionalWireTime() {
        Slice s = slice("8x1x1");
        long d = 8 * MIB;
        double bi = runOne(s, 0, 0, allGather("x", d));
        double uni = runOne(s, 0, 0, spec(CollectiveKind.ALL_GATHER, "x", d, CollectiveAlgorithm.UNIDIRECTIONAL_RING,
                MultiAxis.CONCURRENT));
        assertEquals(7 * (d / 8.0) / BPNS, uni, 1e-6);
        assertEquals(2.0, uni / bi, 1e-9);
    }

    @Test
    void aLineIsTwiceAsSlowAsTheRingOfTheSameSize() {
        // 6 chips: a line by the TPU v4 rule; forcing wraparound makes it a ring of 6.
        Slice line = slice("6x1x1");
        Slice ring = Slice.of(SliceShape.of(6, 1, 1), Map.of(Axis.X, true));
        long d = 6 * MIB;
        double tLine = runOne(line, 0, 0, allGather("x", d));
        double tRing = runOne(ring, 0, 0, allGather("x", d));
        // ring: 5 steps of half a shard (D/12) per direction; line: 5 steps of the whole shard (D/6)
        assertEquals(5 * (d / 12.0) / BPNS, tRing, 1e-6);
        assertEquals(5 * (d / 6.0) / BPNS, tLine, 1e-6);
        assertEquals(2.0, tLine / tRing, 1e-9);
    }

    @Test
    void aLineReduceScatterMovesWholeShardsAndItsAddsCanQueue() {
        Slice line = slice("6x1x1");
        long d = 6 * MIB;
        CollectiveSpec rs = spec(CollectiveKind.REDUCE_SCATTER, "x", d, CollectiveAlgorithm.BIDIRECTIONAL_RING,
                MultiAxis.CONCURRENT);
        double shard = d / 6.0;
        // the partial sum for the far end crosses 5 links, each followed by one add of a whole shard;
        // chips in the middle also receive from the other side, so adds may queue behind each other
        double chain = 5 * (shard / BPNS + shard / RED_BPNS);
        double t = runOne(line, 0, 0, rs);
        assertTrue(t >= chain - 1e-6, t + " < " + chain);
        assertTrue(t <= chain + 5 * shard / RED_BPNS + 1e-6, t + " > " + chain + " plus one queued add per step");
    }

    @Test
    void aOneChipAxisCostsNothing() {
        Slice s = slice("4x4x1");
        long d = 16 * MIB;
        assertEquals(runOne(s, 700, 0, allGather("x", d / 4)), runOne(s, 700, 0, allGather("xz", d / 4)), 1e-9);
        assertEquals(1500.0, runOne(s, 700, 1500, allGather("z", d)), 1e-9);
    }

    @Test
    void concurrentMultiAxisAllGatherReachesTheFullChipBandwidthOnACube() {
        Slice s = slice("4x4x4");
        long d = 3 * MIB;  // three parts of 1 MiB; every shard and half-shard whole
        // part: phases over 4-rings with half-shards of 1MiB/128, 1MiB/32, 1MiB/8, 3 steps each;
        // the parts use different axes at every moment, so time = 3 x (8 + 32 + 128) KiB / 45 B/ns
        double expected = 3 * (8 + 32 + 128) * 1024 / BPNS;
        assertEquals(expected, runOne(s, 0, 0, allGather("xyz", d)), 1e-6);
        // = the paper's D / 270 GB/s x 63/64
        assertEquals(d / 270.0 * 63 / 64, expected, 1e-6);
        double sequential = runOne(s, 0, 0, spec(CollectiveKind.ALL_GATHER, "xyz", d,
                CollectiveAlgorithm.BIDIRECTIONAL_RING, MultiAxis.SEQUENTIAL));
        assertEquals(3.0, sequential / expected, 1e-9);
    }

    @Test
    void allToAllIsSetByTheMostLoadedLinkNotThePerChipVolume() {
        Slice s = slice("4x4x4");
        long d = 64 * 64 * 1024;  // 4 MiB per chip: 64 KiB to each of 63 others
        CollectiveSpec a2a = spec(CollectiveKind.ALL_TO_ALL, "xyz", d, CollectiveAlgorithm.BIDIRECTIONAL_RING,
                MultiAxis.CONCURRENT);
        // Dimension-order routes on 4-rings: per axis, 16 destinations at +1, 16 at +2 (ties go +, two
        // + links), 16 at -1. A + link therefore carries (16 + 2 x 16) x 64 KiB = 0.75 D, a - link 0.25 D.
        long[] loads = AllToAll.linkLoads(a2a, s);
        long max = 0;
        for (long l : loads) {
            max = Math.max(max, l);
        }
        assertEquals(3 * d / 4, max);
        double bound = max / BPNS;
        double naive = d * 63.0 / 64 / (6 * BPNS);   // per-chip volume over all 6 links
        double t = runOne(s, 0, 0, a2a);
        assertTrue(t >= bound - 1e-6, "faster than the most loaded link allows: " + t + " < " + bound);
        assertTrue(t <= 1.10 * bound, "more than 10% above the most-loaded-link bound: " + t + " vs " + bound);
        assertTrue(t > 4 * naive, "contention must show: " + t + " vs naive " + naive);
    }

    @Test
    void collectivesOnDisjointAxesDoNotSlowEachOther() {
        Slice s = slice("4x4x1");
        long d = 8 * MIB;
        double aloneX = runOne(s, 500, 0, allGather("x", d));
        double aloneY = runOne(s, 500, 0, allGather("y", d));
        double[] both = run(s, 500, 0, allGather("x", d), allGather("y", d));
        assertEquals(aloneX, both[0], 1e-9);
        assertEquals(aloneY, both[1], 1e-9);
    }

    @Test
    void collectivesOnTheSameLinksSlowEachOther() {
        Slice s = slice("4x1x1");
        long d = 8 * MIB;
        double alone = runOne(s, 0, 0, allGather("x", d));
        double[] both = run(s, 0, 0, allGather("x", d), allGather("x", d));
        // two streams share every link: chunks interleave, so each finishes near twice the wire time
        assertTrue(both[0] > 1.9 * alone && both[1] > 1.9 * alone, both[0] + ", " + both[1] + " vs " + alone);
        assertTrue(both[0] <= 2.0 * alone + 1e-6 && both[1] <= 2.0 * alone + 1e-6);
    }

    @Test
    void permuteOnARingIsOneHopAndOnALineTheWrapMessageTravelsBack() {
        long d = 2 * MIB;
        CollectiveSpec p = spec(CollectiveKind.COLLECTIVE_PERMUTE, "x", d, CollectiveAlgorithm.BIDIRECTIONAL_RING,
                MultiAxis.CONCURRENT);
        assertEquals(800 + d / BPNS, runOne(slice("4x2x1"), 800, 0, p), 1e-6);
        // line of 3: chip 2 sends to chip 0 over 2 hops; its message shares no link with the others
        assertEquals(2 * 800 + d / BPNS, runOne(slice("3x1x1"), 800, 0, p), 1e-6);
    }

    @Test
    void eventCountGrowsWithChunksTimesStepsNotBytes() {
        Slice s = slice("4x1x1");
        Interconnect net = new Interconnect(s, BW, 0);
        // 64 MiB all-gather: per direction 3 steps of 8 MiB = 128 chunks of 64 KiB, on 4 chips x 2 directions
        CollectiveSpec c = allGather("x", 64 * MIB);
        RunStats stats = Engine.run("events", sch -> Collective.create(net, c, new CollectiveCosts(0, RED_BPNS))
                .start(sch, t -> { }));
        long chunks = 4L * 2 * 3 * 128;
        // one delivery event and at most one injection event per chunk, plus a few per message
        assertTrue(stats.events() >= chunks && stats.events() <= 2 * chunks + 200, "events " + stats.events());
    }
}
