package org.tpusim.run;

import org.tpusim.analytical.AnalyticalModel;
import org.tpusim.analytical.MixedShape;
import org.tpusim.analytical.StepCost;
import org.tpusim.analytical.StepShape;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.model.Phase;
import org.tpusim.workload.PassTimes;
import org.tpusim.workload.StepLayouts;

/**
 * Pass times from the paper's analytical model (roofline of compute and weight + KV loading, plus feedforward
 * communication: {@code StepCost.rooflineWithCommunicationNs}), for the same shapes and layouts as
 * {@link SimulatedPassTimes}. A mixed pass of chunked prefill is the roofline of its two parts' sums: the
 * weights are loaded once (the prefill part's weight load; both parts share the feedforward layout), compute
 * and KV loading add up, and so does the feedforward communication (linear in tokens):
 * max(compute_p + compute_d, weights + kv_p + kv_d) + comm_p + comm_d.
 */
public final class AnalyticalPassTimes implements PassTimes {
    private final AnalyticalModel paper;
    private final StepLayouts layouts;
    /** Closed forms are cheap but not free (layout resolution per call): cached by shape like the simulated ones. */
    private final java.util.Map<StepShape, Double> cache = new java.util.HashMap<>();
    private final java.util.Map<MixedShape, Double> mixedCache = new java.util.HashMap<>();

    public AnalyticalPassTimes(AnalyticalModel paper, StepLayouts layouts) {
        this.paper = paper;
        this.layouts = layouts;
    }

    @Override
    public double timeNs(Phase phase, int batch, long tokensPerSequence, long contextTokens) {
        return cache.computeIfAbsent(new StepShape(phase, batch, tokensPerSequence, contextTokens), this::compute);
    }

    private double compute(StepShape shape) {
        Phase phase = shape.phase();
        int batch = shape.batch();
        long tokensPerSequence = shape.tokensPerSequence();
        return paper.step(layouts.model(), layouts.mesh(), layouts.layout(phase, batch, tokensPerSequence), shape)
                .rooflineWithCommunicationNs();
    }

    @Override
    public double mixedTimeNs(MixedShape shape) {
        return mixedCache.computeIfAbsent(shape, this::computeMixed);
    }

    private double computeMixed(MixedShape shape) {
        PhaseLayout prefillLayout = layouts.mixedPrefillLayout(shape);
        PhaseLayout decodeLayout = new PhaseLayout(prefillLayout.ffn(), layouts.mixedDecodeAttention(shape));
        StepCost p = paper.step(layouts.model(), layouts.mesh(), prefillLayout, shape.prefill());
        StepCost d = paper.step(layouts.model(), layouts.mesh(), decodeLayout, shape.decode());
        return Math.max(p.computeNs() + d.computeNs(), p.weightLoadNs() + p.kvLoadNs() + d.kvLoadNs())
                + p.ffnCommunicationNs() + d.ffnCommunicationNs();
    }
}
