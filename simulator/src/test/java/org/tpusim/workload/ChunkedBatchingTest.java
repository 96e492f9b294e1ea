package org.tpusim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tpusim.analytical.MixedShape;
import org.tpusim.engine.Engine;
import org.tpusim.model.Phase;

/**
 * Chunked prefill on the real engine with hand-set pass times: a prefill pass takes P = 1 ms + 1 us per padded
 * token, a decode step D = 0.1 ms, a mixed pass M = 1.5 ms; every expectation is arithmetic on them. One chip
 * (ServingSimulationTest.ONE_CHIP), so every batch runs unpadded beyond its power of two.
 */
class ChunkedBatchingTest {
    static final double EPS = 1e-6;
    static final double D = 1e5;
    static final double M = 1.5e6;

    /** Pass times that remember what they were asked. */
    static final class Recording implements PassTimes {
        final List<String> asked = new ArrayList<>();

        static double prefillNs(long tokensPerSequence) {
            return 1e6 + 1e3 * tokensPerSequence;
        }

        @Override
        public double timeNs(Phase phase, int batch, long tokensPerSequence, long contextTokens) {
            asked.add(phase.key() + " " + batch + "x" + tokensPerSequence + "@" + contextTokens);
            return phase == Phase.PREFILL ? prefillNs(tokensPerSequence) : D;
        }

        @Override
        public double mixedTimeNs(MixedShape shape) {
            asked.add("mixed " + shape.prefill().batch() + "x" + shape.prefill().tokensPerSequence() + "@"
                    + shape.prefill().contextTokens() + " + " + shape.decode().batch() + "@"
                    + shape.decode().contextTokens());
            return M;
        }
    }

    static ServingOutcome serve(Recording times, long budget, int maxBatch, long kvTokens, Request... requests) {
        GenerationTrace trace = new GenerationTrace("t.csv", "tpusim", List.of(requests), List.of());
        Batching batching = new Batching(BatchingPolicyKind.CHUNKED, maxBatch, 0, budget);
        ServingSimulation sim = new ServingSimulation(trace, batching,
                new ShapeBuckets(times, ServingSimulationTest.ONE_CHIP, maxBatch), kvTokens);
        Engine.run("chunked-test", sim::start);
        return sim.outcome();
    }

    @Test
    void loneLongPrompt_isPrefilledInBudgetChunks_ttftTheirSum_tpotTheDecodeStep() {
        Recording t = new Recording();
        // 1000 prompt tokens, budget 256: chunks 256, 256, 256, 232 (the last padded to its bucket, 256),
        // each against the prefix prefilled so far; then 4 decode steps at contexts 1001-1004, each priced between
        // the grid points 768 and 1024
        ServingOutcome o = serve(t, 256, 8, 1_000_000, new Request(0, 2, 3e6, 1000, 0, 5));
        assertEquals(List.of("prefill 1x256@256", "prefill 1x256@512", "prefill 1x256@768", "prefill 1x256@1024",
                "decode 1x1@768", "decode 1x1@1024"), t.asked.subList(0, 6));
        assertEquals(12, t.asked.size());
        RequestOutcome r = o.requests().get(0);
        assertEquals(4 * Recording.prefillNs(256), r.ttftNs(), EPS);
        assertEquals(D, r.tpotNs(), EPS);
        assertEquals(4, o.prefillChunks());
    }

    @Test
    void promptWithinBudget_isOnePrefillPass_asUnderContinuousBatching() {
        Recording t = new Recording();
        RequestOutcome r = serve(t, 512, 8, 1_000_000, new Request(0, 2, 0, 100, 191, 3)).requests().get(0);
        // prompt 100 -> bucket 128, history 191 -> 256: context 384
        assertEquals(List.of("prefill 1x128@384", "decode 1x1@256", "decode 1x1@512"), t.asked.subList(0, 3));
        assertEquals(Recording.prefillNs(128), r.ttftNs(), EPS);
        assertEquals(D, r.tpotNs(), EPS);
    }

    @Test
    void aPromptArrivingDuringDecodes_sharesMixedPassesWithThem_andNobodyStalls() {
        Recording t = new Recording();
        // A (prompt 64, 10 tokens) arrives at 0 and prefills to 1.064 ms; B (prompt 300) arrives at 1.05 ms.
        // Budget 128: A decodes 1 token a pass, B's chunks take the rest: 64 (the largest bucket <= 127), 64,
        // 64, then the 108 left, which fit (padded to their bucket, 128) -> 4 mixed passes while A emits a token
        // every pass. Each is priced between two points of the mixed grid for A's context (65-68: 1 and 1024);
        // B's prefix is on the 256 grid (0, then 256).
        ServingOutcome o = serve(t, 128, 8, 1_000_000, new Request(0, 2, 0, 64, 0, 10),
                new Request(1, 3, 1.05e6, 300, 0, 2));
        double aPrefill = Recording.prefillNs(64);
        assertEquals(List.of("prefill 1x64@64", "mixed 1x64@64 + 1@1", "mixed 1x64@64 + 1@1024",
                "mixed 1x64@320 + 1@1", "mixed 1x64@320 + 1@1024"), t.asked.subList(0, 5));
        RequestOutcome b = o.requests().get(1);
        assertEquals(List.of("mixed 1x128@384 + 1@1", "mixed 1x128@384 + 1@1024"), t.asked.subList(7, 9));
        assertEquals(aPrefill + 4 * M - 1.05e6, b.ttftNs(), EPS);
        assertEquals(aPrefill - 1.05e6, b.queueingNs(), EPS);
        RequestOutcome a = o.requests().get(0);
        assertEquals(M, a.maxGapNs(), EPS);   // no gap longer than one mixed pass: no generation stall
        assertEquals(4, o.passes().stream().filter(PassRecord::mixed).count());
        assertEquals(1 + 4, o.prefillChunks());
    }

    @Test
    void conservation_everyRequestCompletesOnceWithAllItsTokens() {
        Random rnd = new Random(5);
        Request[] rs = new Request[300];
        double at = 0;
        long prompts = 0, outputs = 0;
        for (int i = 0; i < rs.length; i++) {
            at += rnd.nextDouble() * 2e6;
            rs[i] = new Request(i, i + 2, at, 1 + rnd.nextInt(900), rnd.nextInt(3) * 100, 1 + rnd.nextInt(40));
            prompts += rs[i].inputTokens();
            outputs += rs[i].outputTokens();
        }
        ServingOutcome o = serve(new Recording(), 200, 16, 40_000, rs);
        assertEquals(rs.length, o.requests().size());
        long prefillTokens = 0, decodeTokens = 0;
        for (PassRecord p : o.passes()) {
            assertTrue(p.realTokens() <= 200, "a pass over the budget: " + p);
            long decodes = p.phase() == Phase.DECODE ? p.realTokens() : p.decodeSequences();
            decodeTokens += decodes;
            prefillTokens += p.realTokens() - decodes;
        }
        // every prompt token prefilled once; every output token after the first decoded once
        assertEquals(prompts, prefillTokens);
        assertEquals(outputs - rs.length, decodeTokens);
        for (RequestOutcome r : o.requests()) {
            assertTrue(r.prefillStartNs() >= r.arrivalNs() && r.firstTokenNs() > r.prefillStartNs()
                    && r.completionNs() >= r.firstTokenNs(), "request " + r.id());
        }
        assertTrue(o.peakKvTokens() <= 40_000);
    }
}
