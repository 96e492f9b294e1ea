package org.tpusim.run;

import org.tpusim.analytical.AnalyticalModel;
import org.tpusim.analytical.StepShape;
import org.tpusim.model.Phase;
import org.tpusim.workload.PassTimes;
import org.tpusim.workload.StepLayouts;

/**
 * Pass times from the paper's analytical model (roofline of compute and weight + KV loading, plus feedforward
 * communication: {@code StepCost.rooflineWithCommunicationNs}), for the same shapes and layouts as
 * {@link SimulatedPassTimes}.
 */
public final class AnalyticalPassTimes implements PassTimes {
    private final AnalyticalModel paper;
    private final StepLayouts layouts;

    public AnalyticalPassTimes(AnalyticalModel paper, StepLayouts layouts) {
        this.paper = paper;
        this.layouts = layouts;
    }

    @Override
    public double timeNs(Phase phase, int batch, long tokensPerSequence, long contextTokens) {
        StepShape shape = new StepShape(phase, batch, tokensPerSequence, contextTokens);
        return paper.step(layouts.model(), layouts.mesh(), layouts.layout(phase, batch, tokensPerSequence), shape)
                .rooflineWithCommunicationNs();
    }
}
