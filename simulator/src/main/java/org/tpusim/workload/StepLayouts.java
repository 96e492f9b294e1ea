package org.tpusim.workload;

import java.util.Objects;
import org.tpusim.layout.ExpertLayout;
import org.tpusim.analytical.MixedShape;
import org.tpusim.analytical.StepShape;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.Feasibility;
import org.tpusim.layout.LayoutPlan;
import org.tpusim.layout.LayoutRule;
import org.tpusim.layout.MeshSplit;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.Phase;
import org.tpusim.program.ProgramBuilder;

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

    /** A mixed pass's layout: the prefill layout resolved for its prefill part (feedforward for the whole pass). */
    public PhaseLayout mixedPrefillLayout(MixedShape shape) {
        return layout(Phase.PREFILL, shape.prefill().batch(), shape.prefill().tokensPerSequence());
    }

    /** The attention of a mixed pass's decode part: the decode layout's, resolved for that part's batch. */
    public AttentionLayout mixedDecodeAttention(MixedShape shape) {
        return layout(Phase.DECODE, shape.decode().batch(), 1).attention();
    }

    /** Whether the program builder can write this mixed pass. */
    public Feasibility checkMixed(MixedShape shape) {
        return ProgramBuilder.checkMixed(model, mesh, mixedPrefillLayout(shape), mixedDecodeAttention(shape), shape);
    }

    /**
     * The smallest decode-part batch >= {@code decodeBatch} with which the mixed pass can run, the prefill part
     * fixed (its feedforward layout may split the batch over a gather group the decode part must also fill).
     *
     * @throws IllegalArgumentException when none exists up to {@value #SEARCH_FACTOR} x max(batch, chips)
     */
    public int runnableMixedDecodeBatch(StepShape prefill, int decodeBatch, long decodeContext) {
        int limit = SEARCH_FACTOR * Math.max(decodeBatch, mesh.chips());
        for (int b = decodeBatch; b <= limit; b++) {
            if (checkMixed(new MixedShape(prefill, StepShape.decode(b, decodeContext))).feasible()) {
                return b;
            }
        }
        MixedShape first = new MixedShape(prefill, StepShape.decode(decodeBatch, decodeContext));
        throw new IllegalArgumentException("no decode batch from " + decodeBatch + " to " + limit + " can run beside "
                + "a prefill chunk of " + prefill.batch() + " x " + prefill.tokensPerSequence() + " tokens in one "
                + "mixed pass of " + model.model().name() + " on slice " + mesh + ": " + checkMixed(first).explain());
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
