package org.tpusim.model;

import java.util.Objects;

/** A model as a scenario serves it: its dimensions, the weight storage type and the KV-cache storage type. */
public record ModelConfig(TransformerModel model, DType weights, DType kvCache) {
    public ModelConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(kvCache, "kvCache");
    }
}
