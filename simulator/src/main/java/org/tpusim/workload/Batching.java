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
 */
public record Batching(BatchingPolicyKind policy, int maxBatch, double maxWaitNs) {
    public Batching {
        Objects.requireNonNull(policy, "policy");
        checkArgument(maxBatch >= 1, "maxBatch must be >= 1, got %s", maxBatch);
        checkArgument(maxWaitNs >= 0 && Double.isFinite(maxWaitNs), "maxWaitNs must be finite and >= 0, got %s",
                maxWaitNs);
    }
}
