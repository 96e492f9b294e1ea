package org.tpusim.program;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.cost.OpDemand;
import org.tpusim.topology.MeshAxes;

/**
 * Appends ops to one {@link OpSequence}, numbering them in program order. A point in the program is the
 * list of op ids that must have finished ({@link #START}, the empty list, is the sequence's input). A
 * collective over a group of one chip moves nothing and is left out: it returns the point it was given.
 */
final class SequenceWriter {
    /** The sequence's input: no op of this sequence needs to have finished. */
    static final ImmutableList<Integer> START = ImmutableList.of();

    private final String name;
    private final ProgramShapes shapes;
    private final List<ProgramOp> ops = new ArrayList<>();

    SequenceWriter(String name, ProgramShapes shapes) {
        this.name = name;
        this.shapes = shapes;
    }

    ImmutableList<Integer> compute(String opName, OpCategory category, OpDemand demand, Collection<Integer> after) {
        int id = ops.size();
        ops.add(new ProgramOp.Compute(id, opName, category, demand, sorted(after)));
        return ImmutableList.of(id);
    }

    /**
     * A collective over {@code axes}; {@code bytesPerChip} is the paper's D (all-gather output, reduce-scatter
     * input, all-to-all buffer), which must split into equal shards over the group.
     */
    ImmutableList<Integer> communicate(String opName, OpCategory category, CollectiveKind kind, MeshAxes axes,
            long bytesPerChip, Collection<Integer> after) {
        int group = shapes.groupSize(axes);
        if (group == 1) {
            return sorted(after);
        }
        long bytes = shapes.paddedBytes(bytesPerChip, group, name + "." + opName + ": " + kind.key()
                + " bytes per chip", axes.name());
        int id = ops.size();
        ops.add(new ProgramOp.Communicate(id, opName, category, kind, axes, bytes, sorted(after)));
        return ImmutableList.of(id);
    }

    OpSequence build() {
        return new OpSequence(name, ImmutableList.copyOf(ops));
    }

    /** The union of program points: every op any of them waits for. */
    @SafeVarargs
    static ImmutableList<Integer> join(Collection<Integer>... points) {
        TreeSet<Integer> all = new TreeSet<>();
        for (Collection<Integer> p : points) {
            all.addAll(p);
        }
        return ImmutableList.copyOf(all);
    }

    private static ImmutableList<Integer> sorted(Collection<Integer> ids) {
        return ImmutableList.copyOf(new TreeSet<>(ids));
    }
}
