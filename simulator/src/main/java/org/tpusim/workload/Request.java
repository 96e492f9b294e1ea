package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One generation request: it arrives, its {@code inputTokens} new prompt tokens are prefilled on top of
 * {@code cachedTokens} of history already in its KV cache (the paper's chatbot: 64 new tokens on 1920
 * cached), and it generates {@code outputTokens} tokens, the first of them by the prefill pass.
 *
 * @param id           0-based position in the trace (after skipped rows)
 * @param line         1-based line of the trace file it came from; 0 for a synthetic request
 * @param arrivalNs    arrival time, ns from the start of the trace
 * @param inputTokens  prompt tokens to prefill, at least 1
 * @param cachedTokens tokens of history already in the KV cache, at least 0
 * @param outputTokens tokens to generate, at least 1
 * @param prefixId     the shared prompt prefix (a system prompt) its prompt starts with, or -1 for none
 * @param prefixTokens that prefix's length in tokens, at most {@code inputTokens} (0 when there is none)
 */
public record Request(int id, int line, double arrivalNs, long inputTokens, long cachedTokens, long outputTokens,
                      int prefixId, long prefixTokens) {
    /** A request whose prompt shares no prefix. */
    public Request(int id, int line, double arrivalNs, long inputTokens, long cachedTokens, long outputTokens) {
        this(id, line, arrivalNs, inputTokens, cachedTokens, outputTokens, -1, 0);
    }

    public Request {
        checkArgument(prefixId >= -1, "prefixId must be >= -1, got %s", prefixId);
        checkArgument(prefixId >= 0 ? prefixTokens >= 1 && prefixTokens <= inputTokens : prefixTokens == 0,
                "a prefix has 1 to inputTokens (%s) tokens, none without a prefix id; got id %s with %s",
                inputTokens, prefixId, prefixTokens);
        checkArgument(arrivalNs >= 0 && Double.isFinite(arrivalNs), "arrival must be finite and >= 0, got %s",
                arrivalNs);
        checkArgument(inputTokens >= 1, "inputTokens must be >= 1, got %s", inputTokens);
        checkArgument(cachedTokens >= 0, "cachedTokens must be >= 0, got %s", cachedTokens);
        checkArgument(outputTokens >= 1, "outputTokens must be >= 1, got %s", outputTokens);
    }

    /** KV-cache positions the request holds when it completes: history + prompt + generated tokens. */
    public long finalContextTokens() {
        return cachedTokens + inputTokens + outputTokens;
    }
}
