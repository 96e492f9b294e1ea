package org.tpusim.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SliceTest {

    /** Parses "x=true;z=false" into a wraparound override; "-" is no override. */
    static Map<Axis, Boolean> overrides(String text) {
        Map<Axis, Boolean> map = new EnumMap<>(Axis.class);
        if (!text.equals("-")) {
            for (String entry : text.split(";")) {
                String[] parts = entry.split("=");
                map.put(Axis.fromLetter(parts[0].charAt(0)), Boolean.parseBoolean(parts[1]));
            }
        }
        return map;
    }

    static ChipCoord coord(String text) {
        String[] parts = text.replace("[", "").replace("]", "").split(",");
        return new ChipCoord(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                Integer.parseInt(parts[2].trim()));
    }

    // ---- wraparound ----

    /** A size-n x axis (y, z of size 1): a ring has n physical links, a line n-1; two directions each. */
    @ParameterizedTest
    @CsvSource({
        "1,  false, 0",
        "2,  false, 2",
        "3,  false, 4",
        "4,  true,  8",
        "5,  false, 8",
        "6,  false, 10",
        "8,  true,  16",
        "12, true,  24",
        "16, true,  32",
    })
    void wraparound_iffSizeIsMultipleOf4(int size, boolean wraps, int directedLinks) {
        Slice slice = Slice.of(SliceShape.of(size, 1, 1));
        assertEquals(wraps, slice.wraps(Axis.X));
        assertFalse(slice.wraps(Axis.Y));
        assertFalse(slice.wraps(Axis.Z));
        assertEquals(directedLinks, slice.linkCount());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        4x4x4 | -                     | true  | true  | true  | 384
        4x4x4 | x=false               | false | true  | true  | 352
        4x4x8 | z=false               | true  | true  | false | 736
        3x3x3 | x=true;y=true;z=true  | true  | true  | true  | 162
        3x3x3 | y=false               | false | false | false | 108
        6x4x1 | x=true                | true  | true  | false | 96
        4x4x1 | z=false;x=false       | false | true  | false | 56
        """)
    void wraparound_override(String shape, String override, boolean wrapsX, boolean wrapsY, boolean wrapsZ,
            int directedLinks) {
        // 4x4x4 with x a line: x has 3 links per line x 16 lines x 2 = 96, y and z 4 x 16 x 2 = 128 each.
        // 4x4x8 with z a line: x, y 4 x 32 x 2 = 256 each, z 7 x 16 x 2 = 224.
        // 3x3x3 all rings: 3 x 9 x 2 = 54 per axis. 6x4x1 x ring: 6 x 4 x 2 = 48, y 4 x 6 x 2 = 48.
        // 4x4x1 x line: 3 x 4 x 2 = 24, y ring 4 x 4 x 2 = 32.
        Slice slice = Slice.of(SliceShape.parse(shape), overrides(override));
        assertEquals(wrapsX, slice.wraps(Axis.X));
        assertEquals(wrapsY, slice.wraps(Axis.Y));
        assertEquals(wrapsZ, slice.wraps(Axis.Z));
        assertEquals(directedLinks, slice.linkCount());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        2x4x4 | x=true | axis x of slice 2x4x4: it has 2 chip(s), and a ring needs at least 3 (a 2-chip ring would be two links between the same pair of chips)
        4x1x4 | y=true | axis y of slice 4x1x4: it has 1 chip(s), and a ring needs at least 3
        """)
    void wraparound_forcedOnTinyAxis_isRejected(String shape, String override, String expectedMessagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Slice.of(SliceShape.parse(shape), overrides(override)));
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }

    @Test
    void wraparound_forcedOffOnTinyAxis_isAllowed() {
        Slice slice = Slice.of(SliceShape.of(2, 1, 1), Map.of(Axis.X, false, Axis.Y, false));
        assertEquals(2, slice.linkCount());
    }

    // ---- chip ids ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        4x4x8 | [0,0,0] | 0
        4x4x8 | [3,0,0] | 3
        4x4x8 | [0,1,0] | 4
        4x4x8 | [0,0,1] | 16
        4x4x8 | [1,2,3] | 57
        4x4x8 | [3,3,7] | 127
        3x2x4 | [2,1,3] | 23
        1x1x1 | [0,0,0] | 0
        """)
    void chipId_isXFastest(String shape, String coordText, int id) {
        // 4x4x8 [1,2,3]: 1 + 4*(2 + 4*3) = 57. 3x2x4 [2,1,3]: 2 + 3*(1 + 2*3) = 23.
        Slice slice = Slice.of(SliceShape.parse(shape));
        ChipCoord coord = coord(coordText);
        assertTrue(slice.contains(coord));
        assertEquals(id, slice.id(coord));
        assertEquals(coord, slice.coord(id));
        for (Axis axis : Axis.values()) {
            assertEquals(coord.get(axis), slice.axisIndexOf(id, axis));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"3x2x4", "4x4x4", "1x5x1", "2x1x3"})
    void chipId_roundTripsForEveryChip(String shape) {
        Slice slice = Slice.of(SliceShape.parse(shape));
        for (int id = 0; id < slice.chipCount(); id++) {
            assertEquals(id, slice.id(slice.coord(id)));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        4x4x4 | [4,0,0]  | chip [4,0,0] is outside slice 4x4x4
        4x4x4 | [-1,0,0] | chip [-1,0,0] is outside slice 4x4x4
        4x4x4 | [0,0,4]  | chip [0,0,4] is outside slice 4x4x4
        3x2x1 | [0,2,0]  | chip [0,2,0] is outside slice 3x2x1
        """)
    void chipId_outsideSlice_isRejected(String shape, String coordText, String expectedMessage) {
        Slice slice = Slice.of(SliceShape.parse(shape));
        assertFalse(slice.contains(coord(coordText)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> slice.id(coord(coordText)));
        assertEquals(expectedMessage, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        64 | chip id 64 is outside slice 4x4x4 (ids 0..63)
        -1 | chip id -1 is outside slice 4x4x4 (ids 0..63)
        """)
    void coord_outsideSlice_isRejected(int id, String expectedMessage) {
        Slice slice = Slice.of(SliceShape.of(4, 4, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> slice.coord(id));
        assertEquals(expectedMessage, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> slice.neighbour(id, Axis.X, Direction.PLUS));
        assertThrows(IllegalArgumentException.class, () -> slice.hopDistance(0, id));
    }

    // ---- links ----

    @ParameterizedTest
    @CsvSource({
        "4x4x4,    64,   384",
        "2x2x1,    4,    8",
        "1x1x1,    1,    0",
        "3x1x1,    3,    4",
        "4x1x1,    4,    8",
        "2x2x2,    8,    24",
        "3x3x3,    27,   108",
        "4x4x3,    48,   256",
        "4x4x2,    32,   160",
        "8x8x16,   1024, 6144",
        "16x16x16, 4096, 24576",
    })
    void linkCount(String shape, int chips, int directedLinks) {
        // 2x2x2: a line of 2 has 1 physical link; 4 lines per axis, 3 axes, 2 directions = 24.
        // 3x3x3: 2 links per line x 9 lines x 3 axes x 2 = 108.
        // 4x4x3: x, y rings 4 x 12 x 2 = 96 each; z line 2 x 16 x 2 = 64.
        // 4x4x2: x, y rings 4 x 8 x 2 = 64 each; z line 1 x 16 x 2 = 32.
        Slice slice = Slice.of(SliceShape.parse(shape));
        assertEquals(chips, slice.chipCount());
        assertEquals(directedLinks, slice.linkCount());
        assertEquals(directedLinks, slice.links().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        2x2x1 | 0->1 +x, 0->2 +y, 1->0 -x, 1->3 +y, 2->3 +x, 2->0 -y, 3->2 -x, 3->1 -y
        4x1x1 | 0->1 +x, 0->3 -x, 1->2 +x, 1->0 -x, 2->3 +x, 2->1 -x, 3->0 +x, 3->2 -x
        3x1x1 | 0->1 +x, 1->2 +x, 1->0 -x, 2->1 -x
        1x2x3 | 0->1 +y, 0->2 +z, 1->0 -y, 1->3 +z, 2->3 +y, 2->4 +z, 2->0 -z, 3->2 -y, 3->5 +z, 3->1 -z, 4->5 +y, 4->2 -z, 5->4 -y, 5->3 -z
        """)
    void links_orderedBySourceThenAxisThenPlusFirst(String shape, String expected) {
        Slice slice = Slice.of(SliceShape.parse(shape));
        assertEquals(expected, slice.links().stream().map(DirectedLink::toString).collect(Collectors.joining(", ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4x4x4", "4x4x3", "2x2x1", "3x2x4", "1x1x5", "8x1x2"})
    void links_idsAreDenseAndLookupsAgree(String shape) {
        Slice slice = Slice.of(SliceShape.parse(shape));
        for (int id = 0; id < slice.linkCount(); id++) {
            DirectedLink link = slice.link(id);
            assertEquals(id, link.id());
            assertEquals(link, slice.links().get(id));
            assertEquals(link, slice.link(link.from(), link.axis(), link.direction()).orElseThrow());
            assertEquals(link.to(), slice.neighbour(link.from(), link.axis(), link.direction()).getAsInt());
            // Every directed link has a partner going back the other way along the same physical link.
            DirectedLink back = slice.link(link.to(), link.axis(), link.direction().opposite()).orElseThrow();
            assertEquals(link.from(), back.to());
            assertEquals(1, slice.hopDistance(link.from(), link.to()));
        }
    }

    @Test
    void link_unknownId_isRejected() {
        Slice slice = Slice.of(SliceShape.of(2, 2, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> slice.link(8));
        assertEquals("link id 8 is outside slice 2x2x1 (ids 0..7)", e.getMessage());
    }

    /** 4x4x3: x and y are rings, z is a line of 3. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        [0,0,0] | X | MINUS | [3,0,0]
        [3,0,0] | X | PLUS  | [0,0,0]
        [1,2,0] | Y | PLUS  | [1,3,0]
        [1,3,0] | Y | PLUS  | [1,0,0]
        [0,0,0] | Z | MINUS | none
        [0,0,2] | Z | PLUS  | none
        [0,0,1] | Z | PLUS  | [0,0,2]
        [2,1,2] | Z | MINUS | [2,1,1]
        """)
    void neighbour_onRingsAndLines(String from, Axis axis, Direction direction, String expected) {
        Slice slice = Slice.of(SliceShape.of(4, 4, 3));
        OptionalInt neighbour = slice.neighbour(slice.id(coord(from)), axis, direction);
        if (expected.equals("none")) {
            assertTrue(neighbour.isEmpty());
            assertTrue(slice.link(slice.id(coord(from)), axis, direction).isEmpty());
        } else {
            assertEquals(expected, slice.coord(neighbour.getAsInt()).toString());
        }
    }

    @Test
    void sizeOneAxes_haveNoLinks() {
        Slice slice = Slice.of(SliceShape.of(1, 1, 1));
        assertEquals(0, slice.linkCount());
        for (Axis axis : Axis.values()) {
            for (Direction direction : Direction.values()) {
                assertTrue(slice.neighbour(0, axis, direction).isEmpty());
            }
        }
        assertEquals("slice 1x1x1 (x line, y line, z line)", slice.toString());
        assertEquals("slice 4x4x6 (x ring, y ring, z line)", Slice.of(SliceShape.of(4, 4, 6)).toString());
    }

    @Test
    void slicesWithSameShapeAndWraparound_areEqual() {
        SliceShape shape = SliceShape.of(4, 4, 4);
        assertEquals(Slice.of(shape), Slice.of(shape, Map.of(Axis.X, true)));
        assertFalse(Slice.of(shape).equals(Slice.of(shape, Map.of(Axis.X, false))));
        assertEquals(Slice.of(shape).hashCode(), Slice.of(shape, Map.of(Axis.Z, true)).hashCode());
    }
}
