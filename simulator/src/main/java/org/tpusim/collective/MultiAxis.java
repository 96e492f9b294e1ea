package org.tpusim.collective;

import java.util.Optional;
import org.tpusim.keys.Keyed;
import org.tpusim.keys.Keys;

/**
 * How a collective over several axes (e.g. {@code xyz}) is decomposed into per-axis phases.
 *
 * <p>{@link #SEQUENTIAL}: one pass, axis by axis in the order x, y, z (all-gather and the all-gather half
 * of all-reduce run in the reverse of the reduce-scatter order). Only the links of one axis carry
 * traffic at a time. Phase sizes for an all-gather of D over axes of sizes K1, K2, K3: the output after
 * phase i is D / (product of the sizes of the axes not yet gathered), so shards grow K1, K1K2-fold.
 *
 * <p>{@link #CONCURRENT} (default): the buffer is split into as many equal parts as the group has axes
 * of size > 1, and part j runs the same axis-by-axis decomposition with its axis order rotated by j
 * (x,y,z / y,z,x / z,x,y), so the links of every axis carry traffic at once. On a symmetric slice such
 * as 4x4x4 this reaches the paper's bandwidth-only form with the full per-chip bandwidth; on uneven
 * slices the parts meet on the same links and contend.
 *
 * <p>{@link #FLAT_RING}: no per-axis decomposition; the group's chips form one ring embedded in the mesh
 * as a snake ({@link FlatRing}), and an all-gather or reduce-scatter over K chips is K-1 steps of D/K
 * along it (an all-reduce is both). Each chip uses one link each way along the snake, whatever the number
 * of axes: a third of the injection bandwidth of {@code xyz} on a 3D torus, and K-1 steps of hop latency
 * rather than the sum of the axes'. This is how a collective runs when the runtime treats a multi-axis
 * replica group as a flat list of devices, and is the calibrated choice for program collectives on TPU v4
 * (docs/calibration.md). On a group of one axis it equals the per-axis ring.
 */
public enum MultiAxis implements Keyed {
    CONCURRENT("concurrent"),
    SEQUENTIAL("sequential"),
    FLAT_RING("flat-ring");

    private final String key;

    MultiAxis(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static Optional<MultiAxis> fromKey(String key) {
        return Keys.fromKey(MultiAxis.class, key);
    }

    public static String allKeys() {
        return Keys.allKeys(MultiAxis.class);
    }
}
