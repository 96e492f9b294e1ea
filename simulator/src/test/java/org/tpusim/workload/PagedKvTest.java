package org.tpusim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tpusim.engine.Engine;
import org.tpusim.hardware.HostLink;
import org.tpusim.model.Phase;

/**
 * The paged KV cache on the real engine with hand-set pass times (ServingSimulationTest: every prefill P = 1 ms,
 * every decode step D = 0.1 ms). The slice holds 10 blocks of 10 positions. A: prompt 40, 40 output tokens (80
 * positions at the end); B: prompt 30, 30 tokens (60). Both arrive at 0.
 */
class PagedKvTest {
    static final double P = ServingSimulationTest.P;
    static final double D = ServingSimulationTest.D;
    static final double EPS = 1e-6;
    /** P and D as ServingSimulationTest; a mixed pass of chunked prefill 1.5 ms. */
    static final PassTimes FLAT_AND_MIXED = new PassTimes() {
        @Override
        public double timeNs(Phase phase, int batch, long tokensPerSequence, long contextTokens) {
            return ServingSimulationTest.FLAT.timeNs(phase, batch, tokensPerSequence, contextTokens);
        }

        @Override
        public double mixedTimeNs(org.tpusim.analytical.MixedShape shape) {
            return 1.5e6;
        }
    };
    static final HostLink HOST = new HostLink(1e9, 1000, "test: 1 GB/s, 1 us");

    static ServingOutcome serve(BatchingPolicyKind policy, PagedKv paged, long kvTokens, Request... rs) {
        GenerationTrace trace = new GenerationTrace("t.csv", "tpusim", List.of(rs), List.of());
        Batching batching = new Batching(policy, 8, 0, 512);
        ServingSimulation sim = new ServingSimulation(trace, batching,
                new ShapeBuckets(FLAT_AND_MIXED, ServingSimulationTest.ONE_CHIP, 8), kvTokens, paged);
        Engine.run("paged-test", sim::start);
        return sim.outcome();
    }

    static final Request A = new Request(0, 2, 0, 40, 0, 40);
    static final Request B = new Request(1, 3, 0, 30, 0, 30);

    @Test
    void reservations_admitOneAtATime_pagingAdmitsBoth() {
        // full-context reservations: 80 + 60 > 100, so B waits for A (P + 39 D)
        ServingOutcome reserved = serve(BatchingPolicyKind.CONTINUOUS, null, 100, A, B);
        assertEquals(P + 39 * D, reserved.requests().get(1).queueingNs(), EPS);
        // paged: A's prompt takes 4 blocks, B's 3: both are admitted and prefilled together at 0
        ServingOutcome paged = serve(BatchingPolicyKind.CONTINUOUS,
                new PagedKv(10, KvPreemption.RECOMPUTE, 10, 0, null), 100, A, B);
        assertEquals(0, paged.requests().get(1).queueingNs(), EPS);
    }

    @Test
    void recompute_preemptsTheNewest_andCountsItsPositionsExactly() {
        ServingOutcome o = serve(BatchingPolicyKind.CONTINUOUS, new PagedKv(10, KvPreemption.RECOMPUTE, 10, 0, null),
                100, A, B);
        // after the joint prefill (7 blocks) and k decode steps A holds 40 + k positions, B 30 + k; the step
        // k + 1 writes position 41 + k of A and 31 + k of B: ceil((41 + k) / 10) + ceil((31 + k) / 10) blocks,
        // 11 > 10 first at k = 10. B (admitted after A) is preempted holding 30 + 10 = 40 positions.
        assertEquals(1, o.paging().preemptions());
        assertEquals(40, o.paging().recomputedTokens());
        // A then runs alone to its 40th token: done at P + 39 D
        assertEquals(P + 39 * D, o.requests().get(0).completionNs(), EPS);
        // B waits (its 41 tokens need 5 blocks, A holds up to 8), then prefills its 41 tokens again (P), which
        // emits its 12th token, and decodes the 18 left
        RequestOutcome b = o.requests().get(1);
        assertEquals(2 * P + 39 * D + 18 * D, b.completionNs(), EPS);
        assertEquals(P, b.ttftNs(), EPS);                          // its first token came before the preemption
        assertEquals(2 * P + 39 * D - (P + 10 * D), b.maxGapNs(), EPS);   // token 11 at P + 10 D, token 12 after
        // every token computed: prompts + outputs after the first + the recomputed positions
        long computed = 0;
        for (PassRecord p : o.passes()) {
            computed += p.realTokens();
        }
        assertEquals(40 + 30 + 39 + 29 + 40, computed);
        assertEquals(90, o.peakKvTokens());             // 5 + 4 blocks at k = 9
    }

    @Test
    void swap_copiesTheNewestOut_andBackWhenItFits_pricedOnTheHostLink() {
        PagedKv paged = new PagedKv(10, KvPreemption.SWAP, 10, 1000, HOST);
        ServingOutcome o = serve(BatchingPolicyKind.CONTINUOUS, paged, 100, A, B);
        // B swapped out at k = 10 holding 40 positions x 1000 B: 1 us + 40,000 B / 1 GB/s = 41 us, added to the
        // step that needed the room; it comes back when A is done (41 us again, added to its first step)
        double swap = 1e3 + 40_000;
        assertEquals(1, o.paging().preemptions());
        assertEquals(0, o.paging().recomputedTokens());
        assertEquals(80_000, o.paging().swappedBytesPerChip(), EPS);
        assertEquals(2 * swap, o.paging().swapNs(), EPS);
        assertEquals(P + 39 * D + swap, o.requests().get(0).completionNs(), EPS);
        RequestOutcome b = o.requests().get(1);
        // B: token 11 at P + 10 D; back after A, its 12th token one step (and the swap-in) later; 18 steps in all
        assertEquals(P + 39 * D + swap + swap + 19 * D, b.completionNs(), EPS);
        assertEquals(P + 39 * D + 2 * swap + D - (P + 10 * D), b.maxGapNs(), EPS);
    }

    @Test
    void conservation_underPressure_bothPoliciesBothPreemptions() {
        Random rnd = new Random(9);
        Request[] rs = new Request[200];
        long prompts = 0, outputs = 0;
        double at = 0;
        for (int i = 0; i < rs.length; i++) {
            at += rnd.nextDouble() * 3e5;
            rs[i] = new Request(i, i + 2, at, 1 + rnd.nextInt(300), 0, 1 + rnd.nextInt(200));
            prompts += rs[i].inputTokens();
            outputs += rs[i].outputTokens();
        }
        for (BatchingPolicyKind policy : List.of(BatchingPolicyKind.CONTINUOUS, BatchingPolicyKind.CHUNKED)) {
            for (KvPreemption preemption : KvPreemption.values()) {
                ServingOutcome o = serve(policy, new PagedKv(16, preemption, 60, 10, HOST), 960, rs);
                String what = policy.key() + "/" + preemption.key();
                assertEquals(rs.length, o.requests().size(), what);
                long prefill = 0, decode = 0;
                for (PassRecord p : o.passes()) {
                    long d = p.phase() == Phase.DECODE ? p.realTokens() : p.decodeSequences();
                    decode += d;
                    prefill += p.realTokens() - d;
                }
                // each resume after a recompute prefills the dropped positions plus the one token a decode step
                // would have computed; so prefill + decode = prompts + (outputs - 1 each) + recomputed positions
                assertEquals(prompts + outputs - rs.length + o.paging().recomputedTokens(), prefill + decode, what);
                assertTrue(o.paging().preemptions() > 0, what + ": the trace is built to run out of blocks");
                assertTrue(o.peakKvTokens() <= 960, what);
                for (RequestOutcome r : o.requests()) {
                    assertTrue(r.completionNs() >= r.firstTokenNs() && r.firstTokenNs() > r.arrivalNs(), what);
                }
            }
        }
    }
}
