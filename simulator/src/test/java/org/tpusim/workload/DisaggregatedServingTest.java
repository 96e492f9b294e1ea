package org.tpusim.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tpusim.engine.Engine;

/**
 * Disaggregated pools with hand-set pass times: prefill pool P = 1 ms a prefill, decode pool D = 0.1 ms a step
 * (ServingSimulationTest); the KV link moves 1e9 B/s after 1 us; 1,000 B per position.
 */
class DisaggregatedServingTest {
    static final double P = ServingSimulationTest.P;
    static final double D = ServingSimulationTest.D;
    static final double EPS = 1e-6;

    static DisaggregatedServing.Outcome serve(Request... rs) {
        GenerationTrace trace = new GenerationTrace("t.csv", "tpusim", List.of(rs), List.of());
        Batching batching = new Batching(BatchingPolicyKind.CONTINUOUS, 8, 0);
        ShapeBuckets b = new ShapeBuckets(ServingSimulationTest.FLAT, ServingSimulationTest.ONE_CHIP, 8);
        DisaggregatedServing d = new DisaggregatedServing(trace, batching, b, 1_000_000, b, 1_000_000,
                new Pools("dcn", 1e9, 1e3), 1000);
        Engine.run("disaggregated-test", d::start);
        return d.outcome();
    }

    @Test
    void loneRequest_prefillPoolThenTransferThenDecodePool() {
        // prompt 100 on 28 cached: 128 positions x 1,000 B = 128 KB over 1 GB/s + 1 us = 129 us
        DisaggregatedServing.Outcome o = serve(new Request(0, 2, 0, 100, 28, 5));
        double transfer = 1e3 + 128_000;
        RequestOutcome r = o.all().requests().get(0);
        assertEquals(P, r.ttftNs(), EPS);                              // the first token comes from the prefill pool
        assertEquals(transfer + D, r.maxGapNs(), EPS);                 // the second waits for the KV and one step
        assertEquals(P + transfer + 4 * D, r.e2eNs(), EPS);
        assertArrayEquals(new double[] {transfer}, o.transferNs(), EPS);
        assertEquals(1, o.prefillPool().size());
        assertEquals(4, o.decodePool().size());
    }

    @Test
    void transfersQueueOnTheLink_firstComeFirstServed() {
        // two requests prefilled together (end at P); their 100 KB transfers take 101 us each, one after the other
        DisaggregatedServing.Outcome o = serve(new Request(0, 2, 0, 100, 0, 2), new Request(1, 3, 0, 100, 0, 2));
        double one = 1e3 + 100_000;
        assertArrayEquals(new double[] {one, 2 * one}, o.transferNs(), EPS);
        // the first decodes its one step on arrival (done at P + one + D = 1.201 ms), before the second's KV is there
        // (P + 2 one = 1.202 ms); the second then decodes its step
        assertEquals(P + one + D, o.all().requests().get(0).completionNs(), EPS);
        assertEquals(P + 2 * one + D, o.all().requests().get(1).completionNs(), EPS);
    }
}
