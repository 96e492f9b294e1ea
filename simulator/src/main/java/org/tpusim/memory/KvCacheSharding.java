package org.tpusim.memory;

import static com.google.common.base.Preconditions.checkArgument;

import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.MeshSplit;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.TransformerModel;

/**
 * How much of the KV cache one chip holds (Pope et al. 2022, sec. 3.3, Fig 4). A chip holds K and V for
 * some sequences and some K/V heads, every layer and every context position:
 * bytes = 2 x layers x sequencesPerChip x context x kvHeadsPerChip x Q x bytes per element (with a sliding
 * window, "context" is the positions a layer holds on average, {@link ModelConfig#meanCachedPositions}).
 * <ul>
 *   <li>Head-sharded: every sequence; ceil(kvHeads / n) K/V heads. A multihead model with at least n heads
 *       splits them (64 heads on 64 chips: one each); with fewer heads than chips each head is partially
 *       replicated and a chip still holds one; a multiquery model's single K/V head is replicated on every
 *       chip, "and the memory cost savings of multiquery attention are lost".</li>
 *   <li>Batch-sharded: ceil(B / n) sequences, all their K/V heads. When B &lt; n each sequence's cache is
 *       replicated on n/B chips, so a chip still holds one sequence (App. D runs batch 4 on 64 chips).</li>
 * </ul>
 */
public final class KvCacheSharding {
    private KvCacheSharding() {
    }

    /** K/V heads whose cache one chip holds. */
    public static int kvHeadsPerChip(TransformerModel model, AttentionLayout attention, MeshSplit split) {
        return attention == AttentionLayout.HEAD ? ceilDiv(model.kvHeads(), split.chips()) : model.kvHeads();
    }

    /** Sequences whose cache one chip holds. */
    public static int sequencesPerChip(AttentionLayout attention, int batch, MeshSplit split) {
        checkArgument(batch > 0, "batch must be positive, got %s", batch);
        return attention == AttentionLayout.BATCH ? ceilDiv(batch, split.chips()) : batch;
    }

    /** KV-cache bytes one chip holds for one context position: 2 x layers x sequences x heads x Q x bytes. */
    public static double bytesPerChipPerToken(ModelConfig config, MeshSplit split, AttentionLayout attention,
            int batch) {
        TransformerModel m = config.model();
        return 2.0 * m.layers() * sequencesPerChip(attention, batch, split)
                * kvHeadsPerChip(m, attention, split) * m.dHead() * config.kvCache().bytes();
    }

    /**
     * KV-cache bytes one chip holds for a context of {@code contextTokens} positions of every sequence: the
     * per-token bytes times the positions a layer holds on average ({@link ModelConfig#meanCachedPositions}: a
     * layer with a sliding window of W holds at most W).
     */
    public static double bytesPerChip(ModelConfig config, MeshSplit split, AttentionLayout attention, int batch,
            long contextTokens) {
        checkArgument(contextTokens >= 0, "contextTokens must not be negative, got %s", contextTokens);
        if (!config.hasSlidingWindow()) {
            return bytesPerChipPerToken(config, split, attention, batch) * contextTokens;
        }
        return bytesPerChipPerToken(config, split, attention, batch) * config.meanCachedPositions(contextTokens);
    }

    /**
     * The longest context whose cache fits in {@code kvBudgetBytesPerChip} (Table 1's question): the inverse of
     * {@link #bytesPerChip}. With a window on every layer, any context fits once W positions do
     * ({@code Long.MAX_VALUE}).
     */
    public static long maxContextTokens(ModelConfig config, MeshSplit split, AttentionLayout attention, int batch,
            double kvBudgetBytesPerChip) {
        double positions = kvBudgetBytesPerChip / bytesPerChipPerToken(config, split, attention, batch);
        if (!config.hasSlidingWindow() || positions <= config.slidingWindowTokens()) {
            return (long) Math.floor(positions);
        }
        int layers = config.model().layers();
        int windowed = config.slidingWindowLayers();
        if (windowed == layers) {
            return Long.MAX_VALUE;
        }
        // mean positions = ((L - Lw) C + Lw W) / L  =>  C = (L x mean - Lw x W) / (L - Lw)
        return (long) Math.floor((layers * positions - (double) windowed * config.slidingWindowTokens())
                / (layers - windowed));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
