package org.tpusim.workload;

import org.tpusim.analytical.MixedShape;
import org.tpusim.model.Phase;

/**
 * The time of one forward pass of an executable shape: the chip-level simulation ({@code SimulatedPassTimes})
 * or the paper's analytical model ({@code AnalyticalPassTimes}), both implemented in the run package above
 * this one, answering the same question through the same input.
 */
public interface PassTimes {
    /**
     * @param batch             sequences in the pass, already padded to a size the phase's layout can run
     * @param tokensPerSequence new tokens per sequence (1 in decode)
     * @param contextTokens     KV-cache positions per sequence, including the new tokens
     * @return the pass's time, ns
     */
    double timeNs(Phase phase, int batch, long tokensPerSequence, long contextTokens);

    /**
     * The time of a mixed pass of chunked prefill (both parts already padded to runnable sizes), ns. Pass
     * times that do not price mixed passes refuse them (the serving model asks only under {@code chunked}).
     */
    default double mixedTimeNs(MixedShape shape) {
        throw new UnsupportedOperationException("these pass times do not price mixed passes: " + shape);
    }
}
