package org.tpusim.result;

import java.util.List;

/**
 * A batch run (the paper's benchmark setting): a prefill, then decode steps, simulated chip by chip and
 * link by link, beside the paper's analytical model for the same inputs.
 *
 * @param simulated        the simulated figures
 * @param analytical       the paper's model: roofline max(compute, weights + KV) plus feedforward
 *                         communication, per pass (digest sec. 6's second column)
 * @param ratio            simulated total / analytical total
 * @param analyticalForms  every analytical form per phase (roofline, roofline + communication, no overlap)
 * @param layouts          the layout each phase ran with (after {@code auto})
 * @param overlap          how communication overlapped computation
 * @param detail           fast (one representative layer and core) or full
 * @param memory           per-chip HBM use at the largest context of the run
 * @param breakdown        where the time went, per phase, on one chip
 * @param byOp             time per op category, per phase (compute ops and collectives)
 * @param axisLoads        link load per physical axis over the simulated time
 * @param timeline         one layer of the prefill and of the first decode step on one chip (for reports)
 * @param linkPlanes       per axis and direction, link utilisation over one plane of chips (heatmaps)
 * @param moe              what the routing did, for a mixture-of-experts model (null, and absent from results.json,
 *                         for a dense model)
 */
public record BatchResult(Figures simulated, Figures analytical, double ratio, List<AnalyticalForms> analyticalForms,
                          Layouts layouts, String overlap, String detail, Memory memory,
                          List<PhaseBreakdown> breakdown, List<CategoryTime> byOp,
                          List<CollectiveResult.AxisLoad> axisLoads, List<TimelineSpan> timeline,
                          List<LinkPlane> linkPlanes, Moe moe)
        implements WorkloadResult {

    /** A dense model's result. */
    public BatchResult(Figures simulated, Figures analytical, double ratio, List<AnalyticalForms> analyticalForms,
                       Layouts layouts, String overlap, String detail, Memory memory,
                       List<PhaseBreakdown> breakdown, List<CategoryTime> byOp,
                       List<CollectiveResult.AxisLoad> axisLoads, List<TimelineSpan> timeline,
                       List<LinkPlane> linkPlanes) {
        this(simulated, analytical, ratio, analyticalForms, layouts, overlap, detail, memory, breakdown, byOp,
                axisLoads, timeline, linkPlanes, null);
    }

    /** A result without link planes (they are optional: reports skip the heatmaps). */
    public BatchResult(Figures simulated, Figures analytical, double ratio, List<AnalyticalForms> analyticalForms,
                       Layouts layouts, String overlap, String detail, Memory memory,
                       List<PhaseBreakdown> breakdown, List<CategoryTime> byOp,
                       List<CollectiveResult.AxisLoad> axisLoads, List<TimelineSpan> timeline) {
        this(simulated, analytical, ratio, analyticalForms, layouts, overlap, detail, memory, breakdown, byOp,
                axisLoads, timeline, List.of(), null);
    }

    /**
     * @param prefillS           time of the prefill, s
     * @param decodeS            time of all decode steps, s
     * @param decodePerTokenMs   decodeS / steps, ms
     * @param totalS             prefillS + decodeS
     * @param mfu                2 N tokens / (chips x peak x time), N the nominal parameter count
     * @param costChipMsPerToken chips x time / tokens, chip-ms
     */
    public record Figures(double prefillS, double decodeS, double decodePerTokenMs, double totalS, Mfu mfu,
                          Cost costChipMsPerToken) {
    }

    public record Mfu(double prefill, double decode, double total) {
    }

    public record Cost(double prefill, double decode) {
    }

    /** The analytical forms of one phase, summed over its passes, s. */
    public record AnalyticalForms(String phase, double computeS, double weightLoadS, double kvLoadS,
                                  double communicationS, double rooflineS, double rooflineWithCommunicationS,
                                  double noOverlapS) {
    }

    /**
     * Layouts per phase, e.g. ffn ws-2d, attention batch; expert axes for an MoE model (null otherwise).
     *
     * @param padding the activation splits padded up to the next multiple of their chips ({@code model.pad_shards}),
     *                one line each with the padded size and per-chip shard; null when none was padded
     */
    public record Layouts(String prefillFfn, String prefillAttention, String decodeFfn, String decodeAttention,
                          String prefillExperts, String decodeExperts, List<String> padding) {
        /** A dense model's layouts, nothing padded. */
        public Layouts(String prefillFfn, String prefillAttention, String decodeFfn, String decodeAttention) {
            this(prefillFfn, prefillAttention, decodeFfn, decodeAttention, null, null, null);
        }
    }

    /**
     * What the routing of a mixture-of-experts model did over the run (README "Mixture of experts"). Token counts
     * are token copies (a token visiting k experts is k copies).
     *
     * @param droppedTokens        copies dropped by the capacity limit, over every pass and MoE layer
     * @param maxTokensPerExpert   the most copies one expert took in one layer of one pass
     * @param meanTokensPerExpert  copies per expert per layer, averaged over the passes
     * @param imbalanceIdleS       per chip, the time the expert groups wait for the busiest one at the combine, mean
     *                             over the groups, summed over every pass and MoE layer (SPMD: the busiest sets the pace)
     * @param routing              the routing, e.g. "zipf (skew 1.2, seed 1), no capacity limit"
     * @param phases               the same per phase, with the all-to-all time simulated and in closed form
     */
    public record Moe(long droppedTokens, long maxTokensPerExpert, double meanTokensPerExpert, double imbalanceIdleS,
                      String routing, int experts, int expertsPerToken, List<MoePhase> phases) {
    }

    /**
     * One phase of {@link Moe}.
     *
     * @param tokensPerPass        T, tokens of one pass
     * @param expertsUsed          experts that received a token (in the last pass of the phase)
     * @param allToAllSimulatedS   the expert all-to-alls' time in flight (dispatch, combine and the reshards)
     * @param allToAllAnalyticalS  the same volumes at the expert axes' injection bandwidth ({@code MoeTraffic})
     */
    public record MoePhase(String phase, String expertAxes, int passes, long tokensPerPass, int expertsUsed,
                           long droppedTokens, long maxTokensPerExpert, double meanTokensPerExpert,
                           double imbalanceIdleS, double allToAllSimulatedS, double allToAllAnalyticalS) {
    }

    /** One chip's HBM use, B. */
    public record Memory(double weightsBytes, double kvCacheBytes, double activationsBytes, double capacityBytes) {
    }

    /**
     * Where one phase's time went on one chip, s (see {@code TimeBreakdown}); the parts add up to spanS.
     */
    public record PhaseBreakdown(String phase, double spanS, double matmulComputeS, double weightLoadingS,
                                 double kvLoadingS, double vectorS, double fixedS, double communicationExposedS,
                                 double communicationHiddenS, double idleS) {
    }

    /** Time spent in one op category during one phase, s (collectives: time in flight). */
    public record CategoryTime(String phase, String category, double timeS) {
    }

    /** One interval of the timeline, s from the start of its pass. */
    public record TimelineSpan(String phase, String lane, String name, String category, double startS, double endS) {
    }

    @Override
    public String kind() {
        return "batch";
    }

    @Override
    public double headlineSimulatedS() {
        return simulated.totalS();
    }

    @Override
    public double headlineAnalyticalS() {
        return analytical.totalS();
    }
}
