package org.tpusim.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SliceShapeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        4x4x4      | 4  | 4  | 4  | 64   | 4x4x4
        8x8x16     | 8  | 8  | 16 | 1024 | 8x8x16
        2x2x1      | 2  | 2  | 1  | 4    | 2x2x1
        1x1x1      | 1  | 1  | 1  | 1    | 1x1x1
        16x16x16   | 16 | 16 | 16 | 4096 | 16x16x16
        " 4X4x8 "  | 4  | 4  | 8  | 128  | 4x4x8
        3x2x5      | 3  | 2  | 5  | 30   | 3x2x5
        1024x1024x1| 1024 | 1024 | 1 | 1048576 | 1024x1024x1
        """)
    void parse_valid(String text, int x, int y, int z, int chips, String printed) {
        SliceShape shape = SliceShape.parse(text);
        assertEquals(SliceShape.of(x, y, z), shape);
        assertEquals(x, shape.size(Axis.X));
        assertEquals(y, shape.size(Axis.Y));
        assertEquals(z, shape.size(Axis.Z));
        assertEquals(chips, shape.chipCount());
        assertEquals(printed, shape.toString());
        assertEquals(shape, SliceShape.parse(shape.toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        4x0x4                     | axis y has size 0; expected a positive integer
        0x4x4                     | axis x has size 0; expected a positive integer
        4                         | invalid slice shape '4': expected XxYxZ (3D torus, e.g. 4x4x8) or XxY (2D torus
        a x b                     | axis x is 'a '; expected XxYxZ (3D torus, e.g. 4x4x8) or XxY (2D torus, e.g. 4x4)
        4x4x-1                    | axis z is '-1'; expected XxYxZ
        4x-1                      | axis y is '-1'; expected XxYxZ
        4x0                       | axis y has size 0; expected a positive integer
        ""                        | invalid slice shape '': expected XxYxZ
        4x4x4x4                   | invalid slice shape '4x4x4x4': expected XxYxZ
        4x4x                      | axis z is ''; expected XxYxZ
        4 x4x4                    | axis x is '4 '; expected XxYxZ
        4x4x8.5                   | axis z is '8.5'
        1024x1024x2               | has 2097152 chips; expected at most 1048576 (2^20)
        99999999999x99999999999x1 | has 9999999999800000000001 chips; expected at most 1048576
        """)
    void parse_invalid_saysWhatWasExpected(String text, String expectedMessagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SliceShape.parse(text));
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        4          | 0          | 4          | axis y has size 0; expected a positive integer
        1          | 1          | -3         | axis z has size -3; expected a positive integer
        1048576    | 2          | 1          | slice shape 1048576x2x1 has 2097152 chips; expected at most 1048576
        2147483647 | 2147483647 | 2147483647 | has 9903520300447984150353281023 chips
        """)
    void constructor_invalid(int x, int y, int z, String expectedMessagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SliceShape.of(x, y, z));
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }
}
