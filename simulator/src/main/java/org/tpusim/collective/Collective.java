package org.tpusim.collective;

import java.util.function.DoubleConsumer;
import org.tpusim.engine.Scheduler;
import org.tpusim.interconnect.Interconnect;

/** A collective running on every group of a slice; started once, reports when every chip is done. */
public sealed interface Collective permits PhasedCollective, AllToAll, CollectivePermute {

    /** Starts now on every chip; {@code onComplete} gets the time the last chip finished. */
    void start(Scheduler scheduler, DoubleConsumer onComplete);

    /** Builds the collective for a spec on an interconnect. */
    static Collective create(Interconnect net, CollectiveSpec spec, CollectiveCosts costs) {
        return switch (spec.kind()) {
            case ALL_GATHER, REDUCE_SCATTER, ALL_REDUCE -> new PhasedCollective(net, spec, costs);
            case ALL_TO_ALL -> new AllToAll(net, spec, costs);
            case COLLECTIVE_PERMUTE -> new CollectivePermute(net, spec, costs);
        };
    }
}
