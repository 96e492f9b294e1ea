package org.tpusim.workload;

/** One request's progress through the server (mutable, owned by one {@link ServingSimulation}). */
final class Flight {
    final Request request;
    /** KV-cache tokens reserved for it while admitted. */
    long reservedKvTokens;
    double prefillStartNs = Double.NaN;
    double firstTokenNs = Double.NaN;
    double lastTokenNs = Double.NaN;
    double completionNs = Double.NaN;
    double maxGapNs;
    long generated;
    /** Prompt tokens whose KV is in the cache (chunked prefill: grows chunk by chunk). */
    long prefilled;
    /** Paged KV: positions this sequence holds in the cache, and the blocks holding them. */
    long kvHeld;
    long blocks;
    /** Paged KV: order of (first) admission; the highest running one is preempted first. */
    long admissionOrder = -1;
    /** After a recompute preemption: the tokens to prefill again (its whole context so far); 0 otherwise. */
    long resumePrompt;
    /** Positions of its prompt read from the prefix cache instead of prefilled (0: none). */
    long prefixHit;
    /** Whether it pins its prefix's cache entry. */
    boolean pinsPrefix;

    Flight(Request request) {
        this.request = request;
    }

    /** Tokens its (next) prefill processes: the prompt, or after a recompute preemption its whole context. */
    long promptTokens() {
        return resumePrompt > 0 ? resumePrompt : request.inputTokens() - prefixHit;
    }

    /**
     * Positions already in the cache before that prefill: the history and the prefix read from the prefix cache,
     * or none after a recompute.
     */
    long historyTokens() {
        return resumePrompt > 0 ? 0 : request.cachedTokens() + prefixHit;
    }

    /** Prompt tokens still to prefill. */
    long promptLeft() {
        return promptTokens() - prefilled;
    }

    /** Tokens still to compute: prompt left and output tokens left. */
    long outstandingTokens() {
        return promptLeft() + request.outputTokens() - generated;
    }

    boolean done() {
        return generated >= request.outputTokens();
    }

    /** KV positions a decode step of this sequence reads: history + prompt + tokens generated so far. */
    long contextTokens() {
        return request.cachedTokens() + request.inputTokens() + generated;
    }
}
