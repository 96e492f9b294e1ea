package org.tpusim.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tpusim.engine.Engine;

/** Replicas behind a router, with the hand-set pass times of ServingSimulationTest (prefill P = 1 ms, decode D = 0.1 ms). */
class ReplicatedServingTest {
    static final double P = ServingSimulationTest.P;
    static final double EPS = 1e-6;

    static ReplicatedServing serve(int count, RouterKind router, int maxBatch, Request... rs) {
        GenerationTrace trace = new GenerationTrace("t.csv", "tpusim", List.of(rs), List.of());
        ReplicatedServing cluster = new ReplicatedServing(trace, new Batching(BatchingPolicyKind.CONTINUOUS, maxBatch, 0),
                new ShapeBuckets(ServingSimulationTest.FLAT, ServingSimulationTest.ONE_CHIP, maxBatch), 1_000_000,
                null, new Replicas(count, router));
        Engine.run("replicas-test", cluster::start);
        return cluster;
    }

    static Request req(int id, double atMs, long output) {
        return new Request(id, id + 2, atMs * 1e6, 10, 0, output);
    }

    static Request prefixed(int id, double atMs, int prefix, long output) {
        return new Request(id, id + 2, atMs * 1e6, 10, 0, output, prefix, 5);
    }

    @Test
    void twoReplicas_roundRobin_halveTheQueue() {
        // four one-token requests at 0, one pass at a time per slice (max batch 1): one slice serves them at
        // P, 2P, 3P, 4P; two slices take 0, 2 and 1, 3: P, P, 2P, 2P
        Request[] rs = {req(0, 0, 1), req(1, 0, 1), req(2, 0, 1), req(3, 0, 1)};
        ReplicatedServing one = serve(1, RouterKind.ROUND_ROBIN, 1, rs);
        ReplicatedServing two = serve(2, RouterKind.ROUND_ROBIN, 1, rs);
        double[] oneTtft = one.outcome().requests().stream().mapToDouble(RequestOutcome::ttftNs).toArray();
        double[] twoTtft = two.outcome().requests().stream().mapToDouble(RequestOutcome::ttftNs).toArray();
        assertArrayEquals(new double[] {P, 2 * P, 3 * P, 4 * P}, oneTtft, EPS);
        assertArrayEquals(new double[] {P, P, 2 * P, 2 * P}, twoTtft, EPS);
        assertArrayEquals(new int[] {2, 2}, two.routed());
        assertEquals(4, two.outcome().passes().size());
    }

    @Test
    void leastTokens_sendsTheNextRequestToTheIdleSlice_roundRobinDoesNot() {
        // A (50 tokens) and B (2 tokens) at 0 go to slices 0 and 1; B is done at P + D = 1.1 ms; C at 1.5 ms
        Request[] rs = {req(0, 0, 50), req(1, 0, 2), req(2, 1.5, 2)};
        assertArrayEquals(new int[] {2, 1}, serve(2, RouterKind.ROUND_ROBIN, 8, rs).routed());
        ReplicatedServing lt = serve(2, RouterKind.LEAST_TOKENS, 8, rs);
        assertArrayEquals(new int[] {1, 2}, lt.routed());
        assertEquals(P, lt.outcome().requests().get(2).ttftNs(), EPS);    // C is prefilled at once on slice 1
    }

    @Test
    void prefixAffinity_keepsAPrefixOnTheSliceThatServedIt() {
        // prefix 1 (50 tokens) -> slice 0 (least tokens, tie), prefix 2 (2 tokens, done at 1.1 ms) -> slice 1;
        // at 2 and 3 ms slice 0 still decodes the first: least-tokens sends the later prefix-1 requests to the idle
        // slice 1, prefix affinity to slice 0, where prefix 1 went
        Request[] rs = {prefixed(0, 0, 1, 50), prefixed(1, 0, 2, 2), prefixed(2, 2, 1, 2), prefixed(3, 3, 1, 2)};
        assertArrayEquals(new int[] {3, 1}, serve(2, RouterKind.PREFIX_AFFINITY, 8, rs).routed());
        assertArrayEquals(new int[] {1, 3}, serve(2, RouterKind.LEAST_TOKENS, 8, rs).routed());
    }

    @Test
    void speculativeReplicas_eachServeALoneRequestAsOneSliceWould() {
        // two requests at 0 on two slices, every proposal accepted: each is the lone request of
        // SpeculativeDecodingTest (P + Pd, then 2 steps of 3 draft decodes and a verify pass)
        Request[] rs = {new Request(0, 2, 0, 10, 0, 9), new Request(1, 3, 0, 10, 0, 9)};
        GenerationTrace trace = new GenerationTrace("t.csv", "tpusim", List.of(rs), List.of());
        ReplicatedServing cluster = new ReplicatedServing(trace, new Batching(BatchingPolicyKind.CONTINUOUS, 8, 0),
                new ShapeBuckets(ServingSimulationTest.FLAT, ServingSimulationTest.ONE_CHIP, 8), 1_000_000, null,
                new Replicas(2, RouterKind.ROUND_ROBIN));
        cluster.speculate(new Speculation(ServingSimulationTest.ONE_CHIP.model(), 3, 1, 1, 1),
                new ShapeBuckets(SpeculativeDecodingTest.DRAFT, ServingSimulationTest.ONE_CHIP, 8));
        Engine.run("replicas-speculative", cluster::start);
        double e2e = P + SpeculativeDecodingTest.PD + 2 * (3 * SpeculativeDecodingTest.DD + P);
        for (RequestOutcome r : cluster.outcome().requests()) {
            assertEquals(e2e, r.e2eNs(), EPS);
        }
        assertEquals(3.0, cluster.outcome().speculative().acceptedPerStep(), EPS);
    }
}
