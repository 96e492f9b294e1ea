package org.tpusim.run;

import java.util.List;
import org.tpusim.cost.ChipCostModel;
import org.tpusim.cost.OpDemand;
import org.tpusim.program.MoePass;

/**
 * What the routing did in one pass, over all its MoE layers (every MoE layer of a pass routes alike).
 *
 * @param tokens          T, tokens of the pass
 * @param dropped         token copies dropped by the capacity limit, x MoE layers
 * @param maxPerExpert    the most copies one expert kept in one layer
 * @param meanPerExpert   mean copies kept per expert in one layer
 * @param expertsUsed     experts that received a token in one layer
 * @param imbalanceIdleNs per chip, mean over the expert groups of the time the group waits for the busiest at the
 *                        combine (its routed experts' compute time against the busiest group's, priced by the chip
 *                        cost model), x MoE layers
 */
record MoeStats(long tokens, long dropped, long maxPerExpert, double meanPerExpert, int expertsUsed,
                double imbalanceIdleNs) {

    static MoeStats of(MoePass pass, int moeLayers, ChipCostModel cost) {
        List<? extends List<OpDemand>> groups = pass.groupDemands();
        double[] t = new double[groups.size()];
        for (int g = 0; g < t.length; g++) {
            for (OpDemand d : groups.get(g)) {
                t[g] += cost.time(d).totalNs();
            }
        }
        double slowest = t[pass.simulatedGroup()];
        double idle = 0;
        for (double v : t) {
            idle += Math.max(0, slowest - v);
        }
        idle /= t.length;
        return new MoeStats(pass.loads().tokens(), moeLayers * pass.loads().dropped(), pass.loads().maxKept(),
                pass.loads().meanKept(), pass.loads().expertsUsed(), moeLayers * idle);
    }
}
