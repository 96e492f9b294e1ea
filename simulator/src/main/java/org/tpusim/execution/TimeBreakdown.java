package org.tpusim.execution;

import java.util.EnumMap;
import java.util.Map;
import org.tpusim.program.OpCategory;

/**
 * Where the time of a stretch of execution went, on one chip (all chips run the same program).
 *
 * <p>The chip's core is busy with compute ops one at a time; their time is split into {@code fixedNs}
 * (per-op fixed costs) and the rest by what bounds each op: {@code matmulComputeNs} (compute-bound
 * matmuls), {@code weightLoadingNs} (memory-bound matmuls: streaming weights from HBM),
 * {@code kvLoadingNs} (attention over the KV cache), {@code vectorNs} (elementwise and vector ops).
 * Collectives in flight while the core is busy are {@code communicationHiddenNs}; while the core waits,
 * {@code communicationExposedNs}; the rest of the span is {@code idleNs}. The parts add up to
 * {@code spanNs}.
 */
public record TimeBreakdown(double spanNs, double matmulComputeNs, double weightLoadingNs, double kvLoadingNs,
                            double vectorNs, double fixedNs, double communicationExposedNs,
                            double communicationHiddenNs, double idleNs, Map<OpCategory, Double> byCategoryNs) {

    public static final TimeBreakdown ZERO = new TimeBreakdown(0, 0, 0, 0, 0, 0, 0, 0, 0,
            new EnumMap<>(OpCategory.class));

    /** Busy time of the core. */
    public double computeNs() {
        return matmulComputeNs + weightLoadingNs + kvLoadingNs + vectorNs + fixedNs;
    }

    /** All time collectives were in flight. */
    public double communicationNs() {
        return communicationExposedNs + communicationHiddenNs;
    }

    public TimeBreakdown plus(TimeBreakdown o) {
        return scaledSum(o, 1);
    }

    /** This + factor x o. */
    public TimeBreakdown scaledSum(TimeBreakdown o, double factor) {
        Map<OpCategory, Double> cats = new EnumMap<>(OpCategory.class);
        cats.putAll(byCategoryNs);
        o.byCategoryNs.forEach((k, v) -> cats.merge(k, factor * v, Double::sum));
        return new TimeBreakdown(spanNs + factor * o.spanNs, matmulComputeNs + factor * o.matmulComputeNs,
                weightLoadingNs + factor * o.weightLoadingNs, kvLoadingNs + factor * o.kvLoadingNs,
                vectorNs + factor * o.vectorNs, fixedNs + factor * o.fixedNs,
                communicationExposedNs + factor * o.communicationExposedNs,
                communicationHiddenNs + factor * o.communicationHiddenNs, idleNs + factor * o.idleNs, cats);
    }
}
