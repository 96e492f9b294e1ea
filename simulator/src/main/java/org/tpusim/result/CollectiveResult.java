package org.tpusim.result;

import java.util.List;

/**
 * A collective on every group of a slice: simulated time against the paper's bandwidth-only form and the
 * latency-bandwidth form of the algorithm, with the load it put on the links.
 *
 * @param simulated              what the engine measured
 * @param analytical             the closed forms for the same inputs
 * @param ratio                  simulated / paper form
 * @param ratioLatencyBandwidth  simulated / latency-bandwidth form (above 1: queueing on shared links)
 * @param collective             e.g. all-gather
 * @param axes                   the group's mesh axes, e.g. xyz
 * @param groupSize              chips per group (K)
 * @param groups                 groups running at once
 * @param algorithm              per-axis algorithm
 * @param multiAxis              multi-axis decomposition
 * @param bytesPerChip           the paper's D, B
 * @param phases                 the per-axis phases of every part (all-gather, reduce-scatter, all-reduce)
 * @param axisLoads              link load per physical axis
 * @param busiestLinks           the most loaded link directions, most loaded first (at most 8)
 * @param linkPlanes             per axis and direction, link utilisation over one plane of chips (heatmaps)
 */
public record CollectiveResult(Simulated simulated, Analytical analytical, double ratio, double ratioLatencyBandwidth,
                               String collective, String axes, int groupSize, int groups, String algorithm,
                               String multiAxis, long bytesPerChip, List<PhaseInfo> phases, List<AxisLoad> axisLoads,
                               List<LinkLoad> busiestLinks, List<LinkPlane> linkPlanes) implements WorkloadResult {

    /** A result without link planes (they are optional: reports skip the heatmaps). */
    public CollectiveResult(Simulated simulated, Analytical analytical, double ratio, double ratioLatencyBandwidth,
                            String collective, String axes, int groupSize, int groups, String algorithm,
                            String multiAxis, long bytesPerChip, List<PhaseInfo> phases, List<AxisLoad> axisLoads,
                            List<LinkLoad> busiestLinks) {
        this(simulated, analytical, ratio, ratioLatencyBandwidth, collective, axes, groupSize, groups, algorithm,
                multiAxis, bytesPerChip, phases, axisLoads, busiestLinks, List.of());
    }

    /**
     * @param timeS                           from the start until the last chip has finished, s
     * @param algorithmicBandwidthBytesPerSec bytes per chip / time
     * @param busBandwidthBytesPerSec         algorithmic bandwidth x the collective's bus factor
     *                                        ((K-1)/K; 2(K-1)/K for all-reduce)
     */
    public record Simulated(double timeS, double algorithmicBandwidthBytesPerSec, double busBandwidthBytesPerSec) {
    }

    /**
     * @param timeS                   the paper's bandwidth-only form (App. A.1), s
     * @param bandwidthBytesPerSec    the bandwidth that form uses
     * @param formula                 its formula
     * @param latencyBandwidthS       the latency-bandwidth form of the simulated algorithm, s
     * @param latencyBandwidthFormula its formula
     */
    public record Analytical(double timeS, double bandwidthBytesPerSec, String formula, double latencyBandwidthS,
                             String latencyBandwidthFormula) {
    }

    /**
     * One phase of one part.
     *
     * @param part         which share of the buffer
     * @param axis         x, y or z
     * @param operation    all-gather or reduce-scatter
     * @param chips        chips along the axis
     * @param ring         true on a ring, false on a line
     * @param steps        steps (chips - 1)
     * @param shardBytes   the shard a step moves, B
     * @param messageBytes the larger per-direction message, B
     */
    public record PhaseInfo(int part, String axis, String operation, int chips, boolean ring, int steps,
                            long shardBytes, long messageBytes) {
    }

    /**
     * Load on the links of one physical axis.
     *
     * @param axis            x, y or z
     * @param links           link directions on this axis
     * @param bytes           bytes they carried in total
     * @param meanUtilisation mean over those links of busy time / collective time
     * @param maxUtilisation  the highest of them
     */
    public record AxisLoad(String axis, int links, long bytes, double meanUtilisation, double maxUtilisation) {
    }

    @Override
    public String kind() {
        return "collective";
    }

    @Override
    public double headlineSimulatedS() {
        return simulated.timeS();
    }

    @Override
    public double headlineAnalyticalS() {
        return analytical.timeS();
    }
}
