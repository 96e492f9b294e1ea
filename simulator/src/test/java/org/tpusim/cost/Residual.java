package org.tpusim.cost;

/**
 * One measured shape against the model. The error is taken against whichever of the two runs' medians
 * is nearer the prediction: compute-bound work on the measured card moved up to 16% between runs (it
 * sat at its 700 W power cap, so the clock depended on the recent load), memory-bound work repeated
 * within 1-4.5%, so for memory-bound shapes this is in effect run 1.
 *
 * @param table     measured table
 * @param shape     the row, in words
 * @param predictedUs model time
 * @param run1Us    measured median, run 1
 * @param run2Us    measured median, run 2
 * @param bound     what bounds the model's time (for a layer: the op that takes longest)
 */
record Residual(String table, String shape, double predictedUs, double run1Us, double run2Us, String bound) {

    /** Signed relative error against the nearer run: (predicted - measured) / measured. */
    double error() {
        double e1 = predictedUs / run1Us - 1;
        double e2 = predictedUs / run2Us - 1;
        return Math.abs(e1) <= Math.abs(e2) ? e1 : e2;
    }

    /** Run-to-run spread: |run2 - run1| / run1. */
    double spread() {
        return Math.abs(run2Us / run1Us - 1);
    }
}
