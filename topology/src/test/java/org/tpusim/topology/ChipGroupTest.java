package org.tpusim.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tpusim.topology.SliceTest.coord;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChipGroupTest {

    private static final List<String> ALL_MESH_AXES = List.of("x", "y", "z", "xy", "xz", "yz", "xyz");

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        4x4x4 | x   | [2,1,3] | 54  | 4   | 16 | 2  | 52
        4x4x4 | yz  | [1,2,3] | 57  | 16  | 4  | 14 | 1
        4x4x4 | xyz | [3,3,3] | 63  | 64  | 1  | 63 | 0
        4x4x8 | x   | [1,2,5] | 89  | 4   | 32 | 1  | 88
        4x4x8 | z   | [1,2,3] | 57  | 8   | 16 | 3  | 9
        4x4x8 | yz  | [3,1,6] | 103 | 32  | 4  | 25 | 3
        4x4x8 | xz  | [2,3,7] | 126 | 32  | 4  | 30 | 12
        4x4x8 | xyz | [1,1,1] | 21  | 128 | 1  | 21 | 0
        4x1x1 | y   | [2,0,0] | 2   | 1   | 4  | 0  | 2
        1x1x1 | xyz | [0,0,0] | 0   | 1   | 1  | 0  | 0
        """)
    void group_sizeCountPositionAndLowestMember(String shape, String axesText, String coordText, int chip,
            int groupSize, int groupCount, int position, int lowestMember) {
        // yz on 4x4x4, chip [1,2,3]: position y + 4*z = 2 + 12 = 14; lowest member [1,0,0] = 1.
        // yz on 4x4x8, chip [3,1,6]: position 1 + 4*6 = 25. xz, chip [2,3,7]: 2 + 4*7 = 30; lowest [0,3,0] = 12.
        // z on 4x4x8, chip [1,2,3]: position 3; lowest [1,2,0] = 1 + 4*2 = 9.
        Slice slice = Slice.of(SliceShape.parse(shape));
        MeshAxes axes = MeshAxes.parse(axesText);
        assertEquals(chip, slice.id(coord(coordText)));
        ChipGroup group = slice.group(axes, chip);
        assertEquals(axes, group.axes());
        assertEquals(groupSize, group.size());
        assertEquals(groupCount, slice.groups(axes).size());
        assertEquals(position, group.positionOf(chip));
        assertEquals(chip, group.member(position));
        assertEquals(lowestMember, group.lowestMember());
        assertEquals(lowestMember, group.member(0));
        assertTrue(group.contains(chip));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        4x4x4 | x   | 54 | 52 53 54 55
        4x4x4 | y   | 54 | 50 54 58 62
        4x4x4 | z   | 54 | 6 22 38 54
        4x4x4 | yz  | 57 | 1 5 9 13 17 21 25 29 33 37 41 45 49 53 57 61
        2x2x2 | xz  | 3  | 2 3 6 7
        2x2x2 | xy  | 6  | 4 5 6 7
        2x3x1 | xy  | 4  | 0 1 2 3 4 5
        4x4x8 | z   | 57 | 9 25 41 57 73 89 105 121
        """)
    void group_membersByPosition(String shape, String axesText, int chip, String expectedMembers) {
        // 4x4x4 chip 54 = [2,1,3]: its y line is [2,y,3] = 2 + 4y + 48; its z line is [2,1,z] = 6 + 16z.
        // 2x2x2 chip 3 = [1,1,0], axes xz: position x + 2z over [x,1,z] -> 2, 3, 6, 7.
        Slice slice = Slice.of(SliceShape.parse(shape));
        ChipGroup group = slice.group(MeshAxes.parse(axesText), chip);
        int[] expected = Arrays.stream(expectedMembers.split(" ")).mapToInt(Integer::parseInt).toArray();
        assertArrayEquals(expected, group.members());
        for (int position = 0; position < expected.length; position++) {
            assertEquals(expected[position], group.member(position));
            assertEquals(position, group.positionOf(expected[position]));
        }
    }

    /** For every mesh-axis subset: each chip is in exactly one group, and the groups are listed by lowest id. */
    @ParameterizedTest
    @ValueSource(strings = {"4x4x4", "4x4x8", "2x3x5", "1x1x1", "4x1x2"})
    void groups_partitionTheSlice(String shape) {
        Slice slice = Slice.of(SliceShape.parse(shape));
        for (String axesText : ALL_MESH_AXES) {
            MeshAxes axes = MeshAxes.parse(axesText);
            List<ChipGroup> groups = slice.groups(axes);
            int groupSize = axes.groupSize(slice.shape());
            assertEquals(slice.chipCount() / groupSize, groups.size(), axesText);
            int[] timesSeen = new int[slice.chipCount()];
            int previousLowest = -1;
            for (ChipGroup group : groups) {
                assertEquals(groupSize, group.size());
                assertTrue(group.lowestMember() > previousLowest, "ordered by lowest member");
                previousLowest = group.lowestMember();
                int[] members = group.members();
                for (int position = 0; position < members.length; position++) {
                    int chip = members[position];
                    timesSeen[chip]++;
                    assertEquals(position, group.positionOf(chip));
                    assertEquals(group, slice.group(axes, chip));
                    if (position > 0) {
                        assertTrue(chip > members[position - 1], "positions rise with chip ids");
                    }
                    // Members agree with the group's anchor on every axis outside the group.
                    for (Axis axis : Axis.values()) {
                        if (!axes.contains(axis)) {
                            assertEquals(slice.axisIndexOf(group.lowestMember(), axis), slice.axisIndexOf(chip, axis));
                        }
                    }
                }
            }
            for (int chip = 0; chip < slice.chipCount(); chip++) {
                assertEquals(1, timesSeen[chip], "chip " + chip + " in " + axesText);
                int chipId = chip;
                assertEquals(1, groups.stream().filter(g -> g.contains(chipId)).count());
            }
        }
    }

    @Test
    void positionOf_nonMember_isRejected() {
        Slice slice = Slice.of(SliceShape.of(4, 4, 4));
        ChipGroup group = slice.group(MeshAxes.parse("x"), 54);
        assertFalse(group.contains(0));
        assertFalse(group.contains(64));
        assertFalse(group.contains(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> group.positionOf(0));
        assertEquals("chip 0 is not in group x of 4x4x4 from chip 52 (4 chips)", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> group.member(4));
    }

    @Test
    void members_isACopy() {
        ChipGroup group = Slice.of(SliceShape.of(4, 4, 4)).group(MeshAxes.parse("x"), 0);
        group.members()[0] = 99;
        assertEquals(0, group.member(0));
    }

    @Test
    void groups_areCachedAndEqualAcrossLookups() {
        Slice slice = Slice.of(SliceShape.of(4, 4, 8));
        assertTrue(slice.groups(MeshAxes.parse("yz")) == slice.groups(MeshAxes.parse("zy")));
        assertEquals("group yz of 4x4x8 from chip 3 (32 chips)",
                slice.group(MeshAxes.parse("yz"), 103).toString());
        assertEquals("0 1 2 3", slice.groups(MeshAxes.parse("yz")).stream()
                .map(g -> Integer.toString(g.lowestMember())).collect(Collectors.joining(" ")));
    }
}
