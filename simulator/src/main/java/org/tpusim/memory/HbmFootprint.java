package org.tpusim.memory;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Locale;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.MeshSplit;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.TransformerModel;

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

    /** Weight bytes on one chip (see the class comment for what is replicated). */
    public static double weightsBytesPerChip(ModelConfig config, MeshSplit split) {
        TransformerModel m = config.model();
        double kvProjectionPerLayerFull = m.keyValueParamsPerLayer();
        double kvProjectionPerLayerPerChip = 2.0 * m.dModel() / split.x()
                * Math.ceil((double) m.kvHeads() / split.yz()) * m.dHead();
        double sharded = (m.parameterCount() - m.layers() * kvProjectionPerLayerFull) / split.chips();
        return (sharded + m.layers() * kvProjectionPerLayerPerChip) * config.weights().bytes();
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
