package org.tpusim.analytical;

/**
 * The analytical time of one forward pass (a prefill, or one decode step), in nanoseconds, by part.
 *
 * @param computeNs          matmul FLOPs at peak: 2·N·B·L (plus attention if asked) / (n·peak)
 * @param weightLoadNs       weight bytes per chip / HBM bandwidth
 * @param kvLoadNs           KV-cache bytes per chip / HBM bandwidth
 * @param ffnCommunicationNs per-chip feedforward collective bytes / network bandwidth, x layers
 * @param idealNs            2·N_nominal·B·L / (n·peak): the time at 100% MFU (sec. 2)
 * @param tokens             B·L, tokens processed
 * @param chips              n
 */
public record StepCost(double computeNs, double weightLoadNs, double kvLoadNs, double ffnCommunicationNs,
        double idealNs, long tokens, int chips) {

    /** Weights + KV cache: everything loaded from HBM once per pass (sec. 2). */
    public double memoryNs() {
        return weightLoadNs + kvLoadNs;
    }

    /** max(compute, memory): compute and HBM traffic overlap perfectly, communication is free. */
    public double rooflineNs() {
        return Math.max(computeNs, memoryNs());
    }

    /** Roofline plus feedforward communication, none of it overlapped (digest sec. 6's second column). */
    public double rooflineWithCommunicationNs() {
        return rooflineNs() + ffnCommunicationNs;
    }

    /** Nothing overlaps: compute + memory + communication. */
    public double noOverlapNs() {
        return computeNs + memoryNs() + ffnCommunicationNs;
    }

    /** MFU if the pass took {@code timeNs}. */
    public double mfu(double timeNs) {
        return idealNs / timeNs;
    }

    /** Chip-milliseconds per token if the pass took {@code timeNs} (sec. 4.4). */
    public double costChipMsPerToken(double timeNs) {
        return ServingMetrics.costChipMsPerToken(chips, timeNs, tokens);
    }
}
