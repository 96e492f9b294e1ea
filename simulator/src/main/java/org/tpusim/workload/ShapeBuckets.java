package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.HashMap;
import java.util.Map;
import org.tpusim.analytical.MixedShape;
import org.tpusim.analytical.StepShape;
import org.tpusim.model.Phase;

/**
 * Turns the passes a batching policy asks for into executable shapes and prices them with {@link PassTimes}.
 *
 * <p><b>Modelled: compiled shape buckets.</b> XLA compiles a program per static shape, so TPU servers pad a
 * pass to one of a few compiled shapes. Here: the batch is padded to the next power of two (capped at
 * {@code max_batch}, itself always a bucket), then to the next size the phase's layout can run
 * ({@link StepLayouts#runnableBatch}); a prefill's tokens per sequence (the group's longest prompt) to the
 * next power of two below {@value #PROMPT_BUCKET_TOKENS} and the next multiple of it above; its cached
 * history (the group's longest) to the next multiple of {@value #CONTEXT_GRID_TOKENS}. Padding is real work
 * in the model: it takes time and is reported as wasted.
 *
 * <p><b>Simplified: decode context.</b> A decode step's sequences hold different contexts; the step is
 * priced at their mean context (attention's KV reads and FLOPs are linear in each sequence's context, so
 * the mean gives their sum exactly when the batch's KV load is spread evenly over the chips). That mean
 * is not a compiled shape: the step time is interpolated linearly between the two nearest points of a
 * grid {1, G, 2G, 3G, ...}, G = {@value #CONTEXT_GRID_TOKENS}, each simulated exactly (the error against
 * exact simulation is measured by {@code ShapeBucketsTest} and reported).
 *
 * <p><b>Mixed passes</b> (chunked prefill): the prefill part is bucketed as a prefill (chunk length like a
 * prompt, its cached prefix to the next multiple of {@value #CONTEXT_GRID_TOKENS}, the batch as above), the
 * decode part's batch as a decode batch and then to the next size that runs beside that prefill part
 * ({@link StepLayouts#runnableMixedDecodeBatch}); the decode part's mean context is interpolated on a grid
 * {1, G', 2G', ...}, G' = {@value #MIXED_CONTEXT_GRID_TOKENS} (four times the decode grid: a mixed shape has
 * more dimensions, so fewer grid points keep the number of simulated shapes down), between two mixed shapes
 * that differ only in it (error against exact simulation measured by {@code MixedPassTest}).
 */
public final class ShapeBuckets {
    public static final int PROMPT_BUCKET_TOKENS = 64;
    public static final int CONTEXT_GRID_TOKENS = 256;
    /** The decode part of a mixed pass: its mean context is interpolated on a grid of this step. */
    public static final int MIXED_CONTEXT_GRID_TOKENS = 1024;

    private final PassTimes times;
    private final StepLayouts layouts;
    private final int maxBatch;
    /** Runnable decode-part batches, by prefill part and wanted decode batch (a feasibility search each). */
    private final Map<StepShape, Map<Integer, Integer>> mixedDecodeBatch = new HashMap<>();

    /** A priced pass: how long it takes and what actually ran. */
    public record PricedPass(Phase phase, double timeNs, int executedBatch, long tokensPerSequence,
                             double contextTokens) {
        /** Tokens the pass computes, padding included. */
        public long executedTokens() {
            return executedBatch * tokensPerSequence;
        }
    }

    public ShapeBuckets(PassTimes times, StepLayouts layouts, int maxBatch) {
        checkArgument(maxBatch >= 1, "maxBatch must be >= 1, got %s", maxBatch);
        this.times = times;
        this.layouts = layouts;
        this.maxBatch = maxBatch;
    }

    /** The batch bucket a pass of {@code batch} sequences runs at (see the class comment). */
    public int batchBucket(Phase phase, int batch, long tokensPerSequence) {
        checkArgument(batch >= 1, "batch must be >= 1, got %s", batch);
        int pow2 = Integer.highestOneBit(batch) == batch ? batch : Integer.highestOneBit(batch) << 1;
        int bucket = batch <= maxBatch ? Math.min(pow2, maxBatch) : pow2;
        return layouts.runnableBatch(phase, bucket, tokensPerSequence);
    }

    /** A prompt length's bucket: next power of two below {@value #PROMPT_BUCKET_TOKENS}, next multiple above. */
    public static long promptBucket(long tokens) {
        if (tokens <= PROMPT_BUCKET_TOKENS) {
            long p = Long.highestOneBit(tokens);
            return p == tokens ? tokens : p << 1;
        }
        return ceilTo(tokens, PROMPT_BUCKET_TOKENS);
    }

    /**
     * A prefill of {@code batch} sequences padded to the longest prompt {@code inputTokens} after the longest
     * history {@code cachedTokens}.
     */
    public PricedPass prefill(int batch, long inputTokens, long cachedTokens) {
        long l = promptBucket(inputTokens);
        long cached = ceilTo(cachedTokens, CONTEXT_GRID_TOKENS);
        int b = batchBucket(Phase.PREFILL, batch, l);
        return new PricedPass(Phase.PREFILL, times.timeNs(Phase.PREFILL, b, l, cached + l), b, l, cached + l);
    }

    /**
     * A mixed pass as executed.
     *
     * @param prefill the prefill part, padded (chunk bucket, history grid, runnable batch)
     * @param decodeBatch the decode part's batch, padded
     */
    public record PricedMixed(double timeNs, StepShape prefill, int decodeBatch, double decodeContextTokens) {
        /** Tokens the pass computes, padding included. */
        public long executedTokens() {
            return prefill.tokens() + decodeBatch;
        }
    }

    /**
     * A mixed pass: {@code prefillSeqs} sequences prefill chunks of at most {@code longestChunk} tokens after at
     * most {@code longestHistory} cached positions, and {@code decodeSeqs} sequences decode one token each at a
     * mean context of {@code meanDecodeContext} positions.
     */
    public PricedMixed mixed(int prefillSeqs, long longestChunk, long longestHistory, int decodeSeqs,
                             double meanDecodeContext) {
        checkArgument(decodeSeqs >= 1 && prefillSeqs >= 1, "a mixed pass has both parts, got %s and %s",
                prefillSeqs, decodeSeqs);
        checkArgument(meanDecodeContext >= 1, "meanDecodeContext must be >= 1, got %s", meanDecodeContext);
        long l = promptBucket(longestChunk);
        long cached = ceilTo(longestHistory, CONTEXT_GRID_TOKENS);
        StepShape prefill = StepShape.prefill(batchBucket(Phase.PREFILL, prefillSeqs, l), l, cached);
        int wanted = batchBucket(Phase.DECODE, decodeSeqs, 1);
        int bd = mixedDecodeBatch.computeIfAbsent(prefill, k -> new HashMap<>()).computeIfAbsent(wanted,
                w -> layouts.runnableMixedDecodeBatch(prefill, w, 1));
        long g = MIXED_CONTEXT_GRID_TOKENS;
        long lo = Math.max(1, (long) Math.floor(meanDecodeContext / g) * g);
        long hi = lo == 1 ? g : lo + g;
        double tLo = times.mixedTimeNs(new MixedShape(prefill, StepShape.decode(bd, lo)));
        double t = tLo;
        if (meanDecodeContext != lo) {
            double tHi = times.mixedTimeNs(new MixedShape(prefill, StepShape.decode(bd, hi)));
            t = tLo + (tHi - tLo) * (meanDecodeContext - lo) / (hi - lo);
        }
        return new PricedMixed(t, prefill, bd, meanDecodeContext);
    }

    /** The largest chunk length at most {@code tokens} that is its own bucket (0 when {@code tokens} is 0). */
    public static long chunkFloor(long tokens) {
        if (tokens <= PROMPT_BUCKET_TOKENS) {
            return tokens <= 0 ? 0 : Long.highestOneBit(tokens);
        }
        return tokens / PROMPT_BUCKET_TOKENS * PROMPT_BUCKET_TOKENS;
    }

    /** A decode step of {@code batch} sequences whose mean context (positions read) is {@code meanContext}. */
    public PricedPass decode(int batch, double meanContext) {
        checkArgument(meanContext >= 1, "meanContext must be >= 1, got %s", meanContext);
        int b = batchBucket(Phase.DECODE, batch, 1);
        return new PricedPass(Phase.DECODE, decodeTimeNs(b, meanContext), b, 1, meanContext);
    }

    /** Decode time at a (possibly fractional) context, interpolated on the grid of the class comment. */
    public double decodeTimeNs(int executedBatch, double context) {
        long g = CONTEXT_GRID_TOKENS;
        long lo = Math.max(1, (long) Math.floor(context / g) * g);
        long hi = lo == 1 ? g : lo + g;
        if (context == lo) {
            return times.timeNs(Phase.DECODE, executedBatch, 1, lo);
        }
        double tLo = times.timeNs(Phase.DECODE, executedBatch, 1, lo);
        double tHi = times.timeNs(Phase.DECODE, executedBatch, 1, hi);
        return tLo + (tHi - tLo) * (context - lo) / (hi - lo);
    }

    private static long ceilTo(long v, long step) {
        return (v + step - 1) / step * step;
    }
}
