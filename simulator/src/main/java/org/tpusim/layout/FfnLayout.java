package org.tpusim.layout;

import java.util.Optional;
import org.tpusim.keys.Keyed;
import org.tpusim.keys.Keys;

/**
 * Feedforward partitioning (Pope et al. 2022, sec. 3.2, Fig 2, App. A.2). All layouts except 1D store
 * the weights as E_x F_yz; weight-gathered layouts all-gather them over a group of axes just before
 * each einsum, so prefill and decode can use different layouts without resharding (sec. 3.2.3).
 */
public enum FfnLayout implements Keyed {
    /** 1D weight-stationary: weights E F_xyz, activations all-gathered over xyz (sec. 3.2.1). */
    WS_1D("ws-1d"),
    /** 2D weight-stationary: weights E_x F_yz, activations move over yz and x (sec. 3.2.2). */
    WS_2D("ws-2d"),
    /** Weight-gathered over x: activations B_x L E_yz (sec. 3.2.3, Fig A.2). */
    WG_X("wg-x"),
    /** Weight-gathered over xy: activations B_xy L E_z. */
    WG_XY("wg-xy"),
    /** Weight-gathered over xyz: activations B_xyz L E, no activation collectives. */
    WG_XYZ("wg-xyz");

    private final String key;

    FfnLayout(String key) {
        this.key = key;
    }

    /** The scenario spelling, e.g. {@code ws-2d}. */
    @Override
    public String key() {
        return key;
    }

    public boolean isWeightGathered() {
        return this == WG_X || this == WG_XY || this == WG_XYZ;
    }

    /**
     * N, the number of chips the weights are all-gathered over (and the batch is split over): X, X·Y or
     * X·Y·Z; 1 for weight-stationary layouts.
     */
    public int gatherGroup(MeshSplit split) {
        return switch (this) {
            case WS_1D, WS_2D -> 1;
            case WG_X -> split.x();
            case WG_XY -> split.x() * split.y();
            case WG_XYZ -> split.chips();
        };
    }

    public static Optional<FfnLayout> fromKey(String key) {
        return Keys.fromKey(FfnLayout.class, key);
    }

    /** "ws-1d, ws-2d, wg-x, wg-xy, wg-xyz", for messages. */
    public static String allKeys() {
        return Keys.allKeys(FfnLayout.class);
    }
}
