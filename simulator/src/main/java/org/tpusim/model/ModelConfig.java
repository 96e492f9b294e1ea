package org.tpusim.model;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * A model as a scenario serves it: its dimensions, the weight storage type, the KV-cache storage type and the
 * matmul arithmetic ({@code activations}).
 * {@code slidingWindowTokens} is the attention window a Hugging Face config declares (Mistral, Gemma 2,
 * Qwen2 with use_sliding_window), 0 when none: it is recorded but not modelled (the KV cache and attention
 * cover the whole context in every layer), see README "Models".
 *
 * <p>{@code activations} is the format the matmuls multiply in: bf16 (any weights, dequantised on the fly), or
 * int8 / fp8 with weights of the same format (w8a8: the activations are quantised as they enter each matmul and
 * its int32/fp32 result is rescaled to bf16, so activation tensors in HBM and on the links stay bf16).
 */
public record ModelConfig(TransformerModel model, DType weights, DType kvCache, int slidingWindowTokens,
                          DType activations) {
    public ModelConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(kvCache, "kvCache");
        Objects.requireNonNull(activations, "activations");
        checkArgument(slidingWindowTokens >= 0, "slidingWindowTokens must not be negative, got %s",
                slidingWindowTokens);
        checkArgument(activations == DType.BF16 || activations == weights,
                "%s activations need %s weights (w8a8), found %s weights", activations.key(), activations.key(),
                weights.key());
    }

    /** bf16 activations (the matmuls run in bf16). */
    public ModelConfig(TransformerModel model, DType weights, DType kvCache, int slidingWindowTokens) {
        this(model, weights, kvCache, slidingWindowTokens, DType.BF16);
    }

    /** A model without a sliding window, with bf16 activations. */
    public ModelConfig(TransformerModel model, DType weights, DType kvCache) {
        this(model, weights, kvCache, 0);
    }

    /** The same model with matmuls in {@code format} (bf16, or the weights' own format for w8a8). */
    public ModelConfig withActivations(DType format) {
        return new ModelConfig(model, weights, kvCache, slidingWindowTokens, format);
    }
}
