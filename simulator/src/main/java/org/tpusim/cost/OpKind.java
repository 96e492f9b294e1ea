package org.tpusim.cost;

/** What an op does, which decides how {@link ChipCostModel} prices it. */
public enum OpKind {
    /** A dense matrix multiply on the matrix units, {@code [m,k] x [k,n]} per chip; tile-padded. */
    MATMUL,
    /** Attention scores and values against a KV cache: streams K and V; its FLOPs are small. */
    ATTENTION,
    /** Elementwise or reduction op (layernorm, activation, softmax, residual add, cache write): HBM-bound. */
    VECTOR
}
