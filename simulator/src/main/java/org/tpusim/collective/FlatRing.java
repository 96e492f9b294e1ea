package org.tpusim.collective;

import com.google.common.base.Preconditions;
import java.util.List;
import org.tpusim.topology.Axis;
import org.tpusim.topology.ChipCoord;
import org.tpusim.topology.Slice;

/**
 * One ring through every chip of a multi-axis group, embedded in the mesh as a snake (a reflected
 * mixed-radix Gray code over the group's axes, the first axis varying fastest: an axis runs backwards when the
 * coordinates of the slower axes sum to an odd number). Consecutive chips of the
 * snake are neighbours, so every ring step but the closing one is one hop; the closing step, from the
 * snake's last chip back to its first, is one hop too when the last axis wraps and every other axis has an
 * even number of chips (the snake then ends on the first chip's line along the last axis), and otherwise
 * follows the dimension-order route, whose links the snake also uses, so on slices without wraparound the
 * closing messages queue behind the snake's (a 3x3 line slice runs an all-reduce at about half its
 * latency-bandwidth form). Hamiltonian cycles that some meshes admit (e.g. 4x3 without wrap links) are not
 * searched for: TPU v4 slices of 4 or more chips per axis wrap.
 *
 * <p>Used by {@link MultiAxis#FLAT_RING}: a collective over {@code xyz} on 4x4x4 runs as one 64-chip ring
 * with 63 steps of D/64, each chip using one link each way (two of its six), instead of per-axis phases.
 */
public final class FlatRing {
    private final Slice slice;
    private final Axis[] axes;
    private final int size;

    /** @param groupAxes the group's axes; axes of one chip are ignored */
    public FlatRing(Slice slice, List<Axis> groupAxes) {
        this.slice = slice;
        this.axes = groupAxes.stream().filter(a -> slice.size(a) > 1).toArray(Axis[]::new);
        int k = 1;
        for (Axis a : axes) {
            k *= slice.size(a);
        }
        this.size = k;
    }

    /** Chips in the ring (the group size). */
    public int size() {
        return size;
    }

    /** The chip's position along the snake of its group, 0 .. size-1. */
    public int rank(int chip) {
        int rank = 0;
        boolean reflect = false;
        for (int i = axes.length - 1; i >= 0; i--) {
            int n = slice.size(axes[i]);
            int d = slice.axisIndexOf(chip, axes[i]);
            int r = reflect ? n - 1 - d : d;
            rank = rank * n + r;
            reflect ^= (d & 1) == 1;
        }
        return rank;
    }

    /** The chip of the same group at snake position {@code rank} (taken modulo the group size). */
    public int chipAt(int chipInGroup, int rank) {
        int r = Math.floorMod(rank, size);
        int[] digits = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int n = slice.size(axes[i]);
            digits[i] = r % n;
            r /= n;
        }
        ChipCoord c = slice.coord(chipInGroup);
        boolean reflect = false;
        for (int i = axes.length - 1; i >= 0; i--) {
            int n = slice.size(axes[i]);
            int d = reflect ? n - 1 - digits[i] : digits[i];
            c = c.with(axes[i], d);
            reflect ^= (d & 1) == 1;
        }
        return slice.id(c);
    }

    /** The next chip along the ring ({@code step} = +1) or the previous one (-1). */
    public int neighbour(int chip, int step) {
        Preconditions.checkArgument(step == 1 || step == -1, "step must be +1 or -1: %s", step);
        return chipAt(chip, rank(chip) + step);
    }

    /** The longest route between ring neighbours, in hops (1 when the snake closes on a wrap link). */
    public int maxHops() {
        int first = chipAt(0, 0);
        int last = chipAt(0, size - 1);
        return size <= 1 ? 0 : Math.max(1, slice.hopDistance(last, first));
    }
}
