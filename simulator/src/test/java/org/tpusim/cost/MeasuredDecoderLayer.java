package org.tpusim.cost;

import java.util.List;

/**
 * The op list of the PaLM-style parallel decoder layer that {@code measure_kernels.py} times
 * ({@code ParallelLayer.decode} / {@code .prefill}), one {@link OpDemand} per eager kernel, bf16:
 * {@code y = x + W_o Attn(LN(x)) + W_out gelu(W_in LN(x))}, multi-query (one K/V head), fused
 * {@code W_qkv [H*D + 2D, d_model]}.
 */
final class MeasuredDecoderLayer {
    private static final double BF16 = 2;

    private MeasuredDecoderLayer() {
    }

    /** Decode: B sequences, one new token each, attention over a cache of {@code ctx} positions. */
    static List<OpDemand> decode(long dModel, long dFf, long heads, long headDim, long batch, long ctx) {
        long hd = heads * headDim;
        long tokens = batch;
        return List.of(
                layerNorm(tokens, dModel),
                OpDemand.matmul("w_qkv", tokens, dModel, hd + 2 * headDim, BF16, BF16),
                // kc[:, 0, pos] = ...; vc[:, 0, pos] = ...: two strided copies of B x D
                OpDemand.elementwise("k_cache_write", batch * headDim, 1, 1, BF16),
                OpDemand.elementwise("v_cache_write", batch * headDim, 1, 1, BF16),
                // default SDPA, q-as-rows: the H query heads are H query rows against the one K/V head
                OpDemand.attentionOverCache("attention", batch, 1, heads, ctx, headDim, BF16),
                OpDemand.matmul("w_o", tokens, hd, dModel, BF16, BF16),
                OpDemand.matmul("w_in", tokens, dModel, dFf, BF16, BF16),
                OpDemand.elementwise("gelu", tokens * dFf, 1, 1, BF16),
                OpDemand.matmul("w_out", tokens, dFf, dModel, BF16, BF16),
                OpDemand.elementwise("residual_add_attn", tokens * dModel, 2, 1, BF16),
                OpDemand.elementwise("residual_add_ffn", tokens * dModel, 2, 1, BF16));
    }

    /** Prefill: B sequences of L tokens, causal attention, no KV cache written. */
    static List<OpDemand> prefill(long dModel, long dFf, long heads, long headDim, long batch, long length) {
        long hd = heads * headDim;
        long tokens = batch * length;
        return List.of(
                layerNorm(tokens, dModel),
                OpDemand.matmul("w_qkv", tokens, dModel, hd + 2 * headDim, BF16, BF16),
                OpDemand.causalSelfAttention("attention", batch, 1, heads, length, headDim, BF16),
                // a.transpose(1, 2).reshape(B, L, H*D) is not contiguous: one copy kernel
                OpDemand.elementwise("attention_out_transpose", tokens * hd, 1, 1, BF16),
                OpDemand.matmul("w_o", tokens, hd, dModel, BF16, BF16),
                OpDemand.matmul("w_in", tokens, dModel, dFf, BF16, BF16),
                OpDemand.elementwise("gelu", tokens * dFf, 1, 1, BF16),
                OpDemand.matmul("w_out", tokens, dFf, dModel, BF16, BF16),
                OpDemand.elementwise("residual_add_attn", tokens * dModel, 2, 1, BF16),
                OpDemand.elementwise("residual_add_ffn", tokens * dModel, 2, 1, BF16));
    }

    /** Layer norm with a gain only: reads x and the gain, writes the normalised x. */
    private static OpDemand layerNorm(long tokens, long dModel) {
        return OpDemand.vector("layer_norm", (tokens * dModel + dModel) * BF16, tokens * dModel * BF16);
    }

    static List<OpDemand> of(MeasuredTable.Row row) {
        long d = row.whole("d_model");
        long f = row.whole("d_ff");
        long h = row.whole("n_heads");
        long hd = row.whole("head_dim");
        long b = row.whole("b");
        long l = row.whole("l_or_ctx");
        return switch (row.text("mode")) {
            case "decode" -> decode(d, f, h, hd, b, l);
            case "prefill" -> prefill(d, f, h, hd, b, l);
            default -> throw new IllegalArgumentException(row.resource() + ":" + row.line() + ": mode "
                    + row.text("mode"));
        };
    }
}
