package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import java.util.SplittableRandom;
import org.tpusim.layout.LayoutPlan;
import org.tpusim.model.ModelConfig;

/**
 * A scenario's {@code speculative:} block: speculative decoding with a draft model on the same slice (Leviathan et
 * al. 2023, "Fast Inference from Transformers via Speculative Decoding"). Each decode step of the running batch
 * becomes {@code tokens} (k) draft decode steps, then one verify pass of the target over k + 1 tokens per sequence
 * after its context. Of a sequence's k proposals the first j are accepted, each with probability {@code acceptance}
 * independently (P(j) = a^j (1 - a) for j &lt; k, a^k for j = k), and the step emits j + 1 tokens (the verify pass
 * adds the target's own next token), at most the tokens the request has left.
 *
 * @param draft          the draft model (on the target's slice with the auto layout, or on its own slice)
 * @param tokens         proposals per step, k
 * @param acceptanceLow  each request's acceptance rate is drawn uniformly from [low, high] (fixed when equal)
 * @param acceptanceHigh see {@code acceptanceLow}
 * @param seed           seeds the per-request rates and the acceptance draws
 * @param draftTopology  the draft's own slice (the scenario's chip), or null: the draft runs on the target's slice
 * @param draftLayout    the layout of the draft on its own slice (auto on the target's slice)
 */
public record Speculation(ModelConfig draft, int tokens, double acceptanceLow, double acceptanceHigh, long seed,
                          String draftTopology, LayoutPlan draftLayout) {
    /** Most proposals per step. */
    public static final int MAX_TOKENS = 16;

    /** The draft on the target's slice. */
    public Speculation(ModelConfig draft, int tokens, double acceptanceLow, double acceptanceHigh, long seed) {
        this(draft, tokens, acceptanceLow, acceptanceHigh, seed, null, LayoutPlan.AUTO);
    }

    public Speculation {
        Objects.requireNonNull(draft, "draft");
        Objects.requireNonNull(draftLayout, "draftLayout");
        checkArgument(tokens >= 1 && tokens <= MAX_TOKENS, "tokens must be 1 to 16, got %s", tokens);
        checkArgument(acceptanceLow >= 0 && acceptanceLow <= acceptanceHigh && acceptanceHigh <= 1,
                "acceptance must be 0 <= low <= high <= 1, got %s, %s", acceptanceLow, acceptanceHigh);
    }

    /** Whether the draft runs on a slice of its own (its passes then overlap nothing of the target's but prefills). */
    public boolean ownSlice() {
        return draftTopology != null;
    }

    /** The same speculation with another seed. */
    public Speculation withSeed(long otherSeed) {
        return new Speculation(draft, tokens, acceptanceLow, acceptanceHigh, otherSeed, draftTopology, draftLayout);
    }

    /**
     * A request's acceptance rate: drawn uniformly from [low, high] by a stream of its own (seed and request id),
     * so it does not depend on which server or in which order the request is served.
     */
    double acceptanceOf(Request r) {
        if (acceptanceLow == acceptanceHigh) {
            return acceptanceLow;
        }
        double u = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (r.id() + 1))).nextDouble();
        return acceptanceLow + (acceptanceHigh - acceptanceLow) * u;
    }

    /** Proposals accepted at rate {@code a}: leading successes of k Bernoulli(a) draws. */
    static int accepted(int k, double a, SplittableRandom rng) {
        int j = 0;
        while (j < k && rng.nextDouble() < a) {
            j++;
        }
        return j;
    }
}
