package org.tpusim.collective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.topology.ChipGroup;
import org.tpusim.topology.MeshAxes;
import org.tpusim.topology.Slice;
import org.tpusim.topology.SliceShape;

/**
 * The snake ring of {@link MultiAxis#FLAT_RING} and the collectives that run on it. Expected times are arithmetic:
 * 45 GB/s per link direction, so m bytes take m / 45 ns on one link.
 */
class FlatRingTest {
    private static final double BPNS = 45.0;
    private static final double RED_BPNS = 400.0;
    private static final long MIB = 1 << 20;

    /**
     * Every group's snake visits each member once in steps of one hop; the closing step is one hop when the last
     * axis wraps and the others are even (3x3 lines: (2,2) back to (0,0) is 4 hops; 4x3: x wraps, y is a line: 3).
     */
    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource({"4x4x4, xyz, 1", "4x4x4, yz, 1", "4x4x4, xy, 1", "8x4x8, xyz, 1", "4x4x8, xz, 1", "2x2x1, xy, 1",
            "4x4x4, x, 1", "3x3x1, xy, 4", "4x3x1, xy, 3"})
    void theSnakeIsARingOfNeighboursThroughEveryMemberOfEveryGroup(String shape, String axes, int closingHops) {
        Slice slice = Slice.of(SliceShape.parse(shape));
        MeshAxes group = MeshAxes.parse(axes);
        FlatRing ring = new FlatRing(slice, group.axes());
        for (ChipGroup g : slice.groups(group)) {
            int first = g.member(0);
            Set<Integer> seen = new HashSet<>();
            int maxHops = 0;
            for (int r = 0; r < ring.size(); r++) {
                int chip = ring.chipAt(first, r);
                assertTrue(g.contains(chip), "rank " + r + " left the group");
                assertEquals(r, ring.rank(chip));
                assertTrue(seen.add(chip), "chip " + chip + " visited twice");
                int next = ring.neighbour(chip, 1);
                assertEquals(chip, ring.neighbour(next, -1));
                int hops = slice.hopDistance(chip, next);
                if (r < ring.size() - 1) {
                    assertEquals(1, hops, "snake step " + r + " of " + g);
                } else {
                    maxHops = hops;
                }
            }
            assertEquals(g.size(), seen.size());
            assertEquals(closingHops, maxHops, "closing step of " + g);
            assertEquals(closingHops, ring.maxHops());
        }
    }

    @Test
    void aFlatRingAllGatherOverXyzUsesOneLinkEachWayPerChip() {
        // 64 chips, K-1 = 63 steps of half a shard (D/128) each way: D/(2 x 45 GB/s) x 63/64, a third of the
        // concurrent per-axis decomposition's rate (six links)
        Slice s = Slice.of(SliceShape.parse("4x4x4"));
        long d = 64 * MIB;
        CollectiveSpec flat = CollectiveTest.spec(CollectiveKind.ALL_GATHER, "xyz", d,
                CollectiveAlgorithm.BIDIRECTIONAL_RING, MultiAxis.FLAT_RING);
        double expected = 63 * (d / 128.0) / BPNS;
        assertEquals(expected, CollectiveTest.runOne(s, 0, 0, flat), 1e-6);
        double concurrent = CollectiveTest.runOne(s, 0, 0, CollectiveTest.allGather("xyz", d));
        assertEquals(3.0, expected / concurrent, 1e-5);
    }

    @Test
    void withLatencyAFlatRingPaysEveryStepOfTheWholeGroup() {
        Slice s = Slice.of(SliceShape.parse("4x4x4"));
        long d = 16 * MIB;
        CollectiveSpec flat = CollectiveTest.spec(CollectiveKind.ALL_GATHER, "yz", d,
                CollectiveAlgorithm.BIDIRECTIONAL_RING, MultiAxis.FLAT_RING);
        // overhead + 15 steps x (1000 ns hop + (D/32) / 45)
        double expected = 3000 + 15 * (1000 + (d / 32.0) / BPNS);
        assertEquals(expected, CollectiveTest.runOne(s, 1000, 3000, flat), 1e-6);
        assertEquals(expected, CollectiveAnalytical.of(flat, s, 45e9, 1000, new CollectiveCosts(3000, RED_BPNS))
                .latencyBandwidthNs(), 1e-6);
    }

    @Test
    void aFlatRingReduceScatterReducesEveryReceivedHalfShard() {
        Slice s = Slice.of(SliceShape.parse("4x4x1"));
        long d = 16 * MIB;
        CollectiveSpec flat = CollectiveTest.spec(CollectiveKind.REDUCE_SCATTER, "xy", d,
                CollectiveAlgorithm.BIDIRECTIONAL_RING, MultiAxis.FLAT_RING);
        double m = d / 32.0;
        double expected = 15 * (500 + m / BPNS + 2 * m / RED_BPNS);
        assertEquals(expected, CollectiveTest.runOne(s, 500, 0, flat), 1e-6);
    }

    @Test
    void onOneAxisTheFlatRingIsThatAxisRing() {
        Slice s = Slice.of(SliceShape.parse("4x8x4"));
        long d = 8 * MIB;
        double perAxis = CollectiveTest.runOne(s, 700, 1500, CollectiveTest.allGather("y", d));
        double flat = CollectiveTest.runOne(s, 700, 1500, CollectiveTest.spec(CollectiveKind.ALL_GATHER, "y", d,
                CollectiveAlgorithm.BIDIRECTIONAL_RING, MultiAxis.FLAT_RING));
        assertEquals(perAxis, flat, 1e-6);
    }

    @Test
    void aLoopChunkRunsOnlyItsRingSteps() {
        Slice s = Slice.of(SliceShape.parse("4x4x4"));
        long d = 64 * MIB;
        CollectiveSpec chunk = new CollectiveSpec(CollectiveKind.ALL_GATHER, MeshAxes.parse("xyz"), d,
                CollectiveAlgorithm.BIDIRECTIONAL_RING, MultiAxis.FLAT_RING, 64 * 1024, 8);
        // 8 of the 63 steps, each D/128 each way
        assertEquals(2000 + 8 * (600 + (d / 128.0) / BPNS), CollectiveTest.runOne(s, 600, 2000, chunk), 1e-6);
        CollectiveSpec none = new CollectiveSpec(CollectiveKind.ALL_GATHER, MeshAxes.parse("xyz"), d,
                CollectiveAlgorithm.BIDIRECTIONAL_RING, MultiAxis.FLAT_RING, 64 * 1024, 0);
        assertEquals(2000, CollectiveTest.runOne(s, 600, 2000, none), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new CollectiveSpec(CollectiveKind.ALL_GATHER,
                MeshAxes.parse("xyz"), d, CollectiveAlgorithm.BIDIRECTIONAL_RING, MultiAxis.CONCURRENT, 64 * 1024, 8));
        assertThrows(IllegalArgumentException.class, () -> CollectivePlan.of(new CollectiveSpec(
                CollectiveKind.ALL_GATHER, MeshAxes.parse("xyz"), d, CollectiveAlgorithm.BIDIRECTIONAL_RING,
                MultiAxis.FLAT_RING, 64 * 1024, 64), s));
    }

    @Test
    void thePlanOfAFlatRingIsOnePhaseOverTheWholeGroup() {
        Slice s = Slice.of(SliceShape.parse("4x4x8"));
        CollectivePlan plan = CollectivePlan.of(CollectiveKind.ALL_REDUCE, List.of(org.tpusim.topology.Axis.X,
                org.tpusim.topology.Axis.Y, org.tpusim.topology.Axis.Z), s, 128 * MIB, MultiAxis.FLAT_RING);
        assertEquals(1, plan.parts().size());
        assertEquals(2, plan.phasesPerPart());
        CollectivePlan.Phase rs = plan.parts().get(0).phases().get(0);
        assertTrue(rs.reduce());
        assertEquals(128, rs.size());
        assertEquals(127, rs.steps());
        assertEquals(MIB, rs.shardBytes());
        assertEquals("xyz", rs.axesLabel());
    }
}
