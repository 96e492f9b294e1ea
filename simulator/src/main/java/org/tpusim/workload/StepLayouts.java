package org.tpusim.workload;

import java.util.Objects;
import org.tpusim.layout.ExpertLayout;
import org.tpusim.layout.Feasibility;
import org.tpusim.layout.LayoutPlan;
import org.tpusim.layout.LayoutRule;
import org.tpusim.layout.MeshSplit;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.Phase;

/**
 * The layout of every pass of a served workload: the scenario's {@code layout:} block resolved for the
 * pass's own batch ({@code auto} parts follow the paper's rule at that batch), and the smallest batch at or
 * above a wanted size that the layout can run. A batch the layout cannot run (batch-sharded attention with
 * 24 sequences on 64 chips, a weight-gathered FFN with a batch not divisible by its gather group) is padded
 * up to the next size it can; the padding sequences are computed and counted as wasted work.
 */
public record StepLayouts(LayoutPlan plan, ModelConfig model, MeshSplit mesh) {
    /** How far past the wanted batch the search for a runnable size goes before giving up. */
    private static final int SEARCH_FACTOR = 8;

    public StepLayouts {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(mesh, "mesh");
    }

    public PhaseLayout layout(Phase phase, int batch, long tokensPerSequence) {
        return LayoutRule.resolve(plan.forPhase(phase), phase, model, mesh, batch, tokensPerSequence);
    }

    public Feasibility check(Phase phase, int batch, long tokensPerSequence) {
        PhaseLayout layout = layout(phase, batch, tokensPerSequence);
        java.util.List<String> problems = new java.util.ArrayList<>(
                LayoutRule.check(layout, model.model(), mesh, batch, model.padShards()).problems());
        problems.addAll(ExpertLayout.check(model.moe(), layout, model.model(), mesh, batch * tokensPerSequence));
        return Feasibility.of(problems);
    }

    /**
     * The smallest batch >= {@code batch} the phase's layout can run.
     *
     * @throws IllegalArgumentException when none exists up to {@value #SEARCH_FACTOR} x max(batch, chips),
     *                                  with the layout's reasons
     */
    public int runnableBatch(Phase phase, int batch, long tokensPerSequence) {
        int limit = SEARCH_FACTOR * Math.max(batch, mesh.chips());
        for (int b = batch; b <= limit; b++) {
            if (check(phase, b, tokensPerSequence).feasible()) {
                return b;
            }
        }
        throw new IllegalArgumentException("no batch from " + batch + " to " + limit + " can run the " + phase.key()
                + " layout " + layout(phase, batch, tokensPerSequence) + " of " + model.model().name() + " on slice "
                + mesh + ": " + check(phase, batch, tokensPerSequence).explain());
    }
}
