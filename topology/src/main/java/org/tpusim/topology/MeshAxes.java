package org.tpusim.topology;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;

/**
 * A non-empty subset of the physical axes that a logical mesh dimension is laid over, e.g. "yz" for a
 * weight-gathered layout that shards across y and z. Always held in x, y, z order, so "zy" and "yz" are
 * equal and both named "yz".
 */
public final class MeshAxes {

    private static final String ACCEPTED_FORMS = "expected one of x, y, z, xy, xz, yz, xyz (each axis at most once)";

    /** Bit {@code axis.index()} is set for each axis in the subset. */
    private final int mask;
    private final ImmutableList<Axis> axes;
    private final String name;

    private MeshAxes(int mask) {
        this.mask = mask;
        ImmutableList.Builder<Axis> builder = ImmutableList.builder();
        StringBuilder letters = new StringBuilder(3);
        for (Axis axis : Axis.values()) {
            if ((mask & bit(axis)) != 0) {
                builder.add(axis);
                letters.append(axis.letter());
            }
        }
        this.axes = builder.build();
        this.name = letters.toString();
    }

    /** The subset holding {@code axes}, in any order; each axis at most once, at least one axis. */
    public static MeshAxes of(Axis... axes) {
        Objects.requireNonNull(axes, "axes");
        checkArgument(axes.length > 0, "mesh axes are empty; %s", ACCEPTED_FORMS);
        int mask = 0;
        for (Axis axis : axes) {
            Objects.requireNonNull(axis, "axis");
            checkArgument((mask & bit(axis)) == 0, "axis %s is repeated; %s", axis.letter(), ACCEPTED_FORMS);
            mask |= bit(axis);
        }
        return new MeshAxes(mask);
    }

    /** Parses axis letters such as "xz" or "zy" (case-insensitive, surrounding whitespace ignored). */
    public static MeshAxes parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("invalid mesh axes '" + text + "': " + ACCEPTED_FORMS);
        }
        int mask = 0;
        for (int i = 0; i < trimmed.length(); i++) {
            char letter = Character.toLowerCase(trimmed.charAt(i));
            if (letter != 'x' && letter != 'y' && letter != 'z') {
                throw new IllegalArgumentException("invalid mesh axes '" + text + "': unknown axis '"
                        + trimmed.charAt(i) + "'; " + ACCEPTED_FORMS);
            }
            int bit = bit(Axis.fromLetter(letter));
            if ((mask & bit) != 0) {
                throw new IllegalArgumentException("invalid mesh axes '" + text + "': axis " + letter
                        + " is repeated; " + ACCEPTED_FORMS);
            }
            mask |= bit;
        }
        return new MeshAxes(mask);
    }

    /** The axes in x, y, z order. */
    public List<Axis> axes() {
        return axes;
    }

    public boolean contains(Axis axis) {
        return (mask & bit(axis)) != 0;
    }

    /** The axis letters in x, y, z order, e.g. "xz". */
    public String name() {
        return name;
    }

    /** Chips in one group over these axes: the product of the slice's sizes on them. */
    public int groupSize(SliceShape shape) {
        int size = 1;
        for (Axis axis : axes) {
            size *= shape.size(axis);
        }
        return size;
    }

    /** A small dense key, 1..7, for per-subset tables. */
    int mask() {
        return mask;
    }

    private static int bit(Axis axis) {
        return 1 << axis.index();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MeshAxes && ((MeshAxes) other).mask == mask;
    }

    @Override
    public int hashCode() {
        return mask;
    }

    @Override
    public String toString() {
        return name;
    }
}
