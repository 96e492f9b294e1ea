package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * A scenario's {@code replicas:} block: identical slices behind a router.
 *
 * @param count  slices, each serving with the scenario's policy, KV cache and pass times
 * @param router how arrivals are spread
 */
public record Replicas(int count, RouterKind router) {
    /** Most replicas. */
    public static final int MAX_COUNT = 1024;

    public Replicas {
        checkArgument(count >= 1 && count <= MAX_COUNT, "count must be 1 to 1024, got %s", count);
        Objects.requireNonNull(router, "router");
    }
}
