package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * A scenario's {@code kv_cache:} block of a trace workload: a paged KV cache.
 *
 * @param blockTokens positions per block ({@code block_tokens})
 * @param preemption  what happens to the newest running request when blocks run out
 */
public record KvPaging(int blockTokens, KvPreemption preemption) {
    /** vLLM's default block size (16 tokens). */
    public static final int DEFAULT_BLOCK_TOKENS = 16;
    /** Largest block: 65,536 positions. */
    public static final int MAX_BLOCK_TOKENS = 1 << 16;

    public KvPaging {
        checkArgument(blockTokens >= 1 && blockTokens <= MAX_BLOCK_TOKENS, "blockTokens must be 1 to 65536, got %s",
                blockTokens);
        Objects.requireNonNull(preemption, "preemption");
    }
}
