package org.tpusim.model;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * A model as a scenario serves it: its dimensions, the weight storage type and the KV-cache storage type.
 * {@code slidingWindowTokens} is the attention window a Hugging Face config declares (Mistral, Gemma 2,
 * Qwen2 with use_sliding_window), 0 when none: it is recorded but not modelled (the KV cache and attention
 * cover the whole context in every layer), see README "Models".
 *
 * <p>{@code padShards} ({@code model.pad_shards}): activation feature dimensions that do not split evenly over
 * their chips (d_model over n for the residual BLE_xyz, the middle's columns over n or R) are padded up to the next
 * multiple instead of making the layout infeasible; every chip then holds and computes the padded shard (see
 * {@code ProgramShapes}). Weight splits (E over X, F over YZ) and batch splits must still divide.
 */
public record ModelConfig(TransformerModel model, DType weights, DType kvCache, int slidingWindowTokens,
                          boolean padShards) {
    public ModelConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(kvCache, "kvCache");
        checkArgument(slidingWindowTokens >= 0, "slidingWindowTokens must not be negative, got %s",
                slidingWindowTokens);
    }

    /** A model without a sliding window. */
    public ModelConfig(TransformerModel model, DType weights, DType kvCache) {
        this(model, weights, kvCache, 0);
    }

    /** A model whose shards must all divide evenly (no padding). */
    public ModelConfig(TransformerModel model, DType weights, DType kvCache, int slidingWindowTokens) {
        this(model, weights, kvCache, slidingWindowTokens, false);
    }

    /** This configuration with shard padding on or off. */
    public ModelConfig withPadShards(boolean pad) {
        return new ModelConfig(model, weights, kvCache, slidingWindowTokens, pad);
    }
}
