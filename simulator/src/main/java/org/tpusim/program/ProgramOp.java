package org.tpusim.program;

import com.google.common.collect.ImmutableList;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.cost.OpDemand;
import org.tpusim.topology.MeshAxes;

/**
 * One op of a chip's program. Ops are listed in program order; {@code deps} name the ids of earlier ops of the
 * same {@link OpSequence} whose results this op needs (an op with no deps needs only the sequence's input).
 */
public sealed interface ProgramOp permits ProgramOp.Compute, ProgramOp.Communicate {
    int id();

    String name();

    ImmutableList<Integer> deps();

    OpCategory category();

    /** Work on the chip itself: a matmul, attention over the KV cache, or an elementwise/vector op. */
    record Compute(int id, String name, OpCategory category, OpDemand demand, ImmutableList<Integer> deps)
            implements ProgramOp {
    }

    /**
     * A collective over the given mesh axes, run by every group of the slice at once.
     *
     * @param bytesPerChip     the collective's D (see {@link CollectiveKind})
     * @param loopContinuation true for chunks 2..n of a Looped CollectiveEinsum: the loop is one fused kernel
     *                         whose start cost was paid by its first chunk
     * @param ringSteps        {@link #WHOLE} for a whole collective; for a chunk of a Looped CollectiveEinsum, the
     *                         number of steps (0 .. K-1) of the loop's ring it runs, each moving D/K
     */
    record Communicate(int id, String name, OpCategory category, CollectiveKind kind, MeshAxes axes, long bytesPerChip,
                       ImmutableList<Integer> deps, boolean loopContinuation, int ringSteps) implements ProgramOp {
        /** {@link #ringSteps()} of a whole collective. */
        public static final int WHOLE = -1;

        public Communicate(int id, String name, OpCategory category, CollectiveKind kind, MeshAxes axes,
                           long bytesPerChip, ImmutableList<Integer> deps) {
            this(id, name, category, kind, axes, bytesPerChip, deps, false, WHOLE);
        }

        /** A chunk of a Looped CollectiveEinsum's ring. */
        public boolean loopChunk() {
            return ringSteps != WHOLE;
        }
    }
}
