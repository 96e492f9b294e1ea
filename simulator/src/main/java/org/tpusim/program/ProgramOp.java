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
     */
    record Communicate(int id, String name, OpCategory category, CollectiveKind kind, MeshAxes axes, long bytesPerChip,
                       ImmutableList<Integer> deps, boolean loopContinuation) implements ProgramOp {
        public Communicate(int id, String name, OpCategory category, CollectiveKind kind, MeshAxes axes,
                           long bytesPerChip, ImmutableList<Integer> deps) {
            this(id, name, category, kind, axes, bytesPerChip, deps, false);
        }
    }
}
