package org.tpusim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.figure.Figure;
import org.tpusim.input.InputException;

/** The optional reference: block of a sweep file: published points, read and checked with file:line errors. */
class SweepReferenceTest {
    private static final String SWEEP = "sweep:\n  workload.batch: [1, 4]\n";

    private static Sweep sweep(String reference) {
        return Sweep.parse("s.yaml", Path.of(""), SweepTest.BASE + SWEEP + reference, SweepTest.LOADER);
    }

    @Test
    void aReferenceBlockIsParsedAndChangesNoPoint() {
        Sweep s = sweep("""
                reference:
                  source: "Figure 1"
                  points:
                    - {chips: 64, batch: 64, weights: int8, decode_per_token_ms: 27.85, cost_chip_ms_per_token.decode: 27.85}
                    - {chips: 8, batch: 1, weights: bf16, model: palm-8b, prefill_s: 0.05086, mfu_prefill: 0.293}
                """);
        SweepReference r = s.reference();
        assertEquals("Figure 1", r.source());
        assertEquals(2, r.points().size());
        SweepReference.Point p = r.points().get(0);
        assertEquals(64, p.chips());
        assertEquals(64, p.batch());
        assertEquals("int8", p.weights());
        assertEquals(27.85, p.figures().get(Figure.DECODE_PER_TOKEN_MS));
        assertEquals(27.85, p.figures().get(Figure.COST_DECODE), "the results.json key names the figure too");
        assertEquals(11, p.line(), "the line of the point in the sweep file");
        assertTrue(p.matches("palm-540b", "int8") && !p.matches("palm-540b", "bf16"));
        assertTrue(r.points().get(1).matches("palm-8b", "bf16") && !r.points().get(1).matches("palm-62b", "bf16"));
        Sweep plain = Sweep.parse("s.yaml", Path.of(""), SweepTest.BASE + SWEEP, SweepTest.LOADER);
        assertNull(plain.reference());
        assertEquals(plain.points(), s.points(), "the block is no part of the scenario");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not a mapping|reference: [1, 2]|s.yaml:8: reference",
        "no source|reference: {points: [{chips: 8, batch: 1, weights: bf16, prefill_s: 1}]}|s.yaml:8: reference",
        "empty points|reference: {source: F1, points: []}|s.yaml:8: reference.points: empty list",
        "unknown figure|reference: {source: F1, points: [{chips: 8, batch: 1, weights: bf16, latency: 3}]}"
                + "|s.yaml:8: reference.points[0].latency: unknown key 'latency'",
        "bad dtype|reference: {source: F1, points: [{chips: 8, batch: 1, weights: fp4, prefill_s: 1}]}"
                + "|s.yaml:8: reference.points[0].weights: unknown weight dtype 'fp4'",
        "zero chips|reference: {source: F1, points: [{chips: 0, batch: 1, weights: bf16, prefill_s: 1}]}"
                + "|s.yaml:8: reference.points[0].chips: expected a whole number from 1",
        "negative figure|reference: {source: F1, points: [{chips: 8, batch: 1, weights: bf16, prefill_s: -1}]}"
                + "|s.yaml:8: reference.points[0].prefill_s: expected a positive number",
        "MFU above 1|reference: {source: F1, points: [{chips: 8, batch: 1, weights: bf16, mfu_decode: 7}]}"
                + "|s.yaml:8: reference.points[0].mfu_decode: expected a fraction",
        "no figure|reference: {source: F1, points: [{chips: 8, batch: 1, weights: bf16}]}"
                + "|s.yaml:8: reference.points[0]: the point names no figure"})
    void badReferenceBlocksAreInputErrorsWithFileLineAndKey(String what, String block, String expected) {
        InputException e = assertThrows(InputException.class, () -> sweep(block + "\n"));
        assertTrue(e.getMessage().startsWith(expected), what + ": " + e.getMessage());
    }

    @Test
    void theBundledFigure1SweepsCarryThePapersLabelledPoints() {
        for (String name : List.of("fig1-palm8b", "fig1-palm62b", "fig1-palm540b")) {
            Path file = Path.of("..", "scenarios", "sweeps", name + ".yaml");
            Sweep s = Sweep.read(file, SweepTest.LOADER);
            assertEquals("Figure 1", s.reference().source(), name);
            assertTrue(s.reference().points().stream().anyMatch(p -> p.figures().containsKey(Figure.COST_DECODE)));
            assertTrue(s.reference().points().stream().anyMatch(p -> p.figures().containsKey(Figure.COST_PREFILL)));
        }
    }
}
