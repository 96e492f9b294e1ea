package org.tpusim.topology;

import static com.google.common.base.Preconditions.checkElementIndex;

/**
 * The chips of a slice that differ only on the given {@link MeshAxes}: the set a collective over those
 * axes runs on (e.g. all chips sharing an x coordinate for axes "yz"). A chip's position in the group is
 * mixed-radix over the group's axes with the first axis varying fastest, e.g. y + 4*z for axes "yz" on a
 * 4x4x4 slice, so positions rise with chip ids.
 */
public final class ChipGroup {

    private final SliceShape shape;
    private final MeshAxes axes;
    /** Member chip ids indexed by position; ascending. */
    private final int[] members;

    /** The group over {@code axes} whose lowest member is {@code anchor} (all its coordinates on axes are 0). */
    ChipGroup(SliceShape shape, MeshAxes axes, int anchor) {
        this.shape = shape;
        this.axes = axes;
        this.members = new int[axes.groupSize(shape)];
        for (int position = 0; position < members.length; position++) {
            int rest = position;
            int chip = anchor;
            for (Axis axis : axes.axes()) {
                int size = shape.size(axis);
                chip += (rest % size) * stride(shape, axis);
                rest /= size;
            }
            members[position] = chip;
        }
    }

    public MeshAxes axes() {
        return axes;
    }

    /** Number of member chips. */
    public int size() {
        return members.length;
    }

    /** Chip id at {@code position}, 0 <= position < size(). */
    public int member(int position) {
        checkElementIndex(position, members.length, "position in group");
        return members[position];
    }

    /** Member chip ids ordered by position; a fresh copy. */
    public int[] members() {
        return members.clone();
    }

    /** Lowest member chip id, which is also the member at position 0. */
    public int lowestMember() {
        return members[0];
    }

    public boolean contains(int chip) {
        if (chip < 0 || chip >= shape.chipCount()) {
            return false;
        }
        for (Axis axis : Axis.values()) {
            if (!axes.contains(axis) && coordinate(shape, chip, axis) != coordinate(shape, members[0], axis)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Position of {@code chip} in this group.
     *
     * @throws IllegalArgumentException if the chip is not a member
     */
    public int positionOf(int chip) {
        if (!contains(chip)) {
            throw new IllegalArgumentException("chip " + chip + " is not in " + this);
        }
        int position = 0;
        int radix = 1;
        for (Axis axis : axes.axes()) {
            position += coordinate(shape, chip, axis) * radix;
            radix *= shape.size(axis);
        }
        return position;
    }

    /**
     * The position reached from {@code position} by the offset of {@code offsetPosition} from position 0, axis by
     * axis modulo the axis's size: the destination of the offset-th message of a chip in a schedule where every chip
     * sends to the same offsets in the same order (e.g. on 4x4 over xy, position 3 (x 3, y 0) shifted by 1 (x 1) is
     * position 0 (x 0, y 0), not 4).
     */
    public int shiftedPosition(int position, int offsetPosition) {
        checkElementIndex(position, members.length, "position in group");
        checkElementIndex(offsetPosition, members.length, "offset position in group");
        int result = 0;
        int radix = 1;
        int p = position;
        int o = offsetPosition;
        for (Axis axis : axes.axes()) {
            int size = shape.size(axis);
            result += ((p % size + o % size) % size) * radix;
            p /= size;
            o /= size;
            radix *= size;
        }
        return result;
    }

    /** Distance in chip ids between neighbours along {@code axis}: ids are x + X*(y + Y*z). */
    static int stride(SliceShape shape, Axis axis) {
        switch (axis) {
            case X:
                return 1;
            case Y:
                return shape.x();
            default:
                return shape.x() * shape.y();
        }
    }

    static int coordinate(SliceShape shape, int chip, Axis axis) {
        return (chip / stride(shape, axis)) % shape.size(axis);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof ChipGroup)) {
            return false;
        }
        ChipGroup that = (ChipGroup) other;
        return shape.equals(that.shape) && axes.equals(that.axes) && members[0] == that.members[0];
    }

    @Override
    public int hashCode() {
        return (shape.hashCode() * 31 + axes.hashCode()) * 31 + members[0];
    }

    /** E.g. "group yz of 4x4x4 from chip 1 (16 chips)". */
    @Override
    public String toString() {
        return "group " + axes.name() + " of " + shape + " from chip " + members[0] + " (" + members.length + " chips)";
    }
}
