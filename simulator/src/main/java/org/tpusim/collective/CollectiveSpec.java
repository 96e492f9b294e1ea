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
 * @param ringSteps    {@link #WHOLE} for the whole collective; otherwise only this many steps (0 .. K-1) of a
 *                     {@link MultiAxis#FLAT_RING} all-gather or reduce-scatter, each moving D/K: one chunk of a
 *                     Looped CollectiveEinsum, whose loop walks the group's ring step by step
 */
public record CollectiveSpec(CollectiveKind kind, MeshAxes axes, long bytesPerChip, CollectiveAlgorithm algorithm,
                             MultiAxis multiAxis, long chunkBytes, int ringSteps) {
    /** {@link #ringSteps()} of a whole collective. */
    public static final int WHOLE = -1;

    public CollectiveSpec {
        Preconditions.checkArgument(bytesPerChip >= 0, "bytes per chip must not be negative: %s", bytesPerChip);
        Preconditions.checkArgument(chunkBytes > 0, "chunk size must be positive: %s", chunkBytes);
        Preconditions.checkArgument(ringSteps == WHOLE || (ringSteps >= 0 && multiAxis == MultiAxis.FLAT_RING
                        && (kind == CollectiveKind.ALL_GATHER || kind == CollectiveKind.REDUCE_SCATTER)),
                "ring steps apply to flat-ring all-gathers and reduce-scatters: %s %s %s", ringSteps, multiAxis, kind);
    }

    public CollectiveSpec(CollectiveKind kind, MeshAxes axes, long bytesPerChip, CollectiveAlgorithm algorithm,
                          MultiAxis multiAxis, long chunkBytes) {
        this(kind, axes, bytesPerChip, algorithm, multiAxis, chunkBytes, WHOLE);
    }
}
