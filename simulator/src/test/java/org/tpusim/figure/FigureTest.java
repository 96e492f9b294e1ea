package org.tpusim.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tpusim.analytical.ServingMetrics;

class FigureTest {
    @Test
    void keysAreUniquePerKindAndFlatKeysSpellThemWithUnderscores() {
        Set<String> seen = new HashSet<>();
        for (Figure f : Figure.values()) {
            assertTrue(seen.add(f.kind() + " " + f.key()), f.name());
            assertEquals(f.key().replace('.', '_'), f.flatKey());
            assertEquals(f, Figure.find(f.kind(), f.key()).orElseThrow());
        }
        assertEquals("mfu_prefill", Figure.MFU_PREFILL.flatKey());
        assertEquals("cost_chip_ms_per_token_decode", Figure.COST_DECODE.flatKey());
    }

    @Test
    void timesAreComparedRelativelyAndFractionsInPoints() {
        assertEquals(0.1, Figure.DECODE_PER_TOKEN_MS.error(31.24, 28.4), 1e-12);
        assertEquals(0.02, Figure.MFU_DECODE.error(0.16, 0.14), 1e-12);
        assertTrue(Figure.MFU_TOTAL.fraction());
        assertTrue(!Figure.TOTAL_S.fraction());
    }

    @Test
    void batchKeysInTheOrderMessagesListThem() {
        assertEquals("prefill_s, decode_s, decode_per_token_ms, total_s, mfu.prefill, mfu.decode, mfu.total, "
                + "cost_chip_ms_per_token.prefill, cost_chip_ms_per_token.decode", Figure.keysFor("batch"));
    }

    @Test
    void unitsConvertFromNanoseconds() {
        assertEquals(1.5, Units.seconds(1.5e9), 0);
        assertEquals(2.5, Units.millis(2.5e6), 0);
        assertEquals(2.5, Units.of(2.5e6, Unit.MILLISECONDS), 0);
    }

    @Test
    void mfuAndCostFollowThePapersDefinitions() {
        // PaLM 540B, 64 chips at 275 TFLOP/s: 64 tokens take 2 x 540e9 x 64 / (64 x 275e12) s = 3.927 ms at 100%
        double idealNs = 2 * 540e9 * 64 / (64 * 275e12) * 1e9;
        assertEquals(idealNs, ServingMetrics.idealNs(540e9, 64, 64, 275e12), 1e-9 * idealNs);
        assertEquals(0.25, ServingMetrics.mfu(540e9, 64, 64, 275e12, 4 * idealNs), 1e-12);
        assertEquals(0, ServingMetrics.mfuOrZero(540e9, 64, 64, 275e12, 0));
        // 64 chips x 28.4 ms / 64 tokens = 28.4 chip-ms per token (sec. 4.4)
        assertEquals(28.4, ServingMetrics.costChipMsPerToken(64, 28.4e6, 64), 1e-12);
        assertEquals(0, ServingMetrics.costChipMsPerTokenOrZero(64, 28.4e6, 0));
    }
}
