package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.SplittableRandom;

/** How synthetic requests arrive: independent inter-arrival gaps with a given mean rate. */
public sealed interface ArrivalProcess permits ArrivalProcess.Poisson, ArrivalProcess.Gamma {

    /** The next inter-arrival gap, s. */
    double nextGapS(SplittableRandom random);

    /** {@code arrivals: {process: poisson, rate_per_s: R}}: exponential gaps of mean 1/R. */
    record Poisson(double ratePerS) implements ArrivalProcess {
        public Poisson {
            checkArgument(ratePerS > 0 && Double.isFinite(ratePerS), "rate must be positive, got %s", ratePerS);
        }

        @Override
        public double nextGapS(SplittableRandom random) {
            return -Math.log(1.0 - random.nextDouble()) / ratePerS;
        }
    }

    /**
     * {@code arrivals: {process: gamma, rate_per_s: R, cv: C}}: gamma-distributed gaps of mean 1/R and
     * coefficient of variation C (shape 1/C^2; C = 1 is Poisson, C > 1 burstier), as Vidur's gamma generator.
     */
    record Gamma(double ratePerS, double cv) implements ArrivalProcess {
        public Gamma {
            checkArgument(ratePerS > 0 && Double.isFinite(ratePerS), "rate must be positive, got %s", ratePerS);
            checkArgument(cv > 0 && Double.isFinite(cv), "cv must be positive, got %s", cv);
        }

        @Override
        public double nextGapS(SplittableRandom random) {
            double shape = 1.0 / (cv * cv);
            double scale = 1.0 / (ratePerS * shape);
            return Sampling.gamma(random, shape) * scale;
        }
    }
}
