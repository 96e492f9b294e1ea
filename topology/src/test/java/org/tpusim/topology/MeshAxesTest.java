package org.tpusim.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeshAxesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        x     | x   | true  | false | false
        y     | y   | false | true  | false
        z     | z   | false | false | true
        xy    | xy  | true  | true  | false
        yx    | xy  | true  | true  | false
        yz    | yz  | false | true  | true
        zx    | xz  | true  | false | true
        xyz   | xyz | true  | true  | true
        zyx   | xyz | true  | true  | true
        " YZ "| yz  | false | true  | true
        """)
    void parse_normalisesToXyzOrder(String text, String name, boolean hasX, boolean hasY, boolean hasZ) {
        MeshAxes axes = MeshAxes.parse(text);
        assertEquals(name, axes.name());
        assertEquals(name, axes.toString());
        assertEquals(hasX, axes.contains(Axis.X));
        assertEquals(hasY, axes.contains(Axis.Y));
        assertEquals(hasZ, axes.contains(Axis.Z));
        assertEquals(name.length(), axes.axes().size());
        for (int i = 0; i < name.length(); i++) {
            assertEquals(Axis.fromLetter(name.charAt(i)), axes.axes().get(i));
        }
        assertEquals(MeshAxes.parse(name), axes);
        assertEquals(MeshAxes.parse(name).hashCode(), axes.hashCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        xx   | axis x is repeated; expected one of x, y, z, xy, xz, yz, xyz
        xyzx | axis x is repeated
        ""   | invalid mesh axes '': expected one of x, y, z, xy, xz, yz, xyz
        "  " | expected one of x, y, z, xy, xz, yz, xyz
        xw   | unknown axis 'w'; expected one of x, y, z, xy, xz, yz, xyz
        "x y"| unknown axis ' '
        ws-1d| unknown axis 'w'
        """)
    void parse_invalid_listsAcceptedForms(String text, String expectedMessagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeshAxes.parse(text));
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }

    @Test
    void of_normalisesAndRejectsRepeatsAndEmpty() {
        assertEquals("xz", MeshAxes.of(Axis.Z, Axis.X).name());
        assertEquals(List.of(Axis.X, Axis.Z), MeshAxes.of(Axis.Z, Axis.X).axes());
        assertEquals(MeshAxes.parse("xz"), MeshAxes.of(Axis.Z, Axis.X));
        assertFalse(MeshAxes.of(Axis.Y).equals(MeshAxes.of(Axis.Z)));
        assertThrows(IllegalArgumentException.class, () -> MeshAxes.of(Axis.Y, Axis.Y));
        assertThrows(IllegalArgumentException.class, () -> MeshAxes.of());
    }

    @ParameterizedTest
    @CsvSource({
        "4x4x8, x,   4",
        "4x4x8, z,   8",
        "4x4x8, yz,  32",
        "4x4x8, xz,  32",
        "4x4x8, xyz, 128",
        "2x3x5, xy,  6",
        "2x3x5, yz,  15",
        "1x1x1, xyz, 1",
    })
    void groupSize_isProductOfSizesOnTheAxes(String shape, String axes, int expected) {
        assertEquals(expected, MeshAxes.parse(axes).groupSize(SliceShape.parse(shape)));
    }
}
