package org.tpusim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tpusim.engine.Engine;

/**
 * Prefix caching on the real engine with the recording pass times of {@link ChunkedBatchingTest} (prefill 1 ms +
 * 1 us per padded token, decode 0.1 ms); blocks of 16 positions; requests spaced so they never overlap.
 */
class PrefixCacheTest {
    static final double EPS = 1e-6;

    static ServingOutcome serve(ChunkedBatchingTest.Recording t, long prefixBlocks, Request... rs) {
        GenerationTrace trace = new GenerationTrace("t.csv", "tpusim", List.of(rs), List.of());
        ServingSimulation sim = new ServingSimulation(trace, new Batching(BatchingPolicyKind.CONTINUOUS, 8, 0),
                new ShapeBuckets(t, ServingSimulationTest.ONE_CHIP, 8), 100_000,
                new PagedKv(16, KvPreemption.RECOMPUTE, 1000, 0, null, prefixBlocks));
        Engine.run("prefix-test", sim::start);
        return sim.outcome();
    }

    /** A 150-token prompt starting with the 100-token prefix {@code id}, 2 output tokens, at {@code atMs}. */
    static Request withPrefix(int i, double atMs, int id) {
        return new Request(i, i + 2, atMs * 1e6, 150, 0, 2, id, 100);
    }

    @Test
    void aTraceBuiltToHit_missesOnce_thenReadsTheWholeBlocksOfThePrefix() {
        ChunkedBatchingTest.Recording t = new ChunkedBatchingTest.Recording();
        ServingOutcome o = serve(t, 100, withPrefix(0, 0, 7), withPrefix(1, 10, 7), withPrefix(2, 20, 7));
        // the first prefills all 150 tokens (bucket 192) and stores floor(100 / 16) = 6 blocks = 96 positions;
        // the others read 96 positions and prefill 54 (bucket 64) after them (history 96 -> grid 256)
        assertEquals(List.of("prefill 1x192@192", "prefill 1x64@320", "prefill 1x64@320"),
                t.asked.stream().filter(a -> a.startsWith("prefill")).toList());
        assertEquals(new ServingOutcome.Prefixes(100, 3, 2, 2 * 96, 0), o.prefixes());
        assertEquals(ChunkedBatchingTest.Recording.prefillNs(64), o.requests().get(1).ttftNs(), EPS);
        // the decode step still reads the whole context: prefix + rest + the first token = 151 positions
        assertEquals(ChunkedBatchingTest.Recording.prefillNs(192), o.requests().get(0).ttftNs(), EPS);
    }

    @Test
    void leastRecentlyUsedPrefix_isEvictedWhenANewOneNeedsItsBlocks() {
        ChunkedBatchingTest.Recording t = new ChunkedBatchingTest.Recording();
        // room for one prefix (6 blocks): A, then B evicts A, then A misses again and evicts B, then A hits
        ServingOutcome o = serve(t, 6, withPrefix(0, 0, 1), withPrefix(1, 10, 2), withPrefix(2, 20, 1),
                withPrefix(3, 30, 1));
        assertEquals(new ServingOutcome.Prefixes(6, 4, 1, 96, 2), o.prefixes());
    }

    @Test
    void requestsWithHistory_orNoPrefix_doNotLookUp() {
        ChunkedBatchingTest.Recording t = new ChunkedBatchingTest.Recording();
        ServingOutcome o = serve(t, 100, new Request(0, 2, 0, 150, 10, 2, 7, 100), new Request(1, 3, 1e7, 150, 0, 2),
                withPrefix(2, 20, 7));
        // the first has history before its prefix (its KV differs): neither stored nor looked up
        assertEquals(new ServingOutcome.Prefixes(100, 1, 0, 0, 0), o.prefixes());
    }
}
