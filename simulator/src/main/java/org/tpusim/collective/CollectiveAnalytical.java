package org.tpusim.collective;

import org.tpusim.topology.Axis;
import org.tpusim.topology.Slice;

/**
 * Closed forms for a collective, computed from the same inputs as the simulation.
 *
 * <p><b>Paper form</b> (Pope et al. 2022, App. A.1), bandwidth only: all-gather and reduce-scatter take
 * {@code D / bw x (K-1)/K}, all-reduce twice that. Here "bw" is stated explicitly as the chip's
 * injection bandwidth into its group: the link bandwidth times the number of links a chip has along the
 * group's axes (2 per axis of 3+ chips, ring or line interior; 1 for an axis of 2; 0 for an axis of 1),
 * so 6 x 45 GB/s = 270 GB/s for {@code xyz} on a TPU v4 torus, the paper's per-chip figure. The paper
 * gives no all-to-all formula; for it the form is the congestion-aware bound {@code (bytes on the most
 * loaded link) / link bandwidth}. A permute is {@code D / link bandwidth}.
 *
 * <p><b>Latency-bandwidth form</b> of the algorithm actually simulated: collective overhead + for each
 * phase {@code (K-1) x (hop latency + m / link bandwidth [+ m / reduction rate])}, m the larger
 * per-direction message, summed over the phases of the slowest part (parts of a concurrent multi-axis
 * decomposition run side by side); all-to-all and permute: overhead + longest route x hop latency + most
 * loaded link bytes / link bandwidth. It ignores contention between parts and collectives: where the
 * simulation exceeds it, the excess is queueing. For all-to-all it is an upper estimate, since the latency of
 * the farthest messages overlaps the busiest link's traffic.
 */
public final class CollectiveAnalytical {

    /**
     * @param paperTimeNs             the paper's bandwidth-only form
     * @param paperBandwidthBytesPerSec the "bw" it used
     * @param paperFormula            the formula, for reports
     * @param latencyBandwidthNs      the latency-bandwidth form of the simulated algorithm
     * @param latencyBandwidthFormula the formula, for reports
     */
    public record Estimate(double paperTimeNs, double paperBandwidthBytesPerSec, String paperFormula,
                           double latencyBandwidthNs, String latencyBandwidthFormula) {
    }

    private CollectiveAnalytical() {
    }

    /** The chip's injection bandwidth into its group, B/s (see the class comment). */
    public static double groupInjectionBandwidth(CollectiveSpec spec, Slice slice, double linkBandwidthBytesPerSec) {
        int links = 0;
        for (Axis a : spec.axes().axes()) {
            int k = slice.size(a);
            links += k >= 3 ? 2 : k == 2 ? 1 : 0;
        }
        return links * linkBandwidthBytesPerSec;
    }

    public static Estimate of(CollectiveSpec spec, Slice slice, double linkBandwidthBytesPerSec, double hopLatencyNs,
                              CollectiveCosts costs) {
        int k = spec.axes().groupSize(slice.shape());
        double d = spec.bytesPerChip();
        double linkBytesPerNs = linkBandwidthBytesPerSec / 1e9;
        double bw = groupInjectionBandwidth(spec, slice, linkBandwidthBytesPerSec);
        double frac = (k - 1) / (double) k;
        switch (spec.kind()) {
            case ALL_GATHER, REDUCE_SCATTER, ALL_REDUCE -> {
                double factor = spec.kind() == CollectiveKind.ALL_REDUCE ? 2 : 1;
                double paper = k == 1 ? 0 : factor * d / (bw / 1e9) * frac;
                String pf = (factor == 2 ? "2 x " : "") + "D / bw x (K-1)/K, bw = chip injection bandwidth into the group";
                double lb = costs.overheadNs() + phasedLatencyBandwidth(spec, slice, linkBytesPerNs, hopLatencyNs, costs);
                return new Estimate(paper, bw, pf, lb,
                        "overhead + sum over phases (K_i - 1) x (hop_latency + m_i / link_bw"
                                + (spec.kind() == CollectiveKind.ALL_GATHER ? ")" : " [+ shard_i / reduction_rate])"));
            }
            case ALL_TO_ALL -> {
                long max = 0;
                for (long l : AllToAll.linkLoads(spec, slice)) {
                    max = Math.max(max, l);
                }
                double wire = max / linkBytesPerNs;
                int hops = k == 1 ? 0 : AllToAll.maxHops(spec, slice);
                return new Estimate(wire, linkBandwidthBytesPerSec,
                        "most loaded link bytes / link_bw (the paper gives no all-to-all formula)",
                        costs.overheadNs() + hops * hopLatencyNs + wire,
                        "overhead + longest route x hop_latency + most loaded link bytes / link_bw (an upper"
                                + " estimate: far messages' latency overlaps the busiest link's traffic)");
            }
            case COLLECTIVE_PERMUTE -> {
                Axis axis = CollectivePermute.shiftAxis(spec, slice);
                if (axis == null) {
                    return new Estimate(0, linkBandwidthBytesPerSec, "nothing to send", costs.overheadNs(), "overhead");
                }
                int hops = slice.wraps(axis) ? 1 : slice.size(axis) - 1;
                double wire = d / linkBytesPerNs;
                return new Estimate(wire, linkBandwidthBytesPerSec, "D / link_bw",
                        costs.overheadNs() + hops * hopLatencyNs + wire,
                        "overhead + longest route x hop_latency + D / link_bw");
            }
            default -> throw new IllegalStateException(spec.kind().toString());
        }
    }

    private static double phasedLatencyBandwidth(CollectiveSpec spec, Slice slice, double linkBytesPerNs,
                                                 double hopLatencyNs, CollectiveCosts costs) {
        CollectivePlan plan = CollectivePlan.of(spec, slice);
        double worst = 0;
        for (CollectivePlan.Part part : plan.parts()) {
            double t = 0;
            for (CollectivePlan.Phase ph : part.phases()) {
                long m = ph.messageBytes(slice, spec.algorithm());
                // a chip reduces a whole shard per step: both halves on a bidirectional ring (one reducer
                // serves both directions). On a line the two directions' adds may also meet on the reducer;
                // the form counts one shard and the simulation shows the rest as queueing.
                int hops = ph.flat() ? new FlatRing(slice, ph.flatAxes()).maxHops() : 1;
                double step = hops * hopLatencyNs + m / linkBytesPerNs + (ph.reduce() ? costs.reductionNs(ph.shardBytes()) : 0);
                t += ph.steps() * step;
            }
            worst = Math.max(worst, t);
        }
        return worst;
    }
}
