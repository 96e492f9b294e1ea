package org.tpusim.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * Chunked prefill with a token budget per pass, as Sarathi-Serve schedules (Agrawal et al. 2024, "Taming
 * Throughput-Latency Tradeoff in LLM Inference with Sarathi-Serve", sec. 4: stall-free batching). At every
 * step boundary, with a budget of {@code token_budget} tokens:
 * <ol>
 *   <li>every running sequence whose prompt is fully prefilled decodes one token (one token of the budget
 *       each);</li>
 *   <li>the rest of the budget goes to prompt chunks, first to admitted sequences with prompt left (in
 *       admission order), then to requests admitted from the head of the queue (first come, first served,
 *       while fewer than {@code max_batch} sequences are admitted and the KV cache can reserve the request's
 *       final context); a sequence's chunk is its prompt left or, if that does not fit, the largest chunk
 *       length that is its own compiled bucket ({@link ShapeBuckets#chunkFloor}) within the budget left.</li>
 * </ol>
 * A sequence emits its first token at the end of the pass that prefills its last chunk. Decodes never wait
 * for a prefill (no generation stall); a long prompt takes several passes. A pass with only chunks is a
 * plain prefill pass (its history the cached prefix), one with only decodes a plain decode step, one with
 * both a mixed pass ({@code MixedShape}).
 */
final class ChunkedBatching implements BatchingPolicy {
    private final Batching settings;

    ChunkedBatching(Batching settings) {
        this.settings = settings;
    }

    @Override
    public Decision next(ServerView s) {
        long budget = settings.tokenBudget();
        List<Flight> decoding = new ArrayList<>();
        List<Flight> prefilling = new ArrayList<>();
        List<Long> chunks = new ArrayList<>();
        for (Flight f : s.running()) {
            if (f.promptLeft() == 0 && !f.done() && budget > 0) {
                decoding.add(f);
                budget--;
            }
        }
        for (Flight f : s.running()) {
            if (f.promptLeft() > 0) {
                long c = chunk(f, budget);
                if (c == 0) {
                    break;
                }
                prefilling.add(f);
                chunks.add(c);
                budget -= c;
            }
        }
        List<Flight> admitted = new ArrayList<>();
        long free = s.freeKvTokens();
        int room = settings.maxBatch() - s.running().size();
        for (Flight f : s.waiting()) {
            long c = chunk(f, budget);
            if (admitted.size() == room || c == 0) {
                break;
            }
            long need = s.admissionKvTokens(f, c);
            if (need > free) {
                break;
            }
            admitted.add(f);
            prefilling.add(f);
            chunks.add(c);
            budget -= c;
            free -= need;
        }
        if (prefilling.isEmpty() && decoding.isEmpty()) {
            return new Idle();
        }
        long[] c = new long[chunks.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = chunks.get(i);
        }
        return new Chunked(admitted, prefilling, c, decoding);
    }

    /** The chunk {@code f} prefills with {@code budget} tokens left: all its prompt left, or a bucket that fits. */
    private static long chunk(Flight f, long budget) {
        long left = f.promptLeft();
        return left <= budget ? left : ShapeBuckets.chunkFloor(budget);
    }
}
