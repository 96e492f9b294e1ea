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

    Flight(Request request) {
        this.request = request;
    }

    /** Prompt tokens still to prefill. */
    long promptLeft() {
        return request.inputTokens() - prefilled;
    }

    boolean done() {
        return generated >= request.outputTokens();
    }

    /** KV positions a decode step of this sequence reads: history + prompt + tokens generated so far. */
    long contextTokens() {
        return request.cachedTokens() + request.inputTokens() + generated;
    }
}
