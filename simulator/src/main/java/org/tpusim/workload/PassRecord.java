package org.tpusim.workload;

import org.tpusim.model.Phase;

/**
 * One pass the server ran.
 *
 * @param realBatch      sequences that needed it (decode: those that produced a token)
 * @param executedBatch  sequences computed, padding included
 * @param realTokens     tokens that needed computing (prefill: the prompts' tokens; decode: realBatch)
 * @param executedTokens tokens computed, padding included
 */
public record PassRecord(Phase phase, double startNs, double endNs, int realBatch, int executedBatch,
                         long realTokens, long executedTokens) {
    public double durationNs() {
        return endNs - startNs;
    }
}
