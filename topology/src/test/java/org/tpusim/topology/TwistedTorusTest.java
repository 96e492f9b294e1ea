package org.tpusim.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Twisted 3D tori (k x k x 2k: the x and y wraps shift z by k; k x 2k x 2k: the x wrap shifts y and z by k),
 * their links, hop counts and dimension-order routes, checked from first principles.
 */
class TwistedTorusTest {
    private static final Slice T448 = Slice.twisted(SliceShape.of(4, 4, 8));
    private static final Slice U448 = Slice.of(SliceShape.of(4, 4, 8));
    private static final Slice T488 = Slice.twisted(SliceShape.of(4, 8, 8));

    private static int id(Slice s, int x, int y, int z) {
        return s.id(new ChipCoord(x, y, z));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4x4x8", "4x8x8", "8x8x16", "8x16x16", "12x12x24"})
    void kByKBy2kAndKBy2kBy2kShapesCanBeTwisted(String shape) {
        Slice s = Slice.twisted(SliceShape.parse(shape));
        assertTrue(s.twisted());
        // still 6 links per chip: every axis closed by a wrap link
        assertEquals(6 * s.chipCount(), s.linkCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"4x4x4", "8x4x4", "4x8x4", "8x8x4", "4x4x12", "2x2x4", "6x6x12", "4x8x16", "4x4"})
    void otherShapesCannotBeTwistedAndSayWhy(String shape) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Slice.twisted(SliceShape.parse(shape)));
        assertTrue(e.getMessage().startsWith("slice " + SliceShape.parse(shape) + " cannot be twisted: a twisted torus"
                + " is k x k x 2k or k x 2k x 2k with k a multiple of 4"), e.getMessage());
    }

    @Test
    void wrapLinksLandKChipsFurtherAlongTheLongAxes() {
        // 4x4x8: +x from x = 3 lands on x = 0 with z + 4; -x from x = 0 comes back
        assertEquals(id(T448, 0, 1, 6), T448.neighbour(id(T448, 3, 1, 2), Axis.X, Direction.PLUS).getAsInt());
        assertEquals(id(T448, 3, 1, 2), T448.neighbour(id(T448, 0, 1, 6), Axis.X, Direction.MINUS).getAsInt());
        // +y from y = 3: z + 4 mod 8
        assertEquals(id(T448, 1, 0, 1), T448.neighbour(id(T448, 1, 3, 5), Axis.Y, Direction.PLUS).getAsInt());
        // z wraps plainly
        assertEquals(id(T448, 0, 0, 0), T448.neighbour(id(T448, 0, 0, 7), Axis.Z, Direction.PLUS).getAsInt());
        // inside the slice nothing changes
        assertEquals(id(T448, 2, 1, 2), T448.neighbour(id(T448, 1, 1, 2), Axis.X, Direction.PLUS).getAsInt());
        // 4x8x8: +x from x = 3 shifts y and z by 4
        assertEquals(id(T488, 0, 6, 1), T488.neighbour(id(T488, 3, 2, 5), Axis.X, Direction.PLUS).getAsInt());
        assertEquals(id(T488, 0, 0, 5), T488.neighbour(id(T488, 0, 7, 5), Axis.Y, Direction.PLUS).getAsInt());
        // a twisted axis's groups are not rings; the long axis of k x k x 2k is
        assertFalse(T448.wraps(Axis.X));
        assertFalse(T448.wraps(Axis.Y));
        assertTrue(T448.wraps(Axis.Z));
        assertFalse(T488.wraps(Axis.X));
        assertTrue(T488.wraps(Axis.Y));
        assertEquals("slice 4x4x8 (x twisted, y twisted, z ring)", T448.toString());
    }

    @ParameterizedTest(name = "({0},{1},{2}) -> ({3},{4},{5}): untwisted {6}, twisted {7}")
    @CsvSource({
            // (2,2,4): untwisted 2 + 2 + 4 = 8; twisted (2,2,4) - (4,0,4) = (-2,2,0): 4 hops
            "0,0,0, 2,2,4, 8, 4",
            // (0,0,4): 4 either way ((0,0,4), or (4,0,8) = (4,0,0) mod (0,0,8))
            "0,0,0, 0,0,4, 4, 4",
            // (2,0,4): untwisted 2 + 4 = 6; twisted (2,0,4) - (4,0,4) = (-2,0,0): 2 hops
            "0,0,0, 2,0,4, 6, 2",
            // (1,1,3) from (3,3,7): raw (-2,-2,-4), untwisted 2 + 2 + 4 = 8; twisted (-2,-2,-4) + (4,0,4) = (2,-2,0): 4
            "3,3,7, 1,1,3, 8, 4",
            // neighbours stay one hop
            "0,0,0, 0,0,1, 1, 1",
    })
    void hopCountsFromTheLattice(int sx, int sy, int sz, int dx, int dy, int dz, int untwisted, int twisted) {
        assertEquals(untwisted, U448.hopDistance(id(U448, sx, sy, sz), id(U448, dx, dy, dz)));
        assertEquals(twisted, T448.hopDistance(id(T448, sx, sy, sz), id(T448, dx, dy, dz)));
        Route r = T448.route(id(T448, sx, sy, sz), id(T448, dx, dy, dz));
        assertEquals(twisted, r.hops());
    }

    @Test
    void routesFollowDimensionOrderAcrossTheTwistedLinks() {
        // (0,0,0) -> (2,2,4): both (-2, 2, 0) and (2, -2, 0) take 4 hops; the tie goes to x PLUS first: x PLUS
        // twice to (2,0,0), then y MINUS, the first hop crossing the y wrap to (2,3,4) (z + 4), then to (2,2,4)
        Route r = T448.route(id(T448, 0, 0, 0), id(T448, 2, 2, 4));
        List<Integer> visited = new java.util.ArrayList<>();
        for (DirectedLink l : r.links()) {
            visited.add(l.to());
        }
        assertEquals(List.of(id(T448, 1, 0, 0), id(T448, 2, 0, 0), id(T448, 2, 3, 4), id(T448, 2, 2, 4)), visited);
        assertEquals(Axis.Y, r.links().get(2).axis());
        assertEquals(Direction.MINUS, r.links().get(2).direction());
        // every route is as long as the hop distance and ends where it should (checked inside route())
        for (int a = 0; a < T488.chipCount(); a += 7) {
            for (int b = 0; b < T488.chipCount(); b++) {
                assertEquals(T488.hopDistance(a, b), T488.route(a, b).hops());
            }
        }
    }

    /**
     * Sum of hop distances over all ordered pairs. Untwisted 4x4x8, per source: x ring of 4 (0+1+2+1 = 4) x 32
     * (y, z) + y the same + z ring of 8 (0+1+2+3+4+3+2+1 = 16) x 16 = 512, x 128 sources = 65,536 (mean 4.03 hops).
     * Twisted: 440 per source (every chip sees the same lattice), 56,320 (mean 3.46); diameter 8 -> 6. Counted by
     * an independent enumeration of the lattice offsets (a Python script over the same definition).
     */
    @Test
    void twistingShortensTheMeanDistanceAndTheDiameter() {
        assertEquals(65_536, totalHops(U448));
        assertEquals(56_320, totalHops(T448));
        assertEquals(8, diameter(U448));
        assertEquals(6, diameter(T448));
    }

    /**
     * All-to-all link load: one message from every chip to every other along its route. Untwisted 4x4x8, the
     * busiest links are z links: a z+ link in column (x, y) carries the z part of every route ending in that column
     * from any of 16 source columns whose z offset d = 1..4 (4 goes PLUS) passes it, d of them per d: 16 x (1 + 2 +
     * 3 + 4) = 160 messages. Twisted: 108 (on x links; from the enumeration above), so the busiest link carries
     * 108/160 = 0.675 of the untwisted one's bytes.
     */
    @Test
    void allToAllBusiestLinkCarries108InsteadOf160Messages() {
        assertEquals(160, busiestLink(U448));
        assertEquals(108, busiestLink(T448));
    }

    private static long totalHops(Slice s) {
        long total = 0;
        for (int a = 0; a < s.chipCount(); a++) {
            for (int b = 0; b < s.chipCount(); b++) {
                total += s.hopDistance(a, b);
            }
        }
        return total;
    }

    private static int diameter(Slice s) {
        int max = 0;
        for (int b = 0; b < s.chipCount(); b++) {
            max = Math.max(max, s.hopDistance(0, b));
        }
        return max;
    }

    private static int busiestLink(Slice s) {
        Map<Integer, Integer> load = new HashMap<>();
        for (int a = 0; a < s.chipCount(); a++) {
            for (int b = 0; b < s.chipCount(); b++) {
                if (a != b) {
                    for (DirectedLink l : s.route(a, b).links()) {
                        load.merge(l.id(), 1, Integer::sum);
                    }
                }
            }
        }
        return load.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
