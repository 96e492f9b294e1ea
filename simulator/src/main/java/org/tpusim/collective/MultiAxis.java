package org.tpusim.collective;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

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
 */
public enum MultiAxis {
    CONCURRENT("concurrent"),
    SEQUENTIAL("sequential");

    private final String key;

    MultiAxis(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<MultiAxis> fromKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static String allKeys() {
        return Arrays.stream(values()).map(MultiAxis::key).collect(Collectors.joining(", "));
    }
}
