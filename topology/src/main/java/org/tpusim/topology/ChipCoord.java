package org.tpusim.topology;

import java.util.Objects;

/**
 * Position of a chip on the slice grid. Any integers are allowed so that callers can step off the edge
 * and ask {@link Slice#contains(ChipCoord)}; a {@link Slice} rejects coordinates outside its shape.
 */
public record ChipCoord(int x, int y, int z) {

    public int get(Axis axis) {
        switch (Objects.requireNonNull(axis, "axis")) {
            case X:
                return x;
            case Y:
                return y;
            default:
                return z;
        }
    }

    /** This coordinate with the component on {@code axis} replaced by {@code value}. */
    public ChipCoord with(Axis axis, int value) {
        switch (Objects.requireNonNull(axis, "axis")) {
            case X:
                return new ChipCoord(value, y, z);
            case Y:
                return new ChipCoord(x, value, z);
            default:
                return new ChipCoord(x, y, value);
        }
    }

    /** "[x,y,z]", e.g. "[1,0,3]". */
    @Override
    public String toString() {
        return "[" + x + "," + y + "," + z + "]";
    }
}
