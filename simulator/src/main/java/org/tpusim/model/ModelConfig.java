package org.tpusim.model;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import java.util.Optional;

/**
 * A model as a scenario serves it: its dimensions, the weight storage type, the KV-cache storage type, the
 * matmul arithmetic ({@code activations}) and its sliding-window attention.
 *
 * <p>{@code activations} is the format the matmuls multiply in: bf16 (any weights, dequantised on the fly), or
 * int8 / fp8 with weights of the same format (w8a8: the activations are quantised as they enter each matmul and
 * its int32/fp32 result is rescaled to bf16, so activation tensors in HBM and on the links stay bf16).
 *
 * <p><b>Sliding window.</b> {@code slidingWindowTokens} W (0: none) is the attention window of the
 * {@code slidingWindowLayers} layers that have one (Mistral: every layer; Gemma 2: every other layer; Qwen2 with
 * use_sliding_window: the layers from max_window_layers on); the others attend to the whole context. A windowed
 * layer's newest token attends to its last W positions (itself included) and the layer keeps only those W
 * positions in its KV cache (a ring buffer), so its cache and its KV reads stop growing at W.
 * The program repeats one layer, so windowed and global layers are written as one layer attending to the mean
 * over layers ({@link #meanCachedPositions}, {@link #meanAttendedPairs}): exact for the KV cache's bytes and the
 * attention's FLOPs and KV reads summed over layers.
 *
 * <p>{@code padShards} ({@code model.pad_shards}): activation feature dimensions that do not split evenly over
 * their chips (d_model over n for the residual BLE_xyz, the middle's columns over n or R) are padded up to the next
 * multiple instead of making the layout infeasible; every chip then holds and computes the padded shard (see
 * {@code ProgramShapes}). Weight splits (E over X, F over YZ) and batch splits must still divide.
 *
 * <p>{@code moe} holds the mixture-of-experts part of an MoE model (README "Mixture of experts"); empty for a
 * dense model.
 */
public record ModelConfig(TransformerModel model, DType weights, DType kvCache, int slidingWindowTokens,
                          DType activations, int slidingWindowLayers, boolean padShards, Optional<MoeConfig> moe) {
    public ModelConfig {
        Objects.requireNonNull(moe, "moe");
        moe.ifPresent(e -> e.moeLayers(model));
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(kvCache, "kvCache");
        Objects.requireNonNull(activations, "activations");
        checkArgument(slidingWindowTokens >= 0, "slidingWindowTokens must not be negative, got %s",
                slidingWindowTokens);
        checkArgument(slidingWindowTokens == 0 ? slidingWindowLayers == 0
                        : slidingWindowLayers >= 0 && slidingWindowLayers <= model.layers(),
                "slidingWindowLayers must be 0 without a window and 0 to %s layers with one, got %s", model.layers(),
                slidingWindowLayers);
        checkArgument(activations == DType.BF16 || activations == weights,
                "%s activations need %s weights (w8a8), found %s weights", activations.key(), activations.key(),
                weights.key());
    }

    /** A dense model. */
    public ModelConfig(TransformerModel model, DType weights, DType kvCache, int slidingWindowTokens,
                       DType activations, int slidingWindowLayers, boolean padShards) {
        this(model, weights, kvCache, slidingWindowTokens, activations, slidingWindowLayers, padShards,
                Optional.empty());
    }

    /** bf16 activations, a window on every layer, no shard padding, the given mixture of experts. */
    public ModelConfig(TransformerModel model, DType weights, DType kvCache, int slidingWindowTokens,
                       Optional<MoeConfig> moe) {
        this(model, weights, kvCache, slidingWindowTokens, DType.BF16, slidingWindowTokens > 0 ? model.layers() : 0,
                false, moe);
    }

    /** Shards that must all divide evenly (no padding). */
    public ModelConfig(TransformerModel model, DType weights, DType kvCache, int slidingWindowTokens,
                       DType activations, int slidingWindowLayers) {
        this(model, weights, kvCache, slidingWindowTokens, activations, slidingWindowLayers, false, Optional.empty());
    }

    /** bf16 activations, a window on every layer, shard padding on or off. */
    public ModelConfig(TransformerModel model, DType weights, DType kvCache, int slidingWindowTokens,
                       boolean padShards) {
        this(model, weights, kvCache, slidingWindowTokens, DType.BF16,
                slidingWindowTokens > 0 ? model.layers() : 0, padShards);
    }

    /** A window on every layer (none when {@code slidingWindowTokens} is 0). */
    public ModelConfig(TransformerModel model, DType weights, DType kvCache, int slidingWindowTokens,
                       DType activations) {
        this(model, weights, kvCache, slidingWindowTokens, activations,
                slidingWindowTokens > 0 ? model.layers() : 0);
    }

    /** bf16 activations (the matmuls run in bf16); a window on every layer. */
    public ModelConfig(TransformerModel model, DType weights, DType kvCache, int slidingWindowTokens) {
        this(model, weights, kvCache, slidingWindowTokens, DType.BF16);
    }

    /** A model without a sliding window, with bf16 activations. */
    public ModelConfig(TransformerModel model, DType weights, DType kvCache) {
        this(model, weights, kvCache, 0);
    }

    /** This configuration with shard padding on or off. */
    public ModelConfig withPadShards(boolean pad) {
        return new ModelConfig(model, weights, kvCache, slidingWindowTokens, activations, slidingWindowLayers, pad,
                moe);
    }

    /** The same model with matmuls in {@code format} (bf16, or the weights' own format for w8a8). */
    public ModelConfig withActivations(DType format) {
        return new ModelConfig(model, weights, kvCache, slidingWindowTokens, format, slidingWindowLayers, padShards,
                moe);
    }

    /** Whether some layer attends within a window. */
    public boolean hasSlidingWindow() {
        return slidingWindowTokens > 0 && slidingWindowLayers > 0;
    }

    /**
     * KV-cache positions a layer holds, averaged over the layers, when the context is {@code contextTokens}:
     * (global layers x C + windowed layers x min(C, W)) / layers. C without a window.
     */
    public double meanCachedPositions(long contextTokens) {
        if (!hasSlidingWindow()) {
            return contextTokens;
        }
        double windowed = Math.min(contextTokens, slidingWindowTokens);
        return ((double) (model.layers() - slidingWindowLayers) * contextTokens + slidingWindowLayers * windowed)
                / model.layers();
    }

    /**
     * (query, key) pairs one sequence's {@code newTokens} new tokens attend to after {@code historyTokens} cached
     * ones, per K/V head and averaged over the layers: new token i (1-based) attends to h + i positions on a
     * global layer and to min(h + i, W) on a windowed one. Global: n·h + n(n+1)/2; windowed, with k = the
     * tokens still inside the window = clamp(W - h, 0, n): k·h + k(k+1)/2 + (n - k)·W.
     */
    public double meanAttendedPairs(long historyTokens, long newTokens) {
        double h = historyTokens;
        double n = newTokens;
        double global = n * h + n * (n + 1) / 2;
        if (!hasSlidingWindow()) {
            return global;
        }
        double w = slidingWindowTokens;
        double k = Math.max(0, Math.min(w - h, n));
        double windowed = k * h + k * (k + 1) / 2 + (n - k) * w;
        return ((model.layers() - slidingWindowLayers) * global + slidingWindowLayers * windowed) / model.layers();
    }

    /**
     * Cached positions (before this pass) whose K/V some new token of a windowed layer reads, averaged over the
     * layers: h on a global layer; on a windowed one the first new token reaches back W - 1 positions, so
     * min(h, W - 1).
     */
    public double meanHistoryPositionsRead(long historyTokens) {
        if (!hasSlidingWindow()) {
            return historyTokens;
        }
        double windowed = Math.min(historyTokens, slidingWindowTokens - 1L);
        return ((double) (model.layers() - slidingWindowLayers) * historyTokens + slidingWindowLayers * windowed)
                / model.layers();
    }

    /** {@link #moe()} or null, for results.json (a dense model's echo has no moe key). */
    public MoeConfig moeOrNull() {
        return moe.orElse(null);
    }

    /** Parameters stored: the MoE count for an MoE model, {@link TransformerModel#parameterCount()} otherwise. */
    public long totalParams() {
        return moe.map(e -> e.totalParams(model)).orElse(model.parameterCount());
    }

    /** Parameters one token uses: {@link MoeConfig#activeParams} for an MoE model, all of them otherwise. */
    public long activeParams() {
        return moe.map(e -> e.activeParams(model)).orElse(model.parameterCount());
    }

    /** The same model with another routing (an MoE model; a dense model is returned as it is). */
    public ModelConfig withRouting(MoeConfig.Routing routing) {
        return new ModelConfig(model, weights, kvCache, slidingWindowTokens, activations, slidingWindowLayers, padShards,
                moe.map(e -> e.withRouting(routing)));
    }
}
