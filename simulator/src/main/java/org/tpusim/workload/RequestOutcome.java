package org.tpusim.workload;

/**
 * What one request saw, ns from the start of the trace.
 *
 * @param prefillStartNs start of the prefill pass that admitted it
 * @param firstTokenNs   end of that prefill pass (the prefill emits the first output token)
 * @param completionNs   end of the pass that emitted its last token
 * @param maxGapNs       its longest gap between consecutive output tokens (0 with one output token)
 */
public record RequestOutcome(int id, int line, double arrivalNs, long inputTokens, long cachedTokens,
                             long outputTokens, double prefillStartNs, double firstTokenNs, double completionNs,
                             double maxGapNs) {

    /** Waiting before service: prefill start - arrival. */
    public double queueingNs() {
        return prefillStartNs - arrivalNs;
    }

    /** Time to first token: first token - arrival. */
    public double ttftNs() {
        return firstTokenNs - arrivalNs;
    }

    /** End to end: completion - arrival. */
    public double e2eNs() {
        return completionNs - arrivalNs;
    }

    /** Mean time per output token after the first: (completion - first token) / (output - 1); NaN for one token. */
    public double tpotNs() {
        return outputTokens > 1 ? (completionNs - firstTokenNs) / (outputTokens - 1) : Double.NaN;
    }
}
