package org.tpusim.analytical;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.layout.FfnTraffic;
import org.tpusim.layout.MeshSplit;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.memory.HbmFootprint;
import org.tpusim.memory.KvCacheSharding;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.MoeConfig;
import org.tpusim.moe.ExpertRouting;
import org.tpusim.model.TransformerModel;

/**
 * The paper's closed-form cost of one forward pass (Pope et al. 2022, sec. 2, 3.2, App. A):
 * <ul>
 *   <li>compute = 2·N·B·L / (n·peak) (sec. 2), peak the rate of the matmuls' format ({@link Arithmetic}:
 *       bf16, or int8 / fp8 for w8a8), plus, if asked, attention at the bf16 peak: 4·layers·H·Q FLOPs per
 *       sequence per attended position, a prefill of L tokens after C−L cached ones attending to
 *       L·(C−L) + L(L+1)/2 positions (causal);</li>
 *   <li>weight load = N·bytes / (n·HBM bandwidth) (sec. 2; {@link ParameterBasis} says which N);</li>
 *   <li>KV load = KV bytes per chip / HBM bandwidth, by attention layout ({@link KvCacheSharding}; a layer with a
 *       sliding window holds and reads at most its window);</li>
 *   <li>communication = layers × feedforward bytes per chip ({@link FfnTraffic}) / network bandwidth.
 *       Attention collectives (the all-to-alls of batch-sharded attention) have no formula in the paper
 *       and are not counted, nor is a serial block's separate attention all-reduce.</li>
 * </ul>
 * "Network bandwidth" is left generic in the paper; the caller passes it (for TPU v4 the paper's 270 GB/s
 * per chip is 6 links x 45 GB/s). Nothing here is overlapped or latency-bound; {@link StepCost} gives the
 * totals. Time is in nanoseconds.
 */
public final class AnalyticalModel {
    private final ChipSpec chip;
    private final double networkBandwidthBytesPerSec;
    private final CostOptions options;

    public AnalyticalModel(ChipSpec chip, double networkBandwidthBytesPerSec, CostOptions options) {
        this.chip = Objects.requireNonNull(chip, "chip");
        checkArgument(networkBandwidthBytesPerSec > 0, "network bandwidth must be positive, got %s",
                networkBandwidthBytesPerSec);
        this.networkBandwidthBytesPerSec = networkBandwidthBytesPerSec;
        this.options = Objects.requireNonNull(options, "options");
    }

    public CostOptions options() {
        return options;
    }

    public double networkBandwidthBytesPerSec() {
        return networkBandwidthBytesPerSec;
    }

    /** The cost of one pass of {@code shape} under {@code layout}. */
    public StepCost step(ModelConfig config, MeshSplit split, PhaseLayout layout, StepShape shape) {
        if (config.moe().isPresent() && layout.experts().isPresent()) {
            return moeStep(config, split, layout, shape);
        }
        TransformerModel m = config.model();
        int n = split.chips();
        double peakPerChip = Arithmetic.matmulPeakPerSec(chip, config);
        double hbm = chip.hbmBandwidthBytesPerSec();
        boolean nominal = options.parameters() == ParameterBasis.NOMINAL;

        double params = nominal ? m.nominalParams() : m.parameterCount();
        double flops = 2 * params * shape.tokens();
        double attentionPeak = Arithmetic.attentionPeakPerSec(chip);
        double attentionNs = 0;
        if (options.includeAttentionFlops() && attentionPeak == peakPerChip) {
            flops += attentionFlops(config, shape);      // one rate: one sum, as the paper writes it
        } else if (options.includeAttentionFlops()) {
            attentionNs = attentionFlops(config, shape) / (n * attentionPeak) * 1e9;
        }
        double computeNs = flops / (n * peakPerChip) * 1e9 + attentionNs;

        double weightBytesPerChip = nominal
                ? (double) m.nominalParams() * config.weights().bytes() / n
                : HbmFootprint.weightsBytesPerChip(config, split);
        double weightLoadNs = weightBytesPerChip / hbm * 1e9;
        double kvBytesPerChip = KvCacheSharding.bytesPerChip(config, split, layout.attention(), shape.batch(),
                shape.contextTokens());
        double kvLoadNs = kvBytesPerChip / hbm * 1e9;

        int matrices = options.paperFfnMatrices() ? 2 : m.ffnMatrices();
        FfnTraffic perLayer = FfnTraffic.perLayer(layout.ffn(), m.dModel(), m.dFf(), matrices,
                config.weights().bytes(), split, shape.tokens());
        double commNs = m.layers() * perLayer.totalBytesPerChip() / networkBandwidthBytesPerSec * 1e9;

        double idealNs = ServingMetrics.idealNs(m.nominalParams(), shape.tokens(), n, peakPerChip);
        return new StepCost(computeNs, weightLoadNs, kvLoadNs, commNs, idealNs, shape.tokens(), n);
    }

    /**
     * A mixture-of-experts pass, the same passes in closed form:
     * <ul>
     *   <li>compute: 2 x the active parameters x tokens (the nominal N, which for an MoE preset is the published
     *       active count, or the exact active count), at peak over n chips;</li>
     *   <li>weights: the parameters read, i.e. all but the routed experts that received no token in this pass
     *       (by the routing: decode at a small batch reads few experts), bytes / n / HBM bandwidth;</li>
     *   <li>communication: the dense layers' feedforward as for a dense model; per MoE layer
     *       ({@link MoeTraffic}) the dispatch and combine all-to-alls (T·k/G_e token copies of E·2 B from each chip,
     *       (G_e-1)/G_e of it leaving the chip), the two reshards between the residual and the routed tokens
     *       (all-to-alls of T·E/n·2 B) at the injection bandwidth of the expert axes, and the all-gather and
     *       reduce-scatter of [T/G_e, E] over the other axes at theirs. Uniform volumes: the closed form leaves
     *       out the imbalance the routing causes, which the simulation shows.</li>
     * </ul>
     */
    private StepCost moeStep(ModelConfig config, MeshSplit split, PhaseLayout layout, StepShape shape) {
        TransformerModel m = config.model();
        MoeConfig e = config.moe().orElseThrow();
        int n = split.chips();
        double peakPerChip = chip.peakFlopsPerSec();
        double hbm = chip.hbmBandwidthBytesPerSec();
        boolean nominal = options.parameters() == ParameterBasis.NOMINAL;
        double flops = 2.0 * (nominal ? m.nominalParams() : config.activeParams()) * shape.tokens();
        if (options.includeAttentionFlops()) {
            flops += attentionFlops(m, shape);
        }
        double computeNs = flops / (n * peakPerChip) * 1e9;
        ExpertRouting.Loads loads = ExpertRouting.route(e, shape.tokens());
        double read = config.totalParams()
                - (double) e.moeLayers(m) * (e.experts() - loads.expertsUsed()) * e.paramsPerExpert(m);
        double weightLoadNs = read * config.weights().bytes() / n / hbm * 1e9;
        double kvLoadNs = KvCacheSharding.bytesPerChip(config, split, layout.attention(), shape.batch(),
                shape.contextTokens()) / hbm * 1e9;
        int matrices = options.paperFfnMatrices() ? 2 : m.ffnMatrices();
        FfnTraffic dense = FfnTraffic.perLayer(layout.ffn(), m.dModel(), m.dFf(), matrices,
                config.weights().bytes(), split, shape.tokens());
        MoeTraffic moe = MoeTraffic.perLayer(e, m.dModel(), split, layout.experts().orElseThrow(), shape.tokens());
        double commNs = (e.denseLayers() * dense.totalBytesPerChip() / networkBandwidthBytesPerSec
                + e.moeLayers(m) * moe.timeNs(networkBandwidthBytesPerSec, split) / 1e9) * 1e9;
        double idealNs = ServingMetrics.idealNs(m.nominalParams(), shape.tokens(), n, peakPerChip);
        return new StepCost(computeNs, weightLoadNs, kvLoadNs, commNs, idealNs, shape.tokens(), n);
    }

    /** 4·layers·H·Q FLOPs per attended position (QK^T and AV, 2 FLOPs per multiply-add), causal in prefill. */
    static double attentionFlops(ModelConfig config, StepShape shape) {
        if (!config.hasSlidingWindow()) {
            return attentionFlops(config.model(), shape);
        }
        TransformerModel m = config.model();
        double positions = config.meanAttendedPairs(shape.contextTokens() - shape.tokensPerSequence(),
                shape.tokensPerSequence());
        return 4.0 * m.layers() * m.heads() * m.dHead() * shape.batch() * positions;
    }

    /** As above without a sliding window. */
    static double attentionFlops(TransformerModel m, StepShape shape) {
        double l = shape.tokensPerSequence();
        double history = shape.contextTokens() - shape.tokensPerSequence();
        double positions = l * history + l * (l + 1) / 2;
        return 4.0 * m.layers() * m.heads() * m.dHead() * shape.batch() * positions;
    }
}
