package org.tpusim.workload;

import org.tpusim.hardware.ChipSpec;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.memory.HbmFootprint;
import org.tpusim.memory.KvCacheSharding;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.Phase;

/**
 * How many KV-cache positions the slice can hold for the sequences it serves, from the memory model.
 * Per chip: HBM capacity - weights - the activation bound of the largest prefill pass the workload can run
 * ({@link HbmFootprint}). The cache is laid out for the decode layout at the {@code max_batch} bucket
 * ({@link KvCacheSharding}): a chip stores {@code bytesPerChipPerToken(B)} bytes per position of every one
 * of the B sequences, so the slice holds {@code budget x B / bytesPerChipPerToken(B)} positions in all,
 * shared by the running sequences (batch-sharded: spread over the chips; head-sharded: replicated on each). A
 * sequence reserves {@link #positions} of them: its context, or fewer with a sliding window.
 *
 * @param tokens             positions the running sequences may hold in all
 * @param budgetBytesPerChip HBM left for the KV cache on one chip, B
 * @param attention          the decode attention layout the cache is laid out for
 */
public record KvCacheBudget(long tokens, double budgetBytesPerChip, AttentionLayout attention) {

    /**
     * The positions (the unit of {@link #tokens}) a sequence of {@code contextTokens} reserves: the context, or with
     * a sliding window the positions a layer holds on average, rounded up ({@link ModelConfig#meanCachedPositions}):
     * a windowed layer keeps at most W of them.
     */
    public static long positions(ModelConfig config, long contextTokens) {
        return config.hasSlidingWindow() ? (long) Math.ceil(config.meanCachedPositions(contextTokens)) : contextTokens;
    }

    /**
     * @param longestPrompt the longest prompt of the workload (bounds the prefill activations)
     * @throws IllegalArgumentException when the weights and activations alone do not fit, with the numbers
     */
    public static KvCacheBudget of(StepLayouts layouts, ChipSpec chip, int maxBatch, long longestPrompt) {
        return of(layouts, chip, maxBatch, longestPrompt, null);
    }

    /**
     * With a draft model on the same slice ({@code draft} non-null, speculative decoding): its weights come out of
     * the budget too, and every position holds the draft's KV beside the target's.
     */
    public static KvCacheBudget of(StepLayouts layouts, ChipSpec chip, int maxBatch, long longestPrompt,
                                   StepLayouts draft) {
        ShapeBuckets buckets = new ShapeBuckets((p, b, l, c) -> 0, layouts, maxBatch);
        int decodeBatch = buckets.batchBucket(Phase.DECODE, maxBatch, 1);
        long prompt = ShapeBuckets.promptBucket(longestPrompt);
        int prefillBatch = buckets.batchBucket(Phase.PREFILL, maxBatch, prompt);
        double weights = HbmFootprint.weightsBytesPerChip(layouts.model(), layouts.mesh(),
                layouts.layout(Phase.DECODE, decodeBatch, 1).experts());
        double activations = HbmFootprint.activationBytesPerChip(layouts.model(), layouts.mesh(), prefillBatch,
                prompt);
        double budget = chip.hbmCapacityBytes() - weights - activations;
        if (draft != null) {
            budget -= HbmFootprint.weightsBytesPerChip(draft.model(), draft.mesh());
        }
        AttentionLayout attention = layouts.layout(Phase.DECODE, decodeBatch, 1).attention();
        double perPosition = KvCacheSharding.bytesPerChipPerToken(layouts.model(), layouts.mesh(), attention,
                decodeBatch);
        if (draft != null) {
            int draftBatch = new ShapeBuckets((p, b, l, c) -> 0, draft, maxBatch).batchBucket(Phase.DECODE, maxBatch,
                    1);
            perPosition += KvCacheSharding.bytesPerChipPerToken(draft.model(), draft.mesh(),
                    draft.layout(Phase.DECODE, draftBatch, 1).attention(), draftBatch) * decodeBatch / draftBatch;
        }
        long tokens = budget > 0 ? (long) Math.floor(budget * decodeBatch / perPosition) : 0;
        if (tokens <= 0) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "no HBM left for the KV cache: weights %.1f GiB + activations %.1f GiB per chip of %.1f GiB",
                    weights / HbmFootprint.GIB, activations / HbmFootprint.GIB,
                    chip.hbmCapacityBytes() / HbmFootprint.GIB));
        }
        return new KvCacheBudget(tokens, budget, attention);
    }
}
