package org.tpusim.collective;

import com.google.common.base.Preconditions;
import org.tpusim.topology.MeshAxes;

/**
 * One collective to run on every group of a slice.
 *
 * @param kind         which collective
 * @param axes         the mesh axes whose chips form a group (each group runs its own instance)
 * @param bytesPerChip the paper's D (see {@link CollectiveKind})
 * @param algorithm    per-axis data movement
 * @param multiAxis    decomposition of a multi-axis group into per-axis phases
 * @param chunkBytes   largest unit moved over a link at once
 */
public record CollectiveSpec(CollectiveKind kind, MeshAxes axes, long bytesPerChip, CollectiveAlgorithm algorithm,
                             MultiAxis multiAxis, long chunkBytes) {
    public CollectiveSpec {
        Preconditions.checkArgument(bytesPerChip >= 0, "bytes per chip must not be negative: %s", bytesPerChip);
        Preconditions.checkArgument(chunkBytes > 0, "chunk size must be positive: %s", chunkBytes);
    }
}
