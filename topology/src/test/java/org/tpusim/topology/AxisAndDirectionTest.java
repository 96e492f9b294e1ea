package org.tpusim.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AxisAndDirectionTest {

    @ParameterizedTest
    @CsvSource({
        "x, X, 0",
        "y, Y, 1",
        "z, Z, 2",
        "X, X, 0",
        "Z, Z, 2",
    })
    void fromLetter_readsEitherCase(char letter, Axis expected, int index) {
        Axis axis = Axis.fromLetter(letter);
        assertEquals(expected, axis);
        assertEquals(index, axis.index());
        assertEquals(Character.toLowerCase(letter), axis.letter());
    }

    @Test
    void fromLetter_unknownLetter_listsTheAxes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Axis.fromLetter('w'));
        assertTrue(e.getMessage().contains("unknown axis 'w'; expected one of x, y, z"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "PLUS,  1, MINUS",
        "MINUS, -1, PLUS",
    })
    void direction_signAndOpposite(Direction direction, int sign, Direction opposite) {
        assertEquals(sign, direction.sign());
        assertEquals(opposite, direction.opposite());
        assertEquals(direction, direction.opposite().opposite());
    }

    @ParameterizedTest
    @CsvSource({
        "3, 7, Y, PLUS,  3->7 +y",
        "0, 3, X, MINUS, 0->3 -x",
        "44, 28, Z, MINUS, 44->28 -z",
    })
    void directedLink_toString(int from, int to, Axis axis, Direction direction, String expected) {
        assertEquals(expected, new DirectedLink(0, from, to, axis, direction).toString());
    }

    @Test
    void directedLink_toItself_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DirectedLink(0, 5, 5, Axis.X, Direction.PLUS));
    }

    @ParameterizedTest
    @CsvSource({
        "1, 2, 3, X, 1, '[9,2,3]'",
        "1, 2, 3, Y, 2, '[1,9,3]'",
        "1, 2, 3, Z, 3, '[1,2,9]'",
    })
    void chipCoord_getAndWith(int x, int y, int z, Axis axis, int expectedGet, String expectedWith) {
        ChipCoord coord = new ChipCoord(x, y, z);
        assertEquals(expectedGet, coord.get(axis));
        assertEquals(expectedWith, coord.with(axis, 9).toString());
        assertEquals("[1,2,3]", coord.toString());
    }
}
