package org.tpusim.layout;

import static com.google.common.base.Preconditions.checkArgument;

import org.tpusim.topology.SliceShape;

/**
 * The chip counts the layouts split tensors over, from the slice shape (Pope et al. 2022, sec. 3.1):
 * X, Y, Z are the axis sizes, YZ = Y·Z and n = X·Y·Z. 2D layouts store weights E_x F_yz, i.e. E split X
 * ways and F split YZ ways.
 */
public record MeshSplit(int x, int y, int z) {
    public MeshSplit {
        checkArgument(x > 0 && y > 0 && z > 0, "axis sizes must be positive, got %sx%sx%s", x, y, z);
    }

    public static MeshSplit of(SliceShape shape) {
        return new MeshSplit(shape.x(), shape.y(), shape.z());
    }

    public int yz() {
        return y * z;
    }

    /** n, the number of chips. */
    public int chips() {
        return x * y * z;
    }

    @Override
    public String toString() {
        return x + "x" + y + "x" + z;
    }
}
