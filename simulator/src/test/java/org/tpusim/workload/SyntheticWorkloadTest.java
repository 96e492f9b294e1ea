package org.tpusim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyntheticWorkloadTest {
    static SyntheticWorkload chat(ArrivalProcess arrivals, long seed) {
        return new SyntheticWorkload(20_000, arrivals, new LengthDistribution.LogNormal(256, 1.0, 16, 2048),
                new LengthDistribution.Uniform(8, 128), new LengthDistribution.Fixed(0), seed);
    }

    @Test
    void sameSeed_sameRequests_otherSeed_otherRequests() {
        ArrivalProcess p = new ArrivalProcess.Gamma(5, 2);
        assertEquals(chat(p, 1).generate(), chat(p, 1).generate());
        assertNotEquals(chat(p, 1).generate(), chat(p, 2).generate());
    }

    @Test
    void arrivalRate_andGapVariability_matchTheProcess() {
        // 20,000 gaps: the mean is within ~1% of 1/rate (standard error cv / sqrt(n) = 0.7% for cv 1)
        for (ArrivalProcess p : new ArrivalProcess[] {new ArrivalProcess.Poisson(5), new ArrivalProcess.Gamma(5, 3)}) {
            GenerationTrace t = chat(p, 3).generate();
            int n = t.requests().size();
            double last = t.requests().get(n - 1).arrivalNs() / 1e9;
            double meanGap = last / (n - 1);
            double cv = p instanceof ArrivalProcess.Gamma g ? g.cv() : 1;
            assertEquals(0.2, meanGap, 0.2 * 3 * cv / Math.sqrt(n), p.toString());
            assertEquals(0, t.requests().get(0).arrivalNs());
        }
    }

    @Test
    void lengths_stayWithinTheirBounds() {
        for (Request r : chat(new ArrivalProcess.Poisson(5), 4).generate().requests()) {
            assertTrue(r.inputTokens() >= 16 && r.inputTokens() <= 2048);
            assertTrue(r.outputTokens() >= 8 && r.outputTokens() <= 128);
            assertEquals(0, r.cachedTokens());
        }
    }
}
