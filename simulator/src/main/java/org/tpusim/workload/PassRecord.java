package org.tpusim.workload;

import org.tpusim.model.Phase;

/**
 * One pass the server ran.
 *
 * @param realBatch      sequences that needed it (decode: those that produced a token)
 * @param executedBatch  sequences computed, padding included
 * @param realTokens     tokens that needed computing (prefill: the prompts' tokens; decode: realBatch)
 * @param executedTokens tokens computed, padding included
 * @param decodeSequences a mixed pass of chunked prefill (phase prefill): its sequences that decoded a token
 *                        (0 for a plain prefill or decode pass)
 */
public record PassRecord(Phase phase, double startNs, double endNs, int realBatch, int executedBatch,
                         long realTokens, long executedTokens, int decodeSequences) {
    public PassRecord(Phase phase, double startNs, double endNs, int realBatch, int executedBatch, long realTokens,
                      long executedTokens) {
        this(phase, startNs, endNs, realBatch, executedBatch, realTokens, executedTokens, 0);
    }

    /** Whether prefill chunks and decode steps shared this pass. */
    public boolean mixed() {
        return decodeSequences > 0;
    }

    public double durationNs() {
        return endNs - startNs;
    }
}
