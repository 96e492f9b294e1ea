package org.tpusim.moe;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.tpusim.model.MoeConfig;

/**
 * The tokens each expert receives in one MoE layer of a pass of {@code tokens} tokens, each visiting
 * k = {@code expertsPerToken} experts (k x tokens token copies in all), by the model's routing:
 * <ul>
 *   <li><b>uniform</b>: the expectation of a balanced router, k·T/X copies per expert for X experts; when X does
 *       not divide k·T, the remainder r goes one copy each to experts 0..r-1.</li>
 *   <li><b>zipf</b>: every token draws k distinct experts, the expert of rank r (1-based) with probability
 *       proportional to 1/r^skew, redrawing a duplicate; the ranking is a permutation of the experts drawn from
 *       the seed, the draws from the seed and T (so a pass shape always routes the same way, and traces can cache
 *       it). Skew 0 is uniform random routing: imbalance from sampling alone. Bounded work: a pick that drew
 *       {@value #MAX_REDRAWS} chosen experts in a row is drawn from the mass of the experts not yet chosen (the
 *       same distribution as redrawing, so a high skew with k near X cannot loop for long); a pass of more than
 *       {@value #MAX_DRAWN_TOKENS} tokens draws that many and scales the loads to k·T by largest remainder.</li>
 *   <li><b>file</b>: expert i receives the share s_i / sum(s) of the k·T copies, rounded by largest remainder
 *       (ties to the lower expert); a share above 1/k would give an expert more copies than tokens and is
 *       rejected when the file is read.</li>
 * </ul>
 * <b>Capacity</b>: with capacity factor c > 0 an expert keeps at most C = ceil(c·k·T/X) copies (GShard's
 * expert capacity, Lepikhin et al. 2020, sec. 2.2); the rest are dropped (those tokens skip that expert, their
 * residual passes through) and counted. Every MoE layer of a pass routes alike: the same loads in each layer.
 */
public final class ExpertRouting {
    /** Tokens drawn per pass under zipf routing (2^20); larger passes scale the drawn loads. */
    public static final long MAX_DRAWN_TOKENS = 1L << 20;
    /** Redraws of already-chosen experts for one pick before drawing from the remaining mass directly. */
    static final int MAX_REDRAWS = 16;

    /**
     * One layer's routing.
     *
     * @param requested copies each expert was asked to take
     * @param kept      copies each expert processes (requested, capped at the capacity)
     * @param capacity  C, or {@link Long#MAX_VALUE} without a limit
     */
    public record Loads(long tokens, int expertsPerToken, long[] requested, long[] kept, long capacity) {
        public Loads {
            requested = requested.clone();
            kept = kept.clone();
        }

        @Override
        public long[] requested() {
            return requested.clone();
        }

        @Override
        public long[] kept() {
            return kept.clone();
        }

        public long kept(int expert) {
            return kept[expert];
        }

        public int experts() {
            return kept.length;
        }

        /** Copies dropped by the capacity limit. */
        public long dropped() {
            return Arrays.stream(requested).sum() - Arrays.stream(kept).sum();
        }

        public long maxKept() {
            return Arrays.stream(kept).max().orElse(0);
        }

        /** Mean copies kept per expert. */
        public double meanKept() {
            return (double) Arrays.stream(kept).sum() / kept.length;
        }

        /** Experts that received at least one token (their weights are read). */
        public int expertsUsed() {
            return (int) Arrays.stream(kept).filter(v -> v > 0).count();
        }
    }

    private ExpertRouting() {
    }

    /** The loads of one MoE layer of a pass processing {@code tokens} tokens. */
    public static Loads route(MoeConfig moe, long tokens) {
        checkArgument(tokens > 0, "tokens must be positive, got %s", tokens);
        int x = moe.experts();
        int k = moe.expertsPerToken();
        MoeConfig.Routing r = moe.routing();
        long[] requested = switch (r.kind()) {
            case UNIFORM -> uniform(x, k * tokens);
            case ZIPF -> zipf(x, k, tokens, r.skew(), r.seed());
            case FILE -> shares(r.shares(), k * tokens, x);
        };
        long capacity = r.capped() ? capacity(r.capacityFactor(), tokens, k, x) : Long.MAX_VALUE;
        long[] kept = new long[x];
        for (int i = 0; i < x; i++) {
            kept[i] = Math.min(requested[i], capacity);
        }
        return new Loads(tokens, k, requested, kept, capacity);
    }

    /** C = ceil(c·k·T/X). */
    public static long capacity(double capacityFactor, long tokens, int k, int experts) {
        return (long) Math.ceil(capacityFactor * k * tokens / experts - 1e-9);
    }

    static long[] uniform(int experts, long copies) {
        long[] out = new long[experts];
        long base = copies / experts;
        long rest = copies % experts;
        for (int i = 0; i < experts; i++) {
            out[i] = base + (i < rest ? 1 : 0);
        }
        return out;
    }

    static long[] shares(double[] shares, long copies, int experts) {
        checkArgument(shares.length == experts, "%s shares for %s experts", shares.length, experts);
        double sum = Arrays.stream(shares).sum();
        checkArgument(sum > 0, "shares must not all be zero");
        long[] out = new long[experts];
        double[] frac = new double[experts];
        long given = 0;
        for (int i = 0; i < experts; i++) {
            double exact = copies * shares[i] / sum;
            out[i] = (long) Math.floor(exact);
            frac[i] = exact - out[i];
            given += out[i];
        }
        Integer[] order = new Integer[experts];
        for (int i = 0; i < experts; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> frac[a] != frac[b] ? Double.compare(frac[b], frac[a]) : Integer.compare(a, b));
        for (int j = 0; given < copies; j++, given++) {
            out[order[j % experts]]++;
        }
        return out;
    }

    static long[] zipf(int experts, int k, long tokens, double skew, long seed) {
        SplittableRandom rank = new SplittableRandom(seed);
        int[] byRank = new int[experts];
        for (int i = 0; i < experts; i++) {
            byRank[i] = i;
        }
        for (int i = experts - 1; i > 0; i--) {
            int j = rank.nextInt(i + 1);
            int t = byRank[i];
            byRank[i] = byRank[j];
            byRank[j] = t;
        }
        double[] cdf = new double[experts];
        double acc = 0;
        for (int r = 0; r < experts; r++) {
            acc += Math.pow(r + 1, -skew);
            cdf[r] = acc;
        }
        SplittableRandom draws = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + tokens);
        long[] out = new long[experts];
        int[] chosen = new int[k];
        long drawn = Math.min(tokens, MAX_DRAWN_TOKENS);
        for (long t = 0; t < drawn; t++) {
            for (int c = 0; c < k; c++) {
                int pick;
                int redraws = 0;
                do {
                    if (redraws++ == MAX_REDRAWS) {
                        pick = fromRemaining(experts, skew, chosen, c, draws);
                        break;
                    }
                    double u = draws.nextDouble() * acc;
                    int idx = Arrays.binarySearch(cdf, u);
                    pick = idx >= 0 ? Math.min(idx + 1, experts - 1) : -idx - 1;
                } while (contains(chosen, c, pick));
                chosen[c] = pick;
                out[byRank[pick]]++;
            }
        }
        if (drawn == tokens) {
            return out;
        }
        // each expert drew at most one copy per drawn token, so no share exceeds 1/k and no expert gets more than T
        return shares(Arrays.stream(out).asDoubleStream().toArray(), k * tokens, experts);
    }

    /** A rank not among the first {@code n} chosen, with probability proportional to its weight 1/(rank+1)^skew. */
    private static int fromRemaining(int experts, double skew, int[] chosen, int n, SplittableRandom draws) {
        double mass = 0;
        for (int r = 0; r < experts; r++) {
            mass += contains(chosen, n, r) ? 0 : Math.pow(r + 1, -skew);
        }
        double u = draws.nextDouble() * mass;
        int last = -1;
        for (int r = 0; r < experts; r++) {
            if (contains(chosen, n, r)) {
                continue;
            }
            double w = Math.pow(r + 1, -skew);
            if (u < w) {
                return r;
            }
            u -= w;
            last = r;
        }
        return last;     // rounding left u at the end: the last rank not chosen
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }
}
