package org.tpusim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tpusim.engine.Engine;
import org.tpusim.model.Phase;

/**
 * Speculative decoding with hand-set pass times: the target's prefill (and so its verify pass, a prefill shape)
 * takes P = 1 ms and its decode D = 0.1 ms (ServingSimulationTest); the draft's prefill Pd = 0.2 ms and decode
 * Dd = 0.01 ms. One request alone, prompt 10, 9 output tokens, k = 3 proposals per step.
 */
class SpeculativeDecodingTest {
    static final double P = ServingSimulationTest.P;
    static final double PD = 2e5;
    static final double DD = 1e4;
    static final double EPS = 1e-6;
    static final PassTimes DRAFT = (phase, batch, l, ctx) -> phase == Phase.PREFILL ? PD : DD;

    static ServingOutcome serve(double acceptanceLow, double acceptanceHigh) {
        GenerationTrace trace = new GenerationTrace("t.csv", "tpusim", List.of(new Request(0, 2, 0, 10, 0, 9)),
                List.of());
        Batching batching = new Batching(BatchingPolicyKind.CONTINUOUS, 8, 0);
        ServingSimulation sim = new ServingSimulation(trace, batching,
                new ShapeBuckets(ServingSimulationTest.FLAT, ServingSimulationTest.ONE_CHIP, 8), 1_000_000);
        sim.speculate(new Speculation(ServingSimulationTest.ONE_CHIP.model(), 3, acceptanceLow, acceptanceHigh, 1),
                new ShapeBuckets(DRAFT, ServingSimulationTest.ONE_CHIP, 8));
        Engine.run("speculative-test", sim::start);
        return sim.outcome();
    }

    @Test
    void everyProposalAccepted_fourTokensPerStep() {
        ServingOutcome o = serve(1, 1);
        RequestOutcome r = o.requests().get(0);
        // the prefill runs the target and the draft: first token at P + Pd; then 8 tokens in 2 steps of
        // 3 draft decodes and one verify pass, each emitting 3 accepted + 1 of the target's
        assertEquals(P + PD, r.ttftNs(), EPS);
        assertEquals(P + PD + 2 * (3 * DD + P), r.e2eNs(), EPS);
        assertEquals(3.0, o.speculative().acceptedPerStep(), EPS);
        assertEquals(PD + 2 * 3 * DD, o.speculative().draftNs(), EPS);
    }

    @Test
    void draftOnItsOwnSlice_prefillsBesideTheTarget_stepsStaySequential() {
        GenerationTrace trace = new GenerationTrace("t.csv", "tpusim", List.of(new Request(0, 2, 0, 10, 0, 9)),
                List.of());
        ServingSimulation sim = new ServingSimulation(trace, new Batching(BatchingPolicyKind.CONTINUOUS, 8, 0),
                new ShapeBuckets(ServingSimulationTest.FLAT, ServingSimulationTest.ONE_CHIP, 8), 1_000_000);
        sim.speculate(new Speculation(ServingSimulationTest.ONE_CHIP.model(), 3, 1, 1, 1, "2x2x1",
                org.tpusim.layout.LayoutPlan.AUTO), new ShapeBuckets(DRAFT, ServingSimulationTest.ONE_CHIP, 8));
        Engine.run("speculative-test", sim::start);
        RequestOutcome r = sim.outcome().requests().get(0);
        // first token at max(P, Pd) = P; then 2 steps of 3 draft decodes followed by the verify pass
        assertEquals(P, r.ttftNs(), EPS);
        assertEquals(P + 2 * (3 * DD + P), r.e2eNs(), EPS);
        assertEquals(PD + 2 * 3 * DD, sim.outcome().speculative().draftNs(), EPS);
    }

    @Test
    void nothingAccepted_oneTokenPerStep_slowerThanPlainDecoding() {
        ServingOutcome o = serve(0, 0);
        assertEquals(P + PD + 8 * (3 * DD + P), o.requests().get(0).e2eNs(), EPS);
        assertEquals(0, o.speculative().acceptedPerStep(), EPS);
    }

    @Test
    void acceptanceRate_isRecovered_byTheMeanAcceptedPerStep() {
        // a = 0.6, k = 3: E[j] = a + a^2 + a^3 = 1.176; over many steps of long requests the mean approaches it
        GenerationTrace trace = new GenerationTrace("t.csv", "tpusim", java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> new Request(i, i + 2, i * 1e8, 10, 0, 400)).toList(), List.of());
        ServingSimulation sim = new ServingSimulation(trace, new Batching(BatchingPolicyKind.CONTINUOUS, 8, 0),
                new ShapeBuckets(ServingSimulationTest.FLAT, ServingSimulationTest.ONE_CHIP, 8), 1_000_000_000);
        sim.speculate(new Speculation(ServingSimulationTest.ONE_CHIP.model(), 3, 0.6, 0.6, 7),
                new ShapeBuckets(DRAFT, ServingSimulationTest.ONE_CHIP, 8));
        Engine.run("speculative-test", sim::start);
        // ~35,000 sequence-steps: the standard error of the mean is about 0.006; the last step of each request is
        // cut short by the tokens left, which only lowers its emitted count, not j
        assertEquals(0.6 + 0.36 + 0.216, sim.outcome().speculative().acceptedPerStep(), 0.03);
    }
}
