package org.tpusim.validation;

import java.util.Set;

/**
 * The bounds the calibrated TPU v4 parameters are held to (see docs/calibration.md for the figures): the
 * targets 10% mean error on times and 3 points mean error on MFU (reached: 9.0% and 2.0), and no time worse
 * than 25% apart from the five known misses.
 */
final class Calibration {
    static final double MAX_MEAN_ERROR = 0.10;
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
            "fig6-ws-1d-256chips decode_per_token_ms",
            "fig6-ws-2d-256chips decode_per_token_ms",
            "fig1-palm-540b-decode-c128-b64-bf16 decode_per_token_ms");

    private Calibration() {
    }
}
