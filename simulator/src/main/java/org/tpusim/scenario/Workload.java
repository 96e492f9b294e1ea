package org.tpusim.scenario;

import org.tpusim.collective.CollectiveAlgorithm;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.collective.MultiAxis;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.topology.ChipCoord;
import org.tpusim.topology.MeshAxes;

/** What a scenario runs on its system; one record per {@code workload.kind}. */
public sealed interface Workload permits Workload.Transfer, Workload.Collective, Workload.Batch {

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

    /**
     * {@code kind: batch}: a prefill of {@code batch} sequences of {@code inputTokens} new tokens on top of
     * {@code cachedTokens} already in the KV cache, then {@code outputTokens} decode steps (the paper's
     * benchmark setting). Layouts are resolved per phase when the scenario is read.
     *
     * @param prefillLayout layout of the prefill (meaningful when inputTokens > 0)
     * @param decodeLayout  layout of the decode steps (meaningful when outputTokens > 0)
     */
    record Batch(int batch, long inputTokens, long cachedTokens, long outputTokens, PhaseLayout prefillLayout,
                 PhaseLayout decodeLayout) implements Workload {
        @Override
        public String kind() {
            return "batch";
        }
    }
}
