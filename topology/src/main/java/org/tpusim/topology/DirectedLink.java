package org.tpusim.topology;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * One direction of one physical inter-chip (ICI) link between neighbouring chips. The two directions of a
 * physical link are modelled as separate resources, each with its own bandwidth, so a slice has two
 * directed links per physical link. {@code id} is dense within its {@link Slice}.
 */
public record DirectedLink(int id, int from, int to, Axis axis, Direction direction) {

    public DirectedLink {
        checkArgument(id >= 0, "link id %s is negative", id);
        checkArgument(from >= 0 && to >= 0, "link %s->%s has a negative chip id", from, to);
        checkArgument(from != to, "link from chip %s to itself", from);
        Objects.requireNonNull(axis, "axis");
        Objects.requireNonNull(direction, "direction");
    }

    /** E.g. "3->7 +y". */
    @Override
    public String toString() {
        return from + "->" + to + " " + direction.symbol() + axis.letter();
    }
}
