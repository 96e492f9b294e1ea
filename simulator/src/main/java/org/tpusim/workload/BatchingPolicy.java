package org.tpusim.workload;

import java.util.List;

/**
 * Decides what the server does whenever it is idle (after an arrival, a completed pass or a wait). Plug-ins
 * are named in the scenario ({@code batching.policy}, see {@link BatchingPolicyKind}).
 */
interface BatchingPolicy {

    /** What the server can see: the queue in arrival order, the admitted sequences, free KV-cache tokens. */
    interface ServerView {
        List<Flight> waiting();

        List<Flight> running();

        long freeKvTokens();

        /**
         * KV-cache positions (the unit of {@link #freeKvTokens}) a sequence of {@code contextTokens} reserves: the
         * context itself, or less with a sliding window ({@code ModelConfig.meanCachedPositions}, rounded up).
         */
        long kvPositions(long contextTokens);

        /**
         * KV positions admitting {@code f} takes from {@link #freeKvTokens()}: its final context when the cache
         * reserves in full; with a paged cache, the blocks of its history and the {@code firstPassTokens} its
         * first pass writes.
         */
        long admissionKvTokens(Flight f, long firstPassTokens);

        double nowNs();
    }

    /** The next thing to do. */
    sealed interface Decision permits Prefill, Decode, Chunked, WaitUntil, Idle {
    }

    /**
     * Admit {@code admitted} (the head of the queue), reserving {@code kvTokensEach} KV tokens for each (0: their
     * own final context), and prefill them in one pass padded to the longest prompt and history.
     */
    record Prefill(List<Flight> admitted, long kvTokensEach) implements Decision {
    }

    /**
     * One decode step of {@code sequences} (those not done produce a token) at {@code batch} sequences reading
     * {@code contextTokens} positions each on average.
     */
    record Decode(List<Flight> sequences, int batch, double contextTokens) implements Decision {
    }

    /**
     * One pass of chunked prefill: {@code admitted} (the head of the queue, in order) join, reserving their own
     * final context each; {@code prefilling} (running sequences with prompt left, then the admitted ones) each
     * prefill {@code chunks[i]} tokens; {@code decoding} each decode one token. Either part may be empty, not
     * both.
     */
    record Chunked(List<Flight> admitted, List<Flight> prefilling, long[] chunks, List<Flight> decoding)
            implements Decision {
    }

    /** Nothing to run before {@code timeNs} unless a request arrives. */
    record WaitUntil(double timeNs) implements Decision {
    }

    /** Nothing to run until a request arrives. */
    record Idle() implements Decision {
    }

    Decision next(ServerView server);

    /** Called after a pass completes, with the sequences that finished in it. */
    default void onFinished(List<Flight> finished) {
    }
}
