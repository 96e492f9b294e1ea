package org.tpusim.scenario;

import org.tpusim.topology.ChipCoord;

/** What a scenario runs on its system; one record per {@code workload.kind}. */
public sealed interface Workload permits Workload.Transfer {

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
}
