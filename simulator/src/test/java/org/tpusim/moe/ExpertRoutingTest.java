package org.tpusim.moe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tpusim.model.MoeConfig;
import org.tpusim.model.RoutingKind;

/** Per-expert token counts from first principles. */
class ExpertRoutingTest {
    private static MoeConfig moe(int experts, int k, MoeConfig.Routing r) {
        return new MoeConfig(experts, k, 1024, 0, 0, r);
    }

    private static MoeConfig.Routing routing(RoutingKind kind, double skew, double[] shares, double capacity) {
        return new MoeConfig.Routing(kind, skew, shares, kind == RoutingKind.FILE ? "f" : "", 7, capacity);
    }

    @Test
    void uniformRoutingGivesEveryExpertKTokensOverX() {
        // 64 tokens x top-2 over 8 experts: 16 copies each
        ExpertRouting.Loads l = ExpertRouting.route(moe(8, 2, MoeConfig.Routing.UNIFORM), 64);
        assertArrayEquals(new long[] {16, 16, 16, 16, 16, 16, 16, 16}, l.kept());
        assertEquals(16, l.maxKept());
        assertEquals(16.0, l.meanKept());
        assertEquals(0, l.dropped());
        // 5 tokens x top-4 = 20 copies over 60 experts: one copy for experts 0..19, none for the other 40
        ExpertRouting.Loads q = ExpertRouting.route(moe(60, 4, MoeConfig.Routing.UNIFORM), 5);
        assertEquals(20, q.expertsUsed());
        assertEquals(1, q.kept(19));
        assertEquals(0, q.kept(20));
        // 100 tokens x 2 = 200 over 8 = 25 each
        assertEquals(25, ExpertRouting.route(moe(8, 2, MoeConfig.Routing.UNIFORM), 100).maxKept());
    }

    @Test
    void zipfWithKEqualToXAndAHighSkewGivesEveryExpertEveryToken() {
        // k = X: each token visits all 8 experts, so each takes exactly T copies whatever the skew. At skew 10 the
        // eighth distinct pick has probability (1/8)^10 / H ~ 1e-9 per draw: redrawing alone would not finish; the
        // pick from the remaining mass does
        ExpertRouting.Loads l = ExpertRouting.route(moe(8, 8, routing(RoutingKind.ZIPF, 10, new double[0], 0)), 1000);
        long[] all = new long[8];
        Arrays.fill(all, 1000);
        assertArrayEquals(all, l.kept());
        // a pass above the drawn tokens (2^20) is scaled: k = X still gives exactly T each
        long t = 3 * ExpertRouting.MAX_DRAWN_TOKENS + 5;
        Arrays.fill(all, t);
        assertArrayEquals(all, ExpertRouting.route(moe(8, 8, routing(RoutingKind.ZIPF, 10, new double[0], 0)), t)
                .kept());
    }

    @Test
    void zipfAboveTheDrawnTokensScalesToKTimesTWithNoExpertAboveT() {
        // 2^20 tokens drawn, scaled to 10^9 tokens x top-2: 2 x 10^9 copies, none above 10^9 (one per token)
        long t = 1_000_000_000L;
        ExpertRouting.Loads l = ExpertRouting.route(moe(8, 2, routing(RoutingKind.ZIPF, 1.2, new double[0], 0)), t);
        assertEquals(2 * t, Arrays.stream(l.kept()).sum());
        assertTrue(l.maxKept() <= t, "max " + l.maxKept());
        // rank 1 of Zipf 1.2 over 8 experts is drawn first with probability 1/H = 0.43 (H = sum 1/r^1.2 = 2.33),
        // and a token also takes it second: its share of all copies lies between 0.43/2 and 1/2
        assertTrue(l.maxKept() > 0.43 / 2 * 2 * t, "max " + l.maxKept());
    }

    @Test
    void capacityDropsAreCountedExactlyForAFileOfLoads() {
        // shares 6:2:2:2:2:2:2:2 of 64 x 2 = 128 copies: 128 x 6/20 = 38.4 and 128 x 2/20 = 12.8; floors 38 + 7 x 12 = 122,
        // the 6 left go to the largest remainders (0.8 of experts 1..6, before expert 0's 0.4 and expert 7's tie order)
        double[] shares = {6, 2, 2, 2, 2, 2, 2, 2};
        ExpertRouting.Loads free = ExpertRouting.route(moe(8, 2, routing(RoutingKind.FILE, 0, shares, 0)), 64);
        assertArrayEquals(new long[] {38, 13, 13, 13, 13, 13, 13, 12}, free.requested());
        assertEquals(0, free.dropped());
        // capacity factor 1.25: C = ceil(1.25 x 128 / 8) = 20; expert 0 keeps 20 and drops 18
        ExpertRouting.Loads capped = ExpertRouting.route(moe(8, 2, routing(RoutingKind.FILE, 0, shares, 1.25)), 64);
        assertEquals(20, capped.capacity());
        assertArrayEquals(new long[] {20, 13, 13, 13, 13, 13, 13, 12}, capped.kept());
        assertEquals(18, capped.dropped());
        // capacity factor 0.5: C = 8; drops 30 + 6 x 5 + 4 = 64
        ExpertRouting.Loads tight = ExpertRouting.route(moe(8, 2, routing(RoutingKind.FILE, 0, shares, 0.5)), 64);
        assertEquals(8, tight.capacity());
        assertEquals(30 + 6 * 5 + 4, tight.dropped());
    }

    @Test
    void zipfRoutingIsSeededSkewedAndKeepsEveryCopy() {
        MoeConfig skewed = moe(8, 2, routing(RoutingKind.ZIPF, 1.2, new double[0], 0));
        ExpertRouting.Loads a = ExpertRouting.route(skewed, 4096);
        ExpertRouting.Loads b = ExpertRouting.route(skewed, 4096);
        assertArrayEquals(a.kept(), b.kept());
        assertEquals(2 * 4096, Arrays.stream(a.kept()).sum());
        // two distinct experts per token: no expert gets more copies than tokens
        assertTrue(a.maxKept() <= 4096);
        // rank 1 draws 1 / sum_r r^-1.2 = 0.385 of first picks: far above the uniform 2/8 = 0.25 share overall
        assertTrue(a.maxKept() > 0.3 * 4096, Arrays.toString(a.kept()));
        // skew 0 is uniform random: every expert within 10% of 1024 at 4096 tokens (sd about 28)
        ExpertRouting.Loads flat = ExpertRouting.route(moe(8, 2, routing(RoutingKind.ZIPF, 0, new double[0], 0)), 4096);
        for (long v : flat.kept()) {
            assertTrue(Math.abs(v - 1024) < 103, Arrays.toString(flat.kept()));
        }
    }

    @Test
    void placementPutsContiguousExpertsOnEachGroupAndFindsTheBusiest() {
        double[] shares = {1, 1, 1, 1, 1, 1, 4, 4};
        ExpertRouting.Loads l = ExpertRouting.route(moe(8, 2, routing(RoutingKind.FILE, 0, shares, 0)), 56);
        // 112 copies in shares 1/14 and 4/14: 8 each for experts 0..5, 32 for experts 6 and 7
        ExpertPlacement p = new ExpertPlacement(4, l);
        assertEquals(2, p.expertsPerGroup());
        assertEquals(16, p.groupTokens(0));
        assertEquals(64, p.groupTokens(3));
        assertEquals(3, p.busiestGroup());
        assertArrayEquals(new long[] {32, 32}, p.expertTokens(3));
    }
}
