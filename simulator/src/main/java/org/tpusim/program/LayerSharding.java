package org.tpusim.program;

import java.util.Optional;
import org.tpusim.layout.FfnLayout;
import org.tpusim.layout.MeshSplit;
import org.tpusim.topology.MeshAxes;

/**
 * Where a layer's activations live on the mesh under a feedforward layout (Pope et al. 2022, sec. 3.2,
 * Fig 2, App. A.2): the residual stream between layers, and the "middle" (the output of the input
 * projection: FFN hidden units and attention q/k/v, split over {@code midShards} chips along
 * {@code midAxes}).
 * <ul>
 *   <li>ws-1d and ws-2d: residual BLE_xyz, middle BLF_xyz (every token on every chip, features split n
 *       ways).</li>
 *   <li>wg over N chips (x, xy, xyz): residual B_N L E_rest, middle B_N L F_rest where rest is the other
 *       axes (yz, z, none) and R = n/N: the batch splits over the gather axes, features over the rest.</li>
 * </ul>
 *
 * @param tokenShards N: chips the batch is split over (1 for weight-stationary layouts)
 * @param midShards   chips the middle's features are split over (n for WS, n/N for WG)
 * @param midAxes     the axes of those chips; empty when {@code midShards == 1} (wg-xyz)
 * @param gatherAxes  the axes WG gathers weights over; empty for WS
 */
record LayerSharding(FfnLayout layout, int tokenShards, int midShards, Optional<MeshAxes> midAxes,
                     Optional<MeshAxes> gatherAxes) {

    static final MeshAxes X = MeshAxes.parse("x");
    static final MeshAxes YZ = MeshAxes.parse("yz");
    static final MeshAxes XYZ = MeshAxes.parse("xyz");

    static LayerSharding of(FfnLayout layout, MeshSplit split) {
        int n = split.chips();
        return switch (layout) {
            case WS_1D, WS_2D -> new LayerSharding(layout, 1, n, Optional.of(XYZ), Optional.empty());
            case WG_X -> new LayerSharding(layout, split.x(), split.yz(), Optional.of(YZ), Optional.of(X));
            case WG_XY -> new LayerSharding(layout, split.x() * split.y(), split.z(), Optional.of(MeshAxes.parse("z")),
                    Optional.of(MeshAxes.parse("xy")));
            case WG_XYZ -> new LayerSharding(layout, n, 1, Optional.empty(), Optional.of(XYZ));
        };
    }

    /** Chips the residual stream's E is split over: n for WS, R = n/N for WG. */
    int residualShards() {
        return midShards;
    }
}
