package org.tpusim.memory;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Locale;
import java.util.Optional;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.ExpertLayout;
import org.tpusim.layout.MeshSplit;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.MoeConfig;
import org.tpusim.model.TransformerModel;
import org.tpusim.topology.MeshAxes;

/**
 * HBM one chip needs for a phase, against its capacity. GiB = 2^30 bytes.
 *
 * <p><b>Weights.</b> Every layout stores the weights fully sharded (E_x F_yz, Pope et al. sec. 3.2.3), so
 * a chip holds N x bytes / n, with one exception: W_K and W_V have no query-heads dimension to split over
 * yz, so a chip holds E/X rows of ceil(kvHeads / YZ) K/V heads; for a multiquery model that replicates
 * them over yz (PaLM 540B on 4x4x4: 278M parameters per chip instead of 17M). The embedding (tied with
 * the output projection) is sharded over every chip like the other matrices.
 *
 * <p><b>KV cache.</b> By attention layout, see {@link KvCacheSharding}.
 *
 * <p><b>Activations</b> (a simple bound). The residual stream of the batch, B x L x E bf16 elements split
 * over the n chips, held twice (a layer's input and output). Intra-layer temporaries are not counted: the
 * Looped CollectiveEinsum streams them in chunks (sec. 3.5), and the paper counts only weights and KV
 * cache because other tensors' "memory footprint is much smaller" (sec. 2). Attention scores, logits
 * and gathered weight chunks are likewise not counted.
 *
 * <p><b>Mixture of experts</b> (layout with expert axes A_e of G_e chips, the other axes G_t chips): the dense part
 * (attention of every layer, the dense layers' feedforward, embeddings) as above; per MoE layer the routed experts
 * X/G_e x matrices x E x F_e/G_t (all experts split over the n chips), the shared experts matrices x E x F_s/G_t
 * (replicated over A_e) and the router E x X (replicated on every chip). Activations add, per MoE layer in flight,
 * the routed tokens [T/G_e, E] and the dispatch and combine buffers of k·T/G_e copies of E each (uniform routing).
 */
public record HbmFootprint(double weightsBytes, double kvCacheBytes, double activationsBytes,
        double capacityBytes) {
    public static final double GIB = 1L << 30;
    /** Activations are bf16. */
    private static final int ACTIVATION_BYTES = 2;

    public HbmFootprint {
        checkArgument(weightsBytes >= 0 && kvCacheBytes >= 0 && activationsBytes >= 0 && capacityBytes > 0,
                "byte counts must not be negative and capacity must be positive");
    }

    /**
     * One chip's footprint.
     *
     * @param tokensPerSequence L, tokens each sequence processes in this pass (1 in decode)
     * @param contextTokens     KV-cache positions per sequence held during the pass
     */
    public static HbmFootprint perChip(ModelConfig config, ChipSpec chip, MeshSplit split,
            AttentionLayout attention, int batch, long tokensPerSequence, long contextTokens) {
        return new HbmFootprint(weightsBytesPerChip(config, split),
                KvCacheSharding.bytesPerChip(config, split, attention, batch, contextTokens),
                activationBytesPerChip(config, split, batch, tokensPerSequence),
                chip.hbmCapacityBytes());
    }

    /**
     * One chip's footprint under a phase layout (its expert axes place an MoE model's experts; a dense model's
     * footprint is {@link #perChip(ModelConfig, ChipSpec, MeshSplit, AttentionLayout, int, long, long)}).
     */
    public static HbmFootprint perChip(ModelConfig config, ChipSpec chip, MeshSplit split, PhaseLayout layout,
            int batch, long tokensPerSequence, long contextTokens) {
        HbmFootprint dense = perChip(config, chip, split, layout.attention(), batch, tokensPerSequence, contextTokens);
        if (config.moe().isEmpty()) {
            return dense;
        }
        MeshAxes axes = layout.experts().orElseGet(() -> ExpertLayout.auto(config.moe().get(), split, 0));
        int ge = ExpertLayout.groupSize(axes, split);
        double tokens = (double) batch * tokensPerSequence;
        double routed = tokens / ge * config.model().dModel() * ACTIVATION_BYTES
                * (1 + 2.0 * config.moe().get().expertsPerToken());
        return new HbmFootprint(weightsBytesPerChip(config, split, Optional.of(axes)), dense.kvCacheBytes(),
                dense.activationsBytes() + routed, dense.capacityBytes());
    }

    /** Weight bytes on one chip (see the class comment for what is replicated); MoE experts by the auto axes. */
    public static double weightsBytesPerChip(ModelConfig config, MeshSplit split) {
        return weightsBytesPerChip(config, split, Optional.empty());
    }

    /**
     * Weight bytes on one chip with an MoE model's experts over {@code expertAxes} (empty: {@link ExpertLayout#auto}
     * for any token count); a dense model ignores them.
     */
    public static double weightsBytesPerChip(ModelConfig config, MeshSplit split, Optional<MeshAxes> expertAxes) {
        TransformerModel m = config.model();
        double kvProjectionPerLayerFull = m.keyValueParamsPerLayer();
        double kvProjectionPerLayerPerChip = 2.0 * m.dModel() / split.x()
                * Math.ceil((double) m.kvHeads() / split.yz()) * m.dHead();
        if (config.moe().isEmpty()) {
            double sharded = (m.parameterCount() - m.layers() * kvProjectionPerLayerFull) / split.chips();
            return (sharded + m.layers() * kvProjectionPerLayerPerChip) * config.weights().bytes();
        }
        MoeConfig e = config.moe().get();
        MeshAxes axes = expertAxes.orElseGet(() -> ExpertLayout.auto(e, split, 0));
        int ge = ExpertLayout.groupSize(axes, split);
        int gt = split.chips() / ge;
        double denseParams = (double) m.layers() * m.attentionParamsPerLayer()
                + (double) e.denseLayers() * m.ffnParamsPerLayer() + m.embeddingParams();
        double sharded = (denseParams - m.layers() * kvProjectionPerLayerFull) / split.chips();
        double perMoeLayer = (double) e.experts() / ge * e.paramsPerExpert(m) / gt
                + (double) e.sharedParams(m) / gt + e.routerParams(m);
        return (sharded + m.layers() * kvProjectionPerLayerPerChip + e.moeLayers(m) * perMoeLayer)
                * config.weights().bytes();
    }

    /**
     * {@link #activationBytesPerChip(TransformerModel, MeshSplit, int, long)}, with E/n padded up to ceil(E/n) when
     * the configuration pads shards ({@code model.pad_shards}) and E does not divide over n.
     */
    public static double activationBytesPerChip(ModelConfig config, MeshSplit split, int batch,
            long tokensPerSequence) {
        long e = config.model().dModel();
        int n = split.chips();
        if (config.padShards() && e % n != 0) {
            return 2.0 * batch * tokensPerSequence * ((e + n - 1) / n) * ACTIVATION_BYTES;
        }
        return activationBytesPerChip(config.model(), split, batch, tokensPerSequence);
    }

    /** The activation bound of the class comment: 2 x B x L x E / n bf16 elements. */
    public static double activationBytesPerChip(TransformerModel model, MeshSplit split, int batch,
            long tokensPerSequence) {
        return 2.0 * batch * tokensPerSequence * model.dModel() / split.chips() * ACTIVATION_BYTES;
    }

    public double totalBytes() {
        return weightsBytes + kvCacheBytes + activationsBytes;
    }

    public boolean fits() {
        return totalBytes() <= capacityBytes;
    }

    /** "needs 20.1 GiB per chip (weights 16.7, KV 2.3, activations 1.1), has 32.0 GiB". */
    public String explain() {
        return String.format(Locale.ROOT, "needs %.1f GiB per chip (weights %.1f, KV %.1f, activations %.1f), has %.1f GiB",
                totalBytes() / GIB, weightsBytes / GIB, kvCacheBytes / GIB, activationsBytes / GIB,
                capacityBytes / GIB);
    }
}
