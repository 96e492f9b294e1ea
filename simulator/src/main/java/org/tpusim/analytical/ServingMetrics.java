package org.tpusim.analytical;

import static com.google.common.base.Preconditions.checkArgument;

/** The paper's efficiency metrics (Pope et al. 2022, sec. 2 and 4.4), for any measured or modelled time. */
public final class ServingMetrics {
    private ServingMetrics() {
    }

    /**
     * Model FLOPs utilisation: 2·N·tokens / (n·peak·time), N the nominal parameter count (sec. 2: "2N matmul
     * FLOPs in the forward pass per token seen"; attention FLOPs excluded).
     */
    public static double mfu(double nominalParams, long tokens, int chips, double peakFlopsPerSec, double timeNs) {
        checkArgument(timeNs > 0, "time must be positive, got %s", timeNs);
        return 2 * nominalParams * tokens / (chips * peakFlopsPerSec * timeNs * 1e-9);
    }

    /** Cost in chip-milliseconds per token: n·time / (B·L) (sec. 4.4). */
    public static double costChipMsPerToken(int chips, double timeNs, long tokens) {
        checkArgument(tokens > 0, "tokens must be positive, got %s", tokens);
        return chips * timeNs * 1e-6 / tokens;
    }
}
