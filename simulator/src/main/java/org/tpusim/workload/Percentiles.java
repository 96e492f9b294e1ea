package org.tpusim.workload;

import java.util.Arrays;

/**
 * Nearest-rank percentiles: with the n values sorted ascending, the p-th percentile is the value at rank
 * ceil(p/100 x n) (1-based), always one of the values (p50 of {1, 2, 3, 4} is 2).
 */
public final class Percentiles {
    private Percentiles() {
    }

    /** The p-th percentile of values already sorted ascending; NaN for none. */
    public static double ofSorted(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, Math.min(sorted.length, rank)) - 1];
    }

    public static double[] sorted(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s;
    }
}
