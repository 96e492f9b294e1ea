package org.tpusim.workload;

import java.util.List;

/**
 * Everything a serving simulation produced.
 *
 * @param requests        one outcome per request, in trace order
 * @param passes          every pass, in order
 * @param gapsNs          every inter-token gap of every request, pooled (in the order they happened)
 * @param kvCapacityTokens KV-cache positions the slice holds for the running sequences
 * @param peakKvTokens    the most positions reserved at once
 * @param peakKvTokens    (paged: the most positions in allocated blocks at once)
 * @param prefillChunks   prompt chunks prefilled under chunked prefill (0 under other policies)
 * @param paging          what the paged KV cache did (zeros without one)
 * @param prefixes        what the prefix cache did (null without one)
 * @param speculative     what speculative decoding did (null without it)
 */
public record ServingOutcome(List<RequestOutcome> requests, List<PassRecord> passes, double[] gapsNs,
                             long kvCapacityTokens, long peakKvTokens, long prefillChunks, Paging paging,
                             Prefixes prefixes, Speculative speculative) {

    /** Without speculative decoding. */
    public ServingOutcome(List<RequestOutcome> requests, List<PassRecord> passes, double[] gapsNs,
                          long kvCapacityTokens, long peakKvTokens, long prefillChunks, Paging paging,
                          Prefixes prefixes) {
        this(requests, passes, gapsNs, kvCapacityTokens, peakKvTokens, prefillChunks, paging, prefixes, null);
    }

    /**
     * What speculative decoding did.
     *
     * @param sequenceSteps      sequence-steps run (a step of B sequences counts B)
     * @param proposalsAccepted  draft proposals the target accepted
     * @param draftNs            time spent in the draft model's passes (prefills and proposals), ns
     */
    public record Speculative(long sequenceSteps, long proposalsAccepted, double draftNs) {
        /** Mean proposals accepted per sequence-step. */
        public double acceptedPerStep() {
            return sequenceSteps > 0 ? (double) proposalsAccepted / sequenceSteps : 0;
        }
    }

    /**
     * What the prefix cache did.
     *
     * @param capacityBlocks blocks set apart for cached prefixes
     * @param lookups        admitted requests whose prompt has a prefix (and no history)
     * @param hits           those whose prefix was cached
     * @param tokensSaved    prompt positions read from the cache instead of prefilled
     * @param evictions      entries evicted (least recently used first)
     */
    public record Prefixes(long capacityBlocks, long lookups, long hits, long tokensSaved, long evictions) {
    }

    /**
     * @param preemptions         requests preempted (each time)
     * @param recomputedTokens    KV positions dropped by recompute preemptions and prefilled again
     * @param swappedBytesPerChip bytes moved over one chip's host link by swaps, out and in
     * @param swapNs              time the passes spent waiting on swaps, ns
     * @param capacityBlocks      blocks the slice holds (0: not paged)
     * @param blockTokens         positions per block (0: not paged)
     */
    public record Paging(long preemptions, long recomputedTokens, double swappedBytesPerChip, double swapNs,
                         long capacityBlocks, int blockTokens) {
    }
}
