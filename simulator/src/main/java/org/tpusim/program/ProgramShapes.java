package org.tpusim.program;

import java.util.ArrayList;
import java.util.List;
import org.tpusim.layout.MeshSplit;
import org.tpusim.topology.Axis;
import org.tpusim.topology.MeshAxes;

/**
 * Per-chip shape arithmetic that records, instead of hiding, every split that is not even. The program
 * builder has no padding: an uneven shard is a feasibility problem. After a problem the division still
 * returns a positive value, so the rest of the program can be built and every problem reported at once.
 */
final class ProgramShapes {
    private final MeshSplit split;
    private final List<String> problems = new ArrayList<>();

    ProgramShapes(MeshSplit split) {
        this.split = split;
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
