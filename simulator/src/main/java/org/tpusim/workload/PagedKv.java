package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.tpusim.hardware.HostLink;

/**
 * A paged KV cache (as vLLM's PagedAttention): positions held in blocks of {@code blockTokens}, allocated as a
 * sequence grows, freed when it completes or is preempted.
 *
 * @param blockTokens               positions per block ({@code kv_cache.block_tokens})
 * @param preemption                recompute or swap
 * @param capacityBlocks            blocks the slice holds (the KV budget's positions / blockTokens)
 * @param swapBytesPerChipPerPosition bytes one position of one sequence occupies on each chip holding it: what a
 *                                  swap moves over that chip's host link per position
 * @param hostLink                  the chip's host link (used by swap)
 * @param prefixCacheBlocks         blocks of the prefix cache, set apart from {@code capacityBlocks} (0: none)
 */
public record PagedKv(int blockTokens, KvPreemption preemption, long capacityBlocks,
                      double swapBytesPerChipPerPosition, HostLink hostLink, long prefixCacheBlocks) {
    /** Without a prefix cache. */
    public PagedKv(int blockTokens, KvPreemption preemption, long capacityBlocks, double swapBytesPerChipPerPosition,
                   HostLink hostLink) {
        this(blockTokens, preemption, capacityBlocks, swapBytesPerChipPerPosition, hostLink, 0);
    }

    public PagedKv {
        checkArgument(prefixCacheBlocks >= 0, "prefixCacheBlocks must be >= 0");
        checkArgument(blockTokens >= 1, "blockTokens must be >= 1, got %s", blockTokens);
        Objects.requireNonNull(preemption, "preemption");
        checkArgument(capacityBlocks >= 1, "capacityBlocks must be >= 1, got %s", capacityBlocks);
        checkArgument(swapBytesPerChipPerPosition >= 0, "swap bytes must be >= 0");
        checkArgument(preemption != KvPreemption.SWAP || hostLink != null, "swap needs a host link");
    }

    /** Blocks that hold {@code positions} positions. */
    public long blocksFor(long positions) {
        return (positions + blockTokens - 1) / blockTokens;
    }
}
