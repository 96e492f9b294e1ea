package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.SplittableRandom;

/** A distribution of token counts for synthetic requests; every draw is a whole number within [min, max]. */
public sealed interface LengthDistribution
        permits LengthDistribution.Fixed, LengthDistribution.Uniform, LengthDistribution.LogNormal {

    long next(SplittableRandom random);

    /** The smallest value a draw can take (used to check that requests are valid). */
    long min();

    /** {@code {fixed: N}}. */
    record Fixed(long tokens) implements LengthDistribution {
        public Fixed {
            checkArgument(tokens >= 0, "tokens must be >= 0, got %s", tokens);
        }

        @Override
        public long next(SplittableRandom random) {
            return tokens;
        }

        @Override
        public long min() {
            return tokens;
        }
    }

    /** {@code {uniform: [A, B]}}: every whole number from A to B equally likely. */
    record Uniform(long min, long max) implements LengthDistribution {
        public Uniform {
            checkArgument(min >= 0 && max >= min, "need 0 <= min <= max, got [%s, %s]", min, max);
        }

        @Override
        public long next(SplittableRandom random) {
            return min + random.nextLong(max - min + 1);
        }
    }

    /**
     * {@code {lognormal: {median: M, sigma: S, min: A, max: B}}}: round(M x exp(S x Z)), Z standard normal,
     * clamped to [A, B] (A defaults to 1, B to 32768).
     */
    record LogNormal(double median, double sigma, long min, long max) implements LengthDistribution {
        public LogNormal {
            checkArgument(median > 0 && sigma >= 0, "need median > 0 and sigma >= 0, got %s, %s", median, sigma);
            checkArgument(min >= 0 && max >= min, "need 0 <= min <= max, got [%s, %s]", min, max);
        }

        @Override
        public long next(SplittableRandom random) {
            long v = Math.round(median * Math.exp(sigma * Sampling.standardNormal(random)));
            return Math.max(min, Math.min(max, v));
        }
    }
}
