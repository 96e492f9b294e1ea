package org.tpusim.analytical;

import static com.google.common.base.Preconditions.checkArgument;

import org.tpusim.figure.Units;

/** The paper's efficiency metrics (Pope et al. 2022, sec. 2 and 4.4), for any measured or modelled time. */
public final class ServingMetrics {
    private ServingMetrics() {
    }

    /**
     * The time {@code tokens} take at 100% MFU, ns: 2·N·tokens / (n·peak), N the nominal parameter count (sec. 2:
     * "2N matmul FLOPs in the forward pass per token seen"; attention FLOPs excluded).
     */
    public static double idealNs(double nominalParams, double tokens, int chips, double peakFlopsPerSec) {
        return 2.0 * nominalParams * tokens / (chips * peakFlopsPerSec) * Units.NS_PER_S;
    }

    /**
     * Model FLOPs utilisation, the one definition every result uses: {@link #idealNs} / time, i.e.
     * 2·N·tokens / (n·peak·time).
     */
    public static double mfu(double nominalParams, double tokens, int chips, double peakFlopsPerSec, double timeNs) {
        checkArgument(timeNs > 0, "time must be positive, got %s", timeNs);
        return idealNs(nominalParams, tokens, chips, peakFlopsPerSec) / timeNs;
    }

    /** As {@link #mfu}, 0 when nothing ran ({@code timeNs} 0). */
    public static double mfuOrZero(double nominalParams, double tokens, int chips, double peakFlopsPerSec,
                                   double timeNs) {
        return timeNs > 0 ? mfu(nominalParams, tokens, chips, peakFlopsPerSec, timeNs) : 0;
    }

    /** Cost in chip-milliseconds per token: n·time / (B·L) (sec. 4.4). */
    public static double costChipMsPerToken(int chips, double timeNs, double tokens) {
        checkArgument(tokens > 0, "tokens must be positive, got %s", tokens);
        return chips * Units.millis(timeNs) / tokens;
    }

    /** As {@link #costChipMsPerToken}, 0 when there were no tokens. */
    public static double costChipMsPerTokenOrZero(int chips, double timeNs, double tokens) {
        return tokens > 0 ? costChipMsPerToken(chips, timeNs, tokens) : 0;
    }
}
