package org.tpusim.program;

import java.util.ArrayList;
import java.util.List;
import org.tpusim.layout.MeshSplit;
import org.tpusim.topology.Axis;
import org.tpusim.topology.MeshAxes;

/**
 * Per-chip shape arithmetic that records, instead of hiding, every split that is not even. An uneven shard is a
 * feasibility problem, except for activation feature splits when padding is on ({@code model.pad_shards}): then
 * {@link #padded} returns ceil(value / ways), i.e. the value padded up to the next multiple of {@code ways} and split
 * evenly, every chip computes and holds that padded shard, and the padding is recorded for the results. After a
 * problem the division still returns a positive value, so the rest of the program can be built and every problem
 * reported at once.
 */
final class ProgramShapes {
    private final MeshSplit split;
    private final boolean pad;
    private final List<String> problems = new ArrayList<>();
    private final java.util.Set<String> paddings = new java.util.LinkedHashSet<>();

    ProgramShapes(MeshSplit split) {
        this(split, false);
    }

    ProgramShapes(MeshSplit split, boolean pad) {
        this.split = split;
        this.pad = pad;
    }

    /**
     * An activation feature split: {@code value / ways} when it divides; otherwise, with padding on, ceil(value /
     * ways) (recorded), and without it a problem as {@link #divide}.
     */
    long padded(long value, long ways, String what, String over) {
        if (value % ways == 0 || !pad) {
            return divide(value, ways, what, over);
        }
        long shard = (value + ways - 1) / ways;
        paddings.add(String.format(java.util.Locale.ROOT, "%s %d over %s = %d chips: padded to %d (%d per chip, +%.1f%%)",
                what, value, over, ways, shard * ways, shard, 100.0 * (shard * ways - value) / value));
        return shard;
    }

    /** {@link #requireDivisible} for an activation feature split: padded (recorded) instead when padding is on. */
    void requirePaddable(long value, long ways, String what, String over) {
        padded(value, ways, what, over);
    }

    /**
     * Collective bytes per chip over a group of {@code ways}: unchanged when they divide; with padding on, rounded up
     * to the next multiple (the padded shards move); without it a problem.
     */
    long paddedBytes(long bytes, long ways, String what, String over) {
        if (bytes % ways == 0 || !pad) {
            requireDivisible(bytes, ways, what, over);
            return bytes;
        }
        return padded(bytes, ways, what, over) * ways;
    }

    /** Every padding applied, in the order met (empty without padding). */
    List<String> paddings() {
        return List.copyOf(paddings);
    }

    /** {@code value / ways}, recording a problem when it does not divide evenly. */
    long divide(long value, long ways, String what, String over) {
        requireDivisible(value, ways, what, over);
        return Math.max(1, value / ways);
    }

    void requireDivisible(long value, long ways, String what, String over) {
        if (value % ways != 0) {
            problems.add("program: " + what + " " + value + " does not split evenly over " + over + " = " + ways
                    + " chips");
        }
    }

    void problem(String text) {
        problems.add("program: " + text);
    }

    List<String> problems() {
        return problems;
    }

    /** Chips in one group over {@code axes} on this mesh. */
    int groupSize(MeshAxes axes) {
        int size = 1;
        for (Axis axis : axes.axes()) {
            size *= switch (axis) {
                case X -> split.x();
                case Y -> split.y();
                case Z -> split.z();
            };
        }
        return size;
    }
}
