package org.tpusim.model;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * A model as a scenario serves it: its dimensions, the weight storage type and the KV-cache storage type.
 * {@code slidingWindowTokens} is the attention window a Hugging Face config declares (Mistral, Gemma 2,
 * Qwen2 with use_sliding_window), 0 when none: it is recorded but not modelled (the KV cache and attention
 * cover the whole context in every layer), see README "Models".
 */
public record ModelConfig(TransformerModel model, DType weights, DType kvCache, int slidingWindowTokens) {
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
}
