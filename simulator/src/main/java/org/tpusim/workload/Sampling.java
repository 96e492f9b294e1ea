package org.tpusim.workload;

import java.util.SplittableRandom;

/**
 * Variates from a {@link SplittableRandom}, whose algorithm is specified by the JDK, so a seed gives the
 * same stream on every JVM. Normal: Box-Muller (one of the pair used); gamma: Marsaglia and Tsang (2000),
 * with the shape < 1 boost U^(1/shape).
 */
final class Sampling {
    private Sampling() {
    }

    static double standardNormal(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    static double gamma(SplittableRandom r, double shape) {
        if (shape < 1) {
            double u = 1.0 - r.nextDouble();
            return gamma(r, shape + 1) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = standardNormal(r);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1.0 - r.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
