package org.tpusim.validation;

import java.util.Set;

/** The bounds the calibrated TPU v4 parameters are held to (see docs/calibration.md for the figures). */
final class Calibration {
    static final double MAX_MEAN_ERROR = 0.10;
    static final double MAX_WORST_ERROR = 0.25;
    static final double MAX_MEAN_MFU_ERROR = 0.03;
    /** Points the model is known not to reproduce, with the reason in docs/calibration.md. */
    static final Set<String> OUTLIERS = Set.of();

    private Calibration() {
    }
}
