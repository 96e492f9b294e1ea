package org.tpusim.model;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import java.util.Optional;

/**
 * A model as a scenario serves it: its dimensions, the weight storage type and the KV-cache storage type.
 * {@code slidingWindowTokens} is the attention window a Hugging Face config declares (Mistral, Gemma 2,
 * Qwen2 with use_sliding_window), 0 when none: it is recorded but not modelled (the KV cache and attention
 * cover the whole context in every layer), see README "Models". {@code moe} holds the mixture-of-experts
 * part of an MoE model (README "Mixture of experts"); empty for a dense model.
 */
public record ModelConfig(TransformerModel model, DType weights, DType kvCache, int slidingWindowTokens,
                          Optional<MoeConfig> moe) {
    public ModelConfig {
        Objects.requireNonNull(moe, "moe");
        moe.ifPresent(e -> e.moeLayers(model));
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(kvCache, "kvCache");
        checkArgument(slidingWindowTokens >= 0, "slidingWindowTokens must not be negative, got %s",
                slidingWindowTokens);
    }

    /** A dense model. */
    public ModelConfig(TransformerModel model, DType weights, DType kvCache, int slidingWindowTokens) {
        this(model, weights, kvCache, slidingWindowTokens, Optional.empty());
    }

    /** A model without a sliding window. */
    public ModelConfig(TransformerModel model, DType weights, DType kvCache) {
        this(model, weights, kvCache, 0);
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
        return new ModelConfig(model, weights, kvCache, slidingWindowTokens, moe.map(e -> e.withRouting(routing)));
    }
}
