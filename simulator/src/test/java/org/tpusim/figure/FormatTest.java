package org.tpusim.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.02542 | 25.42 ms", "1.627 | 1.627 s", "0.000358 | 358.0 \u00b5s", "92.5733 | 92.57 s",
            "2.913e-12 | 0 s", "3e-11 | 0.03000 ns", "0 | 0 s", "5400 | 90.00 min", "36000 | 10.00 h",
            "0.99996 | 1000 ms", "-0.5 | -500.0 ms"})
    void secondsPickTheUnitThatSuitsThem(double s, String expected) {
        assertEquals(expected, Format.seconds(s));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"92573.3 | 92.57 s", "0.5 | 500.0 \u00b5s"})
    void millisecondsAreTimesToo(double ms, String expected) {
        assertEquals(expected, Format.millis(ms));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"67108864 | 64 MiB", "512 | 512 B", "1536 | 1.5 KiB",
            "34359738368 | 32 GiB", "1e15 | 909.5 TiB", "0 | 0 B"})
    void bytesUseBinaryUnits(double b, String expected) {
        assertEquals(expected, Format.bytes(b));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"2.75e14 | FLOP/s | 275.0 TFLOP/s", "45e9 | B/s | 45.00 GB/s",
            "250 | ns | 250.0 ns", "0.72 | fraction | 0.7200", "128 | elements | 128 elements",
            "3.4359738368e10 | B | 32 GiB"})
    void catalogQuantitiesReadAsTheirUnit(double v, String unit, String expected) {
        assertEquals(expected, Format.quantity(v, unit));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"66720 | 66720", "6.672e4 | 66720", "0.000123456 | 0.0001235", "0.0000123456 | 1.235e-5",
            "1.5e9 | 1.500e9", "12.3456 | 12.35", "NaN | n/a"})
    void numbersHaveFourSignificantDigitsAndNoExponentInTheOrdinaryRange(double v, String expected) {
        assertEquals(expected, Format.number(v));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0.1412 | 14.1%", "0.76 | 76.0%"})
    void fractionsArePercentages(double f, String expected) {
        assertEquals(expected, Format.percent(f));
    }
}
