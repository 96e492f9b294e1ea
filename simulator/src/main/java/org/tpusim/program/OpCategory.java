package org.tpusim.program;

/** What a program op is for: the rows of the per-op time breakdown. */
public enum OpCategory {
    EMBEDDING("embedding"),
    LAYERNORM("layernorm"),
    QKV_PROJECTION("qkv projection"),
    ATTENTION("attention"),
    OUTPUT_PROJECTION("output projection"),
    FFN_IN("ffn input einsum"),
    ACTIVATION("activation"),
    FFN_OUT("ffn output einsum"),
    RESIDUAL("residual"),
    UNEMBEDDING("unembedding"),
    SAMPLING("sampling"),
    ACTIVATION_COMMUNICATION("activation communication"),
    WEIGHT_COMMUNICATION("weight communication"),
    ATTENTION_COMMUNICATION("attention all-to-all"),
    /** MoE router: the E x experts matmul and the top-k. */
    MOE_ROUTER("router"),
    /** MoE routed and shared experts' matmuls and activations. */
    EXPERT_FFN("expert ffn"),
    /** MoE dispatch and combine all-to-alls over the expert axes, and the reshards around them. */
    EXPERT_ALL_TO_ALL("expert all-to-all");

    private final String label;

    OpCategory(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
