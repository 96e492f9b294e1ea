package org.tpusim.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 2D slices (TPU v5e, v6e), written XxY: an X x Y x 1 grid with no z links, 4 ports per chip at most, whose
 * axes wrap only when they span the pod's full 16 chips. Expected values are counted by hand.
 */
class TwoDimensionalSliceTest {

    private static Slice twoD(String shape) {
        return Slice.of(SliceShape.parse(shape), Map.of(), WraparoundRule.FULL_AXIS_16);
    }

    @Test
    void xyParsesAsAPlanarShapeOfOneZLayerAndPrintsBack() {
        SliceShape s = SliceShape.parse("8x16");
        assertEquals(new SliceShape(8, 16, 1, true), s);
        assertTrue(s.planar());
        assertEquals(128, s.chipCount());
        assertEquals("8x16", s.toString());
        assertEquals(SliceShape.of(8, 16), SliceShape.parse(s.toString()));
        // the 3D form of the same grid is a different shape and keeps its form
        assertFalse(SliceShape.parse("8x16x1").planar());
        assertEquals("8x16x1", SliceShape.parse("8x16x1").toString());
        assertThrows(IllegalArgumentException.class, () -> new SliceShape(4, 4, 2, true));
    }

    @Test
    void fullAxis16Rule_onlyAxesOf16Wrap() {
        assertFalse(WraparoundRule.FULL_AXIS_16.wraps(4));
        assertFalse(WraparoundRule.FULL_AXIS_16.wraps(8));
        assertTrue(WraparoundRule.FULL_AXIS_16.wraps(16));
        assertTrue(WraparoundRule.MULTIPLE_OF_4.wraps(4));
        Slice pod = twoD("16x16");
        assertTrue(pod.wraps(Axis.X) && pod.wraps(Axis.Y));
        assertFalse(pod.wraps(Axis.Z));
        Slice half = twoD("8x16");
        assertFalse(half.wraps(Axis.X));
        assertTrue(half.wraps(Axis.Y));
        // the same 4x4 under the TPU v4 rule is a torus
        assertTrue(Slice.of(SliceShape.parse("4x4")).wraps(Axis.X));
    }

    @Test
    void a4x4MeshHasLinesOnBothAxes_cornerToCornerIsSixHops() {
        Slice s = twoD("4x4");
        assertFalse(s.wraps(Axis.X) || s.wraps(Axis.Y));
        // per row 3 physical links, 4 rows, 2 axes, 2 directions: 48 directed links, none along z
        assertEquals(48, s.linkCount());
        assertTrue(s.links().stream().noneMatch(l -> l.axis() == Axis.Z));
        int a = s.id(new ChipCoord(0, 0, 0));
        int b = s.id(new ChipCoord(3, 3, 0));
        // jax-ml scaling-book (tpus.md), question 5: (0,0) to (3,3) on a v5e 4x4 is six hops, no wraparound
        assertEquals(6, s.hopDistance(a, b));
        Route r = s.route(a, b);
        assertEquals(6, r.hops());
        // dimension order: x first, then y, all PLUS
        assertEquals("XXXYYY", r.links().stream().map(l -> l.axis().name()).collect(Collectors.joining()));
        assertTrue(r.links().stream().allMatch(l -> l.direction() == Direction.PLUS));
        // a middle chip has 4 neighbours, a corner 2
        assertEquals(4, s.links().stream().filter(l -> l.from() == s.id(new ChipCoord(1, 1, 0))).count());
        assertEquals(2, s.links().stream().filter(l -> l.from() == a).count());
    }

    @Test
    void a4x4TorusForcedOn_cornerToCornerIsTwoHopsOverTheWrapLinks() {
        Slice s = Slice.of(SliceShape.parse("4x4"), Map.of(Axis.X, true, Axis.Y, true), WraparoundRule.FULL_AXIS_16);
        assertEquals(64, s.linkCount());      // 16 chips x 4 ports
        int a = s.id(new ChipCoord(0, 0, 0));
        int b = s.id(new ChipCoord(3, 3, 0));
        assertEquals(2, s.hopDistance(a, b));
        assertTrue(s.route(a, b).links().stream().allMatch(l -> l.direction() == Direction.MINUS));
    }

    @Test
    void a2x4Mesh_linksHopsAndGroups() {
        Slice s = twoD("2x4");
        // x: 1 link per row x 4 rows; y: 3 links per column x 2 columns; both directions: (4 + 6) x 2 = 20
        assertEquals(20, s.linkCount());
        int a = s.id(new ChipCoord(0, 0, 0));
        assertEquals(4, s.hopDistance(a, s.id(new ChipCoord(1, 3, 0))));
        assertEquals(3, s.hopDistance(s.id(new ChipCoord(1, 0, 0)), s.id(new ChipCoord(1, 3, 0))));
        assertEquals(4, s.groups(MeshAxes.parse("x")).size());       // 4 groups of 2
        assertEquals(2, s.groups(MeshAxes.parse("y")).size());       // 2 groups of 4
        assertEquals(1, s.groups(MeshAxes.parse("xy")).size());
        assertEquals(8, MeshAxes.parse("xy").groupSize(s.shape()));
        assertEquals(8, MeshAxes.parse("xyz").groupSize(s.shape()));
    }

    @Test
    void a16x16PodIsATorus_farthestChipIsSixteenHops() {
        Slice s = twoD("16x16");
        assertEquals(1024, s.linkCount());   // 256 chips x 4 ports
        int a = s.id(new ChipCoord(0, 0, 0));
        assertEquals(16, s.hopDistance(a, s.id(new ChipCoord(8, 8, 0))));
        assertEquals(2, s.hopDistance(a, s.id(new ChipCoord(15, 15, 0))));
    }
}
