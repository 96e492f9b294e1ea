package org.tpusim.result;

import java.util.List;

/**
 * A served request stream ({@code kind: trace}): per-request latencies and the run's summary, with pass
 * times from the chip-level simulation ({@code simulated}) and, through the same serving model, from the
 * paper's analytical model ({@code analytical}). Times in the summaries are ms unless the name says s.
 *
 * @param simulated     summary with simulated pass times
 * @param analytical    the same summary with the paper's analytical pass times (same trace, policy, buckets)
 * @param ratio         simulated / analytical median end-to-end latency
 * @param policy        batching policy, {@code static} or {@code continuous}
 * @param maxBatch      {@code batching.max_batch}
 * @param maxWaitMs     {@code batching.max_wait_ms} (static only)
 * @param source        where the requests came from and what was skipped
 * @param kvCache       KV-cache capacity (from the memory model) and the most reserved at once
 * @param passes        pass counts, busy time and padding (simulated)
 * @param batchSizes    time spent per phase and real batch size (simulated)
 * @param utilisation   the run cut into equal windows (simulated)
 * @param itlHistogram  inter-token gaps of all requests, counted per bin (simulated)
 * @param shapes        how pass shapes were bucketed and how many were simulated
 * @param requests      one row per request (simulated), in trace order: the rows of {@code requests.csv}
 * @param serving       figures of the serving features in use (chunked prefill, paged KV cache), of the
 *                      simulated run; null (absent) when none is
 */
public record TraceResult(Figures simulated, Figures analytical, double ratio, String policy, int maxBatch,
                          double maxWaitMs, Source source, KvCache kvCache, Passes passes,
                          List<BatchShare> batchSizes, List<Window> utilisation, List<HistogramBin> itlHistogram,
                          Shapes shapes, List<RequestRow> requests, Serving serving) implements WorkloadResult {

    /**
     * What the serving features did (simulated run). Each part is null (absent) when its feature is off.
     *
     * @param chunkedPrefill the chunked-prefill figures
     * @param pagedKv        the paged KV cache's figures
     * @param prefixCache    the prefix cache's figures
     * @param replicas       the replicas behind the router
     * @param speculative    speculative decoding's figures
     * @param pools          disaggregated prefill and decode pools
     */
    public record Serving(ChunkedPrefill chunkedPrefill, PagedKv pagedKv, PrefixCache prefixCache,
                          ReplicaSet replicas, Speculative speculative, PoolSet pools) {
    }

    /**
     * @param network              ici or dcn
     * @param kvTransferBytesPerS  the link between the pools, B/s
     * @param kvTransferLatencyNs  its fixed cost per transfer, ns
     * @param kvTransferMs         per request: end of its prefill to its KV's arrival at the decode pool (link
     *                             queueing included)
     * @param prefill              the prefill pool (TTFT is its figure)
     * @param decode               the decode pool (TPOT is its figure)
     */
    public record PoolSet(String network, double kvTransferBytesPerS, double kvTransferLatencyNs,
                          Percentiles kvTransferMs, Pool prefill, Pool decode) {
    }

    /**
     * @param topology      the pool's slice
     * @param layout        its layout block
     * @param chips         its chips
     * @param passes        passes it ran
     * @param busyFraction  its busy time / the run's duration
     * @param peakKvTokens  the most KV positions it reserved at once
     * @param ttftMs        prefill pool: time to first token (null for the decode pool)
     * @param tpotMs        decode pool: time per output token after the first (null for the prefill pool)
     */
    public record Pool(String topology, String layout, int chips, long passes, double busyFraction, long peakKvTokens,
                       Percentiles ttftMs, Percentiles tpotMs) {
    }

    /**
     * @param draftModel      the draft model's name
     * @param tokens          proposals per step, k
     * @param acceptanceLow   per-request acceptance rates drawn from [low, high]
     * @param acceptanceHigh  see acceptanceLow
     * @param acceptedPerStep mean proposals accepted per sequence and step
     * @param tokensPerStep   mean tokens emitted per sequence and step (accepted + the target's own)
     * @param draftTimeS      time in the draft model's passes (its prefills and proposals), s
     * @param draftTopology   the draft's own slice (null: on the target's slice)
     * @param draftChips      chips of the draft's own slice (null: on the target's slice)
     * @param draftKvCapacityTokens KV positions the draft's own slice holds (null: on the target's slice)
     */
    public record Speculative(String draftModel, int tokens, double acceptanceLow, double acceptanceHigh,
                              double acceptedPerStep, double tokensPerStep, double draftTimeS, String draftTopology,
                              Integer draftChips, Long draftKvCapacityTokens) {
        /** The draft on the target's slice. */
        public Speculative(String draftModel, int tokens, double acceptanceLow, double acceptanceHigh,
                           double acceptedPerStep, double tokensPerStep, double draftTimeS) {
            this(draftModel, tokens, acceptanceLow, acceptanceHigh, acceptedPerStep, tokensPerStep, draftTimeS, null,
                    null, null);
        }
    }

    /**
     * @param count    identical slices
     * @param router   round-robin, least-tokens or prefix-affinity
     * @param requests requests routed to each replica, in replica order
     */
    public record ReplicaSet(int count, String router, List<Integer> requests) {
    }

    /**
     * @param capacityBlocks     blocks set apart for cached prefixes
     * @param lookups            admitted requests whose prompt starts with a shared prefix (and has no history)
     * @param hits               those whose prefix was cached
     * @param hitRate            hits / lookups
     * @param prefillTokensSaved prompt positions read from the cache instead of prefilled
     * @param evictions          entries evicted, least recently used first
     */
    public record PrefixCache(long capacityBlocks, long lookups, long hits, double hitRate, long prefillTokensSaved,
                              long evictions) {
    }

    /**
     * @param blockTokens         {@code kv_cache.block_tokens}
     * @param preemption          {@code kv_cache.preemption}: recompute or swap
     * @param capacityBlocks      blocks the slice holds (KV capacity / block_tokens)
     * @param peakBlocks          the most blocks allocated at once
     * @param preemptions         requests preempted (each time counted)
     * @param recomputedTokens    KV positions dropped by recompute preemptions and prefilled again
     * @param swappedBytes        bytes swapped out and back in over one chip's host link (each chip holding a
     *                            preempted sequence moves this much in parallel)
     * @param swapTimeS           time passes waited on swaps, s
     */
    public record PagedKv(int blockTokens, String preemption, long capacityBlocks, long peakBlocks, long preemptions,
                          long recomputedTokens, double swappedBytes, double swapTimeS) {
    }

    /**
     * @param tokenBudget         {@code batching.token_budget}: most tokens per pass
     * @param prefillChunks       prompt chunks prefilled
     * @param mixedPasses         passes in which prefill chunks and decode steps ran together
     * @param mixedShapesSimulated distinct mixed pass shapes simulated at chip level
     * @param mixedPassTimeS      time the slice spent in mixed passes, s
     */
    public record ChunkedPrefill(long tokenBudget, long prefillChunks, long mixedPasses, int mixedShapesSimulated,
                                 double mixedPassTimeS) {
    }

    /**
     * The run's summary (see docs: every figure's definition).
     *
     * @param requests               requests served
     * @param durationS              first arrival to last completion, s
     * @param ttftMs                 time to first token per request
     * @param tpotMs                 time per output token after the first, per request with 2+ output tokens
     *                               (null when there is none)
     * @param itlMs                  every gap between consecutive tokens of a request, pooled (null when none)
     * @param e2eMs                  arrival to last token per request
     * @param queueingMs             arrival to prefill start per request
     * @param throughputTokensPerS   output tokens / duration
     * @param inputTokensPerS        prompt tokens prefilled / duration
     * @param requestsPerS           requests / duration
     * @param mfu                    2 N x tokens processed / (chips x peak x duration)
     * @param mfuBusy                the same over the time the slice was running a pass
     * @param busyFraction           busy time / duration
     * @param costChipMsPerToken     chips x duration / output tokens, chip-ms
     */
    public record Figures(int requests, double durationS, Percentiles ttftMs, Percentiles tpotMs, Percentiles itlMs,
                          Percentiles e2eMs, Percentiles queueingMs, double throughputTokensPerS,
                          double inputTokensPerS, double requestsPerS, double mfu, double mfuBusy,
                          double busyFraction, double costChipMsPerToken) {
    }

    /** Nearest-rank percentiles, the largest value and the mean of a set of values. */
    public record Percentiles(double p50, double p90, double p99, double max, double mean) {
    }

    /**
     * @param origin  trace file as the scenario names it, or synthetic
     * @param format  tpusim, vidur, azure or synthetic
     * @param skippedRows rows left out under on_bad_rows: skip
     * @param skipped each skipped row's line and reason
     */
    public record Source(String origin, String format, int requests, int skippedRows, List<SkippedRow> skipped) {
    }

    public record SkippedRow(int line, String reason) {
    }

    /**
     * @param capacityTokens     KV positions the running sequences may hold in all
     * @param peakReservedTokens the most reserved at once
     * @param budgetBytesPerChip HBM left for the cache on one chip after weights and activations, B
     * @param attention          decode attention layout the cache is laid out for
     */
    public record KvCache(long capacityTokens, long peakReservedTokens, double budgetBytesPerChip, String attention) {
    }

    /**
     * @param prefillPasses         prefill passes run
     * @param decodeSteps           decode steps run
     * @param busyS                 time the slice ran passes, s
     * @param prefillPaddingFraction padded prompt tokens / prompt tokens computed
     * @param decodePaddingFraction  padded sequence slots / sequence slots computed in decode
     */
    public record Passes(long prefillPasses, long decodeSteps, double busyS, double prefillPaddingFraction,
                         double decodePaddingFraction) {
    }

    /** Passes of one phase at one real batch size: how many and how long, and the share of that phase's time. */
    public record BatchShare(String phase, int batch, long passes, double timeS, double timeShare) {
    }

    /**
     * @param busyFraction       share of the window the slice ran a pass
     * @param prefillFraction    share of the window spent in prefill passes
     * @param meanDecodeBatch    real sequences per decode step, weighted by step time in the window
     * @param outputTokensPerS   tokens emitted in the window / window length
     * @param waitingRequests    requests arrived and not yet admitted at the window's end
     */
    public record Window(double startS, double endS, double busyFraction, double prefillFraction,
                         double meanDecodeBatch, double outputTokensPerS, int waitingRequests) {
    }

    /** Gaps g with lowerMs <= g < upperMs (the last bin's upper bound is the largest gap). */
    public record HistogramBin(double lowerMs, double upperMs, long count) {
    }

    /**
     * @param batchBuckets        the batch padding rule
     * @param promptBucketTokens  prompt lengths above it are padded to a multiple of it, below to a power of two
     * @param contextGridTokens   decode contexts are interpolated between multiples of it
     * @param shapesSimulated     distinct pass shapes simulated at chip level
     * @param passEvents          engine events of those simulations
     * @param passWallS           wall time of those simulations, s
     */
    public record Shapes(String batchBuckets, int promptBucketTokens, int contextGridTokens, int shapesSimulated,
                         long passEvents, double passWallS) {
    }

    /**
     * One request: a row of {@code requests.csv}. Times in s from the start of the trace, durations in ms.
     * {@code tpotMs} is null for a request with one output token.
     */
    public record RequestRow(int id, int line, double arrivalS, long inputTokens, long cachedTokens,
                             long outputTokens, double prefillStartS, double firstTokenS, double completionS,
                             double queueingMs, double ttftMs, Double tpotMs, double e2eMs, double maxItlMs) {
    }

    @Override
    public String kind() {
        return "trace";
    }

    /** The simulated median end-to-end latency, s. */
    @Override
    public double headlineSimulatedS() {
        return simulated.e2eMs().p50() / 1e3;
    }

    @Override
    public double headlineAnalyticalS() {
        return analytical.e2eMs().p50() / 1e3;
    }
}
