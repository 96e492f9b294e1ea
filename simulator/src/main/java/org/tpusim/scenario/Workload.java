package org.tpusim.scenario;

import org.tpusim.collective.CollectiveAlgorithm;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.collective.MultiAxis;
import org.tpusim.topology.ChipCoord;
import org.tpusim.topology.MeshAxes;

/** What a scenario runs on its system; one record per {@code workload.kind}. */
public sealed interface Workload permits Workload.Transfer, Workload.Collective {

    /** The {@code workload.kind} name. */
    String kind();

    /**
     * {@code kind: transfer}: one point-to-point message between two chips along the dimension-order
     * route; a micro-benchmark of the link model.
     */
    record Transfer(ChipCoord from, ChipCoord to, long bytes) implements Workload {
        @Override
        public String kind() {
            return "transfer";
        }
    }

    /**
     * {@code kind: collective}: one collective on every group of the given axes.
     *
     * @param collective   which collective
     * @param axes         mesh axes forming a group
     * @param bytesPerChip the paper's D (see {@link CollectiveKind})
     * @param algorithm    per-axis movement ({@code algorithm}, default bidirectional-ring)
     * @param multiAxis    decomposition of multi-axis groups ({@code multi_axis}, default concurrent)
     */
    record Collective(CollectiveKind collective, MeshAxes axes, long bytesPerChip, CollectiveAlgorithm algorithm,
                      MultiAxis multiAxis) implements Workload {
        @Override
        public String kind() {
            return "collective";
        }
    }
}
