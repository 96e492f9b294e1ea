package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * A scenario's {@code batching:} block.
 *
 * @param policy   static or continuous
 * @param maxBatch most sequences in one pass (before padding to a runnable size)
 * @param maxWaitNs static only: how long the oldest waiting request may wait for a full batch before a
 *                  smaller batch starts ({@code max_wait_ms}; 0 starts at once)
 * @param tokenBudget chunked only: most tokens one pass computes (decodes one each, prefill chunks the rest;
 *                    {@code token_budget})
 */
public record Batching(BatchingPolicyKind policy, int maxBatch, double maxWaitNs, long tokenBudget) {
    /** Sarathi-Serve's token budget in its main experiments (Agrawal et al. 2024, sec. 5: 512 tokens for Mistral-7B and Yi-34B). */
    public static final long DEFAULT_TOKEN_BUDGET = 512;

    /** Without a token budget of its own: {@link #DEFAULT_TOKEN_BUDGET} (used by {@code chunked} only). */
    public Batching(BatchingPolicyKind policy, int maxBatch, double maxWaitNs) {
        this(policy, maxBatch, maxWaitNs, DEFAULT_TOKEN_BUDGET);
    }

    public Batching {
        Objects.requireNonNull(policy, "policy");
        checkArgument(tokenBudget >= 1, "tokenBudget must be >= 1, got %s", tokenBudget);
        checkArgument(maxBatch >= 1, "maxBatch must be >= 1, got %s", maxBatch);
        checkArgument(maxWaitNs >= 0 && Double.isFinite(maxWaitNs), "maxWaitNs must be finite and >= 0, got %s",
                maxWaitNs);
    }
}
