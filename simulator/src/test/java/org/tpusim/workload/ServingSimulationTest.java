package org.tpusim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tpusim.engine.Engine;
import org.tpusim.layout.LayoutPlan;
import org.tpusim.layout.MeshSplit;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.Phase;
import org.tpusim.scenario.ModelCatalog;

/**
 * The serving model on the real engine with hand-set pass times: every prefill takes P = 1 ms and every
 * decode step D = 0.1 ms, whatever the shape, so every expectation is arithmetic on P and D. One chip, so
 * every batch is runnable and padding never changes a time.
 */
class ServingSimulationTest {
    static final double P = 1e6;
    static final double D = 1e5;
    static final double EPS = 1e-6;
    static final PassTimes FLAT = (phase, batch, l, ctx) -> phase == Phase.PREFILL ? P : D;
    static final StepLayouts ONE_CHIP = new StepLayouts(LayoutPlan.AUTO,
            new ModelConfig(ModelCatalog.bundled().require("palm-8b", null).model(), DType.BF16, DType.BF16),
            new MeshSplit(1, 1, 1));

    static Request req(int id, double arrivalMs, long input, long output) {
        return new Request(id, id + 2, arrivalMs * 1e6, input, 0, output);
    }

    static ServingOutcome serve(BatchingPolicyKind policy, int maxBatch, double maxWaitMs, long kvTokens,
                                Request... requests) {
        GenerationTrace trace = new GenerationTrace("t.csv", "tpusim", List.of(requests), List.of());
        Batching batching = new Batching(policy, maxBatch, maxWaitMs * 1e6);
        ServingSimulation sim = new ServingSimulation(trace, batching, new ShapeBuckets(FLAT, ONE_CHIP, maxBatch),
                kvTokens);
        Engine.run("serving-test", sim::start);
        return sim.outcome();
    }

    @Test
    void oneRequestAlone_ttftIsItsPrefill_andTpotIsTheDecodeStep() {
        for (BatchingPolicyKind policy : BatchingPolicyKind.values()) {
            RequestOutcome r = serve(policy, 8, 0, 1_000_000, req(0, 5, 100, 10)).requests().get(0);
            assertEquals(0, r.queueingNs(), EPS, policy.key());
            assertEquals(P, r.ttftNs(), EPS);                 // the prefill emits the first token
            assertEquals(D, r.tpotNs(), EPS);                 // 9 more tokens, one per decode step
            assertEquals(P + 9 * D, r.e2eNs(), EPS);          // 1 ms + 9 x 0.1 ms = 1.9 ms
            assertEquals(D, r.maxGapNs(), EPS);
        }
    }

    @Test
    void arrivalsFasterThanService_queueingGrowsByTheDifferenceEachRequest() {
        // one-token requests every 0.5 ms, served one at a time in 1 ms: request k waits k x (1 - 0.5) ms
        Request[] rs = new Request[10];
        for (int k = 0; k < rs.length; k++) {
            rs[k] = req(k, 0.5 * k, 10, 1);
        }
        List<RequestOutcome> out = serve(BatchingPolicyKind.STATIC, 1, 0, 1_000_000, rs).requests();
        for (int k = 0; k < rs.length; k++) {
            assertEquals(0.5e6 * k, out.get(k).queueingNs(), EPS, "request " + k);
            assertEquals(0.5e6 * k + P, out.get(k).ttftNs(), EPS);
        }
    }

    @Test
    void staticVsContinuous_onTheSameTwoRequests() {
        Request a = req(0, 0, 10, 10);
        Request b = req(1, 0.5, 10, 10);
        // continuous: A prefills 0-1 ms; B joins at the next boundary and prefills 1-2 ms while A waits;
        // then 9 decode steps of both: 2.1 ... 2.9 ms
        List<RequestOutcome> c = serve(BatchingPolicyKind.CONTINUOUS, 2, 0, 1_000_000, a, b).requests();
        assertEquals(1e6, c.get(0).ttftNs(), EPS);
        assertEquals(2.9e6, c.get(0).e2eNs(), EPS);
        assertEquals(1.1e6, c.get(0).maxGapNs(), EPS);    // A's first gap spans B's prefill and one step
        assertEquals(0.5e6, c.get(1).queueingNs(), EPS);
        assertEquals(1.5e6, c.get(1).ttftNs(), EPS);
        assertEquals(2.4e6, c.get(1).e2eNs(), EPS);
        // static, no wait: A runs alone to completion (1 + 9 x 0.1 = 1.9 ms); B waits, then prefill 1.9-2.9,
        // decode to 3.8 ms
        List<RequestOutcome> s = serve(BatchingPolicyKind.STATIC, 2, 0, 1_000_000, a, b).requests();
        assertEquals(1.9e6, s.get(0).e2eNs(), EPS);
        assertEquals(1.4e6, s.get(1).queueingNs(), EPS);
        assertEquals(2.4e6, s.get(1).ttftNs(), EPS);
        assertEquals(3.3e6, s.get(1).e2eNs(), EPS);
        // static with a 1 ms wait: the batch starts when B arrives (0.5 ms < deadline 1 ms, batch full):
        // prefill 0.5-1.5, decode to 2.4 ms for both
        List<RequestOutcome> w = serve(BatchingPolicyKind.STATIC, 2, 1, 1_000_000, a, b).requests();
        assertEquals(0.5e6, w.get(0).queueingNs(), EPS);
        assertEquals(2.4e6, w.get(0).e2eNs(), EPS);
        assertEquals(1.9e6, w.get(1).e2eNs(), EPS);
    }

    @Test
    void staticBatch_decodesToItsLongestRequest_withFinishedSlotsAsPadding() {
        ServingOutcome o = serve(BatchingPolicyKind.STATIC, 2, 0, 1_000_000, req(0, 0, 10, 3), req(1, 0, 10, 5));
        assertEquals(P + 2 * D, o.requests().get(0).e2eNs(), EPS);
        assertEquals(P + 4 * D, o.requests().get(1).e2eNs(), EPS);
        List<Integer> real = new ArrayList<>();
        for (PassRecord p : o.passes()) {
            if (p.phase() == Phase.DECODE) {
                assertEquals(2, p.executedBatch());
                real.add(p.realBatch());
            }
        }
        assertEquals(List.of(2, 2, 1, 1), real);
    }

    @Test
    void fullKvCache_holdsTheQueueUntilACompletionFreesIt() {
        // each request holds 50 + 50 = 100 positions to the end; 150 fit one at a time
        ServingOutcome o = serve(BatchingPolicyKind.CONTINUOUS, 8, 0, 150, req(0, 0, 50, 50), req(1, 0, 50, 50));
        assertEquals(P + 49 * D, o.requests().get(0).completionNs(), EPS);
        assertEquals(P + 49 * D, o.requests().get(1).prefillStartNs(), EPS);
        assertEquals(100, o.peakKvTokens());
    }

    @Test
    void gapsAreEveryInterTokenInterval() {
        ServingOutcome o = serve(BatchingPolicyKind.CONTINUOUS, 8, 0, 1_000_000, req(0, 0, 10, 4), req(1, 0, 10, 1));
        assertEquals(3, o.gapsNs().length);                 // 4 tokens -> 3 gaps; a 1-token request has none
        for (double g : o.gapsNs()) {
            assertEquals(D, g, EPS);
        }
    }
}
