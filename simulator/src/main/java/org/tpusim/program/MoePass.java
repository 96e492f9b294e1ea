package org.tpusim.program;

import com.google.common.collect.ImmutableList;
import org.tpusim.cost.OpDemand;
import org.tpusim.moe.ExpertPlacement;
import org.tpusim.moe.ExpertRouting;

/**
 * The routing of one pass's MoE layers and what each expert group computes.
 *
 * @param placement       the loads and their placement on the expert groups
 * @param simulatedGroup  the group whose expert ops the program holds: the one with the most tokens, which every
 *                        other group waits for at the combine all-to-all (SPMD)
 * @param groupDemands    per group, the compute ops of its routed experts (matmuls and activations), in order
 */
public record MoePass(ExpertPlacement placement, int simulatedGroup,
                      ImmutableList<ImmutableList<OpDemand>> groupDemands) {
    public ExpertRouting.Loads loads() {
        return placement.loads();
    }
}
