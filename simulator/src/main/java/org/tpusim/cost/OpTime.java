package org.tpusim.cost;

/**
 * The time of one op on one chip and its parts, all in nanoseconds. {@code totalNs} is
 * {@code fixedNs + overlap(computeNs, memoryNs)}, see {@link ChipCostModel}; the parts are kept for
 * per-operator breakdowns.
 *
 * @param totalNs   time the op occupies the chip
 * @param computeNs arithmetic time alone: tile-padded FLOPs at the achievable peak
 * @param memoryNs  HBM time alone: bytes read and written at the achievable bandwidth
 * @param fixedNs   per-op fixed cost of the op's kind
 * @param bound     the largest of the three parts
 */
public record OpTime(double totalNs, double computeNs, double memoryNs, double fixedNs, Bound bound) {
}
