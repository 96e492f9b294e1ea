package org.tpusim.validation;

import java.util.Set;

/**
 * The bounds the calibrated TPU v4 parameters are held to (see docs/calibration.md for the figures). The
 * targets are 10% mean error on times, no time worse than 25%, MFU within 3 points; the calibration reaches
 * 10.2%, six known misses and a 2.8-point mean MFU error, so the mean-time bound sits just above what is
 * reached (a regression guard, not the target).
 */
final class Calibration {
    static final double MAX_MEAN_ERROR = 0.105;
    static final double MAX_WORST_ERROR = 0.25;
    static final double MAX_MEAN_MFU_ERROR = 0.03;
    /**
     * Time figures the model is known not to reproduce within 25%, each explained in docs/calibration.md
     * ("Points that still miss"). The list may only shrink: a new miss fails the test.
     */
    static final Set<String> OUTLIERS = Set.of(
            "fig8-multihead-ctx512 decode_per_token_ms",
            "fig8-multihead-ctx2048 decode_per_token_ms",
            "fig8-multihead-ctx8192 decode_per_token_ms",
            "tabled2-mtnlg-b4 total_s",
            "tabled2-mtnlg-b8 total_s",
            "tabled2-mtnlg-b16 total_s");

    private Calibration() {
    }
}
