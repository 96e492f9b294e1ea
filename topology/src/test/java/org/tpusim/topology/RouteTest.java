package org.tpusim.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tpusim.topology.SliceTest.coord;
import static org.tpusim.topology.SliceTest.overrides;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        4x4x4    | -      | [0,0,0] | [3,3,3]  | 3
        4x4x4    | -      | [0,0,0] | [2,2,2]  | 6
        4x4x4    | -      | [1,1,1] | [1,1,1]  | 0
        4x4x4    | x=false| [0,0,0] | [3,3,3]  | 5
        3x3x3    | -      | [0,0,0] | [2,2,2]  | 6
        3x3x3    | x=true | [0,0,0] | [2,2,2]  | 5
        8x8x8    | -      | [0,0,0] | [4,4,4]  | 12
        8x8x8    | -      | [1,0,0] | [7,0,0]  | 2
        4x4x3    | -      | [0,0,0] | [3,0,2]  | 3
        2x2x1    | -      | [0,0,0] | [1,1,0]  | 2
        16x16x16 | -      | [0,0,0] | [15,8,9] | 16
        6x1x1    | -      | [0,0,0] | [5,0,0]  | 5
        6x1x1    | x=true | [0,0,0] | [5,0,0]  | 1
        """)
    void hopDistance(String shape, String override, String from, String to, int hops) {
        // 4x4x4 x line: 3 on x + 1 + 1 on the y, z rings. 4x4x3 [3,0,2]: 1 on the x ring + 2 on the z line.
        // 16x16x16 [15,8,9]: 1 + 8 + min(9, 7).
        Slice slice = Slice.of(SliceShape.parse(shape), overrides(override));
        int a = slice.id(coord(from));
        int b = slice.id(coord(to));
        assertEquals(hops, slice.hopDistance(a, b));
        assertEquals(hops, slice.hopDistance(b, a));
        assertEquals(hops, slice.route(a, b).hops());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        4x4x4 | [0,0,0] | [3,0,0] | 0->3 -x
        4x4x4 | [0,0,0] | [2,0,0] | 0->1 +x, 1->2 +x
        4x4x4 | [3,0,0] | [1,0,0] | 3->0 +x, 0->1 +x
        4x4x4 | [0,0,0] | [1,1,1] | 0->1 +x, 1->5 +y, 5->21 +z
        4x4x4 | [1,1,1] | [0,0,0] | 21->20 -x, 20->16 -y, 16->0 -z
        4x4x4 | [0,2,0] | [0,0,0] | 8->12 +y, 12->0 +y
        3x3x3 | [2,0,0] | [0,0,0] | 2->1 -x, 1->0 -x
        4x4x3 | [0,0,0] | [0,3,2] | 0->12 -y, 12->28 +z, 28->44 +z
        8x1x1 | [1,0,0] | [6,0,0] | 1->0 -x, 0->7 -x, 7->6 -x
        8x1x1 | [6,0,0] | [1,0,0] | 6->7 +x, 7->0 +x, 0->1 +x
        """)
    void route_isDimensionOrderShorterWayRoundTiesGoPlus(String shape, String from, String to, String expected) {
        // 4x4x4 [0,0,0]->[2,0,0] and [3,0,0]->[1,0,0]: both ways are 2 hops, so PLUS.
        // 4x4x3 [0,3,2]: y backwards is 1 hop (0 -> [0,3,0] = 12), then z is a line: +2.
        // 8x1x1 1->6: forward 5, backward 3.
        Slice slice = Slice.of(SliceShape.parse(shape));
        Route route = slice.route(slice.id(coord(from)), slice.id(coord(to)));
        assertEquals(expected, route.links().stream().map(DirectedLink::toString).collect(Collectors.joining(", ")));
        assertEquals(slice.id(coord(from)), route.source());
        assertEquals(slice.id(coord(to)), route.destination());
    }

    @Test
    void route_halfwayRoundEveryAxis_goesPlus() {
        Slice slice = Slice.of(SliceShape.of(8, 8, 8));
        Route route = slice.route(0, slice.id(new ChipCoord(4, 4, 4)));
        assertEquals(12, route.hops());
        assertTrue(route.links().stream().allMatch(link -> link.direction() == Direction.PLUS));
    }

    @Test
    void route_toSelf_hasNoLinks() {
        Slice slice = Slice.of(SliceShape.of(4, 4, 4));
        Route route = slice.route(17, 17);
        assertEquals(0, route.hops());
        assertEquals(List.of(), route.links());
    }

    /**
     * For every ordered pair: the route is chained, goes x then y then z, keeps one direction per axis, and
     * its length equals hopDistance, which equals the breadth-first-search distance over the links.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        4x4x2 | -
        3x2x4 | -
        4x4x4 | -
        2x2x1 | -
        1x1x1 | -
        8x1x3 | -
        6x6x1 | -
        3x3x3 | x=true;y=true;z=true
        5x4x2 | x=true;y=false
        """)
    void route_everyPair_isMinimalAndWellFormed(String shape, String override) {
        Slice slice = Slice.of(SliceShape.parse(shape), overrides(override));
        for (int source = 0; source < slice.chipCount(); source++) {
            int[] bfs = breadthFirstDistances(slice, source);
            for (int destination = 0; destination < slice.chipCount(); destination++) {
                Route route = slice.route(source, destination);
                assertEquals(bfs[destination], slice.hopDistance(source, destination));
                assertEquals(bfs[destination], route.hops());
                int at = source;
                Axis previousAxis = Axis.X;
                Direction previousDirection = null;
                for (DirectedLink link : route.links()) {
                    assertEquals(at, link.from());
                    assertEquals(link, slice.link(link.id()));
                    assertTrue(link.axis().index() >= previousAxis.index(), "dimension order in " + route);
                    if (link.axis() == previousAxis && previousDirection != null) {
                        assertEquals(previousDirection, link.direction(), "one direction per axis in " + route);
                    }
                    previousAxis = link.axis();
                    previousDirection = link.direction();
                    at = link.to();
                }
                assertEquals(destination, at);
            }
        }
    }

    /** Sum of hop distances from chip 0 on 16x16x16: per ring, 0+1+...+8+7+...+1 = 64, times 256 x 3 axes. */
    @Test
    void route_fullPod_everyDestinationFromChipZero() {
        Slice slice = Slice.of(SliceShape.of(16, 16, 16));
        long totalHops = 0;
        for (int destination = 0; destination < slice.chipCount(); destination++) {
            totalHops += slice.route(0, destination).hops();
        }
        assertEquals(3 * 64 * 256, totalHops);
    }

    @Test
    void routeRecord_rejectsLinksThatDoNotJoinUp() {
        DirectedLink first = new DirectedLink(0, 0, 1, Axis.X, Direction.PLUS);
        DirectedLink gap = new DirectedLink(5, 2, 3, Axis.X, Direction.PLUS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Route(0, 3, List.of(first, gap)));
        assertTrue(e.getMessage().contains("hop 1 is link 2->3 +x but the previous hop ended at chip 1"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Route(0, 2, List.of(first)));
        assertEquals(0, new Route(4, 4, List.of()).hops());
    }

    @Test
    void route_onRingForcedToLine_goesTheLongWay() {
        Slice slice = Slice.of(SliceShape.of(4, 1, 1), Map.of(Axis.X, false));
        assertEquals("0->1 +x, 1->2 +x, 2->3 +x",
                slice.route(0, 3).links().stream().map(DirectedLink::toString).collect(Collectors.joining(", ")));
    }

    private static int[] breadthFirstDistances(Slice slice, int source) {
        int[] distance = new int[slice.chipCount()];
        Arrays.fill(distance, -1);
        distance[source] = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(source));
        while (!queue.isEmpty()) {
            int chip = queue.poll();
            for (Axis axis : Axis.values()) {
                for (Direction direction : Direction.values()) {
                    slice.neighbour(chip, axis, direction).ifPresent(next -> {
                        if (distance[next] < 0) {
                            distance[next] = distance[chip] + 1;
                            queue.add(next);
                        }
                    });
                }
            }
        }
        return distance;
    }
}
