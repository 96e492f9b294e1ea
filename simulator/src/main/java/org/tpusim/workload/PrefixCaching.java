package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A scenario's {@code prefix_cache:} block: cached KV blocks of shared prompt prefixes ({@link PrefixCache}).
 *
 * @param capacityBlocks blocks of the paged KV cache set apart for cached prefixes
 */
public record PrefixCaching(long capacityBlocks) {
    /** Largest capacity: 2^40 blocks. */
    public static final long MAX_CAPACITY_BLOCKS = 1L << 40;

    public PrefixCaching {
        checkArgument(capacityBlocks >= 1 && capacityBlocks <= MAX_CAPACITY_BLOCKS,
                "capacityBlocks must be 1 to 2^40, got %s", capacityBlocks);
    }
}
