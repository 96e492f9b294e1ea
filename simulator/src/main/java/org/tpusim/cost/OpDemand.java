package org.tpusim.cost;

import com.google.common.base.Preconditions;

/**
 * What one op asks of one chip: its useful FLOPs and the HBM bytes it must read and write. Build one with
 * the factories, which derive FLOPs and bytes from the shape; the record itself is a plain value.
 *
 * <p>Modelled: every operand crosses HBM exactly once per op (weights, activations in, activations out),
 * as for consecutive layers that do not fit in on-chip memory. Simplified: no cache reuse between ops,
 * no fusion (a fused op is one {@code OpDemand} with the fused bytes).
 *
 * @param name          label for breakdowns, e.g. {@code "ffn.w_in"}
 * @param kind          how the op is priced
 * @param m             MATMUL only: rows of the activation operand per chip (tokens); 0 otherwise
 * @param k             MATMUL only: contracted dimension per chip; 0 otherwise
 * @param n             MATMUL only: output columns per chip; 0 otherwise
 * @param flops         useful FLOPs (for MATMUL exactly 2mkn; padding is the cost model's business)
 * @param hbmReadBytes  bytes read from HBM
 * @param hbmWriteBytes bytes written to HBM
 * @param parallelUnits independent work units the op's kernel spreads over the chip's cores, or
 *                      {@link #FILLS_CHIP} when there are always enough (see {@link ChipCostModel})
 * @param scores        ATTENTION only: attention scores (query-key pairs) the op computes; the cost model adds
 *                      the chip's {@code attention_score_bytes} of HBM traffic per score; 0 otherwise
 */
public record OpDemand(String name, OpKind kind, long m, long k, long n, double flops, double hbmReadBytes,
                       double hbmWriteBytes, long parallelUnits, double scores) {

    /** {@link #parallelUnits} of an op whose kernel always splits its work finely enough to use every core. */
    public static final long FILLS_CHIP = Long.MAX_VALUE;

    public OpDemand {
        Preconditions.checkArgument(name != null && !name.isBlank(), "op needs a name");
        Preconditions.checkArgument(kind != null, "op %s needs a kind", name);
        Preconditions.checkArgument(m >= 0 && k >= 0 && n >= 0, "op %s: negative dimension", name);
        Preconditions.checkArgument(kind == OpKind.MATMUL ? m > 0 && k > 0 && n > 0 : m == 0 && k == 0 && n == 0,
                "op %s: m, k, n must be positive for MATMUL and 0 otherwise, found %s x %s x %s", name, m, k, n);
        Preconditions.checkArgument(flops >= 0 && hbmReadBytes >= 0 && hbmWriteBytes >= 0,
                "op %s: negative FLOPs or bytes", name);
        Preconditions.checkArgument(parallelUnits > 0, "op %s: parallelUnits must be positive", name);
        Preconditions.checkArgument(scores >= 0 && (kind == OpKind.ATTENTION || scores == 0),
                "op %s: scores must be non-negative and only on ATTENTION ops, found %s", name, scores);
    }

    /** An op without attention scores. */
    public OpDemand(String name, OpKind kind, long m, long k, long n, double flops, double hbmReadBytes,
                    double hbmWriteBytes, long parallelUnits) {
        this(name, kind, m, k, n, flops, hbmReadBytes, hbmWriteBytes, parallelUnits, 0);
    }

    /**
     * {@code out[m,n] = act[m,k] x weight[k,n]}: reads the weights and the input activations, writes the
     * output activations. Int8 weights are {@code weightBytesPerElement = 1}: they are loaded as one byte
     * but the arithmetic runs in bf16 at the bf16 peak (Pope et al. 2022, sec. 3.6), so FLOPs do not change.
     * Library GEMMs split small outputs along k (split-K), so the op fills the chip.
     */
    public static OpDemand matmul(String name, long m, long k, long n, double weightBytesPerElement,
                                  double actBytesPerElement) {
        Preconditions.checkArgument(weightBytesPerElement > 0 && actBytesPerElement > 0,
                "op %s: bytes per element must be positive", name);
        double flops = 2.0 * m * k * n;
        double read = (double) k * n * weightBytesPerElement + (double) m * k * actBytesPerElement;
        double write = (double) m * n * actBytesPerElement;
        return new OpDemand(name, OpKind.MATMUL, m, k, n, flops, read, write, FILLS_CHIP);
    }

    /**
     * Attention of new query rows against a KV cache (decode): per sequence and KV head,
     * {@code softmax(q K^T) V} over {@code contextLength} cached positions, where each KV head serves
     * {@code queryRowsPerKvHead} query rows (query heads sharing it, times new tokens; multi-query
     * attention has one KV head for all query heads). Reads K and V once and the queries; writes the
     * output; its rows x context scores move {@code attention_score_bytes} each (see {@link ChipCostModel}).
     * FLOPs: {@code 4 x rows x context x headDim} per (sequence, KV head) (two matmuls). The context may be
     * fractional: a mean over layers of different windows (a sliding window, {@code ModelConfig}).
     *
     * <p>Work units: one per (sequence, KV head), as in kernels that do not split the context (PyTorch's
     * default cuDNN SDPA on H100, reference/measured-h100 caveat 2). A split-context kernel
     * (flash-decoding) is {@code withParallelUnits(FILLS_CHIP)}.
     */
    public static OpDemand attentionOverCache(String name, long sequences, long kvHeads, long queryRowsPerKvHead,
                                              double contextLength, long headDim, double bytesPerElement) {
        Preconditions.checkArgument(sequences > 0 && kvHeads > 0 && queryRowsPerKvHead > 0 && contextLength > 0
                && headDim > 0 && bytesPerElement > 0, "op %s: attention sizes must be positive", name);
        double pairs = (double) sequences * kvHeads;
        double flops = 4.0 * pairs * queryRowsPerKvHead * contextLength * headDim;
        double kvBytes = 2.0 * pairs * contextLength * headDim * bytesPerElement;
        double qBytes = pairs * queryRowsPerKvHead * headDim * bytesPerElement;
        return new OpDemand(name, OpKind.ATTENTION, 0, 0, 0, flops, kvBytes + qBytes, qBytes,
                sequences * kvHeads, pairs * queryRowsPerKvHead * contextLength);
    }

    /**
     * Causal self-attention over a prompt of {@code length} tokens (prefill), flash-style: Q, K and V are
     * read once, the output written once; the L(L+1)/2 causal scores per query head reach HBM only as the
     * chip's {@code attention_score_bytes} say (0: flash-style, never). FLOPs count the causal
     * pairs only, {@code 4 x queryHeads x headDim x L(L+1)/2} per sequence. The kernel splits over
     * sequences, heads and query blocks, so it fills the chip.
     */
    public static OpDemand causalSelfAttention(String name, long sequences, long kvHeads, long queryHeadsPerKvHead,
                                               long length, long headDim, double bytesPerElement) {
        Preconditions.checkArgument(sequences > 0 && kvHeads > 0 && queryHeadsPerKvHead > 0 && length > 0
                && headDim > 0 && bytesPerElement > 0, "op %s: attention sizes must be positive", name);
        double queryHeads = (double) kvHeads * queryHeadsPerKvHead;
        double causalPairs = length * (length + 1.0) / 2.0;
        double flops = 4.0 * sequences * queryHeads * headDim * causalPairs;
        double tokenBytes = (double) sequences * length * headDim * bytesPerElement;
        double read = tokenBytes * (queryHeads + 2.0 * kvHeads);
        double write = tokenBytes * queryHeads;
        return new OpDemand(name, OpKind.ATTENTION, 0, 0, 0, flops, read, write, FILLS_CHIP,
                sequences * queryHeads * causalPairs);
    }

    /**
     * An elementwise op over {@code elements} elements that reads {@code operandsRead} tensors of that
     * size and writes {@code operandsWritten}: a residual add is (2, 1), an activation or a copy (1, 1).
     */
    public static OpDemand elementwise(String name, long elements, int operandsRead, int operandsWritten,
                                       double bytesPerElement) {
        Preconditions.checkArgument(elements > 0 && operandsRead >= 0 && operandsWritten >= 0 && bytesPerElement > 0,
                "op %s: elementwise sizes must be positive", name);
        double bytes = (double) elements * bytesPerElement;
        return vector(name, bytes * operandsRead, bytes * operandsWritten);
    }

    /** A vector op given directly by its HBM traffic (e.g. layernorm: the input, the gain, the output). */
    public static OpDemand vector(String name, double hbmReadBytes, double hbmWriteBytes) {
        return new OpDemand(name, OpKind.VECTOR, 0, 0, 0, 0, hbmReadBytes, hbmWriteBytes, FILLS_CHIP);
    }

    /**
     * The same op with other useful FLOPs (e.g. a sliding window's fewer attended pairs); K/V and query bytes
     * unchanged, attention scores in proportion to the FLOPs.
     */
    public OpDemand withFlops(double usefulFlops) {
        // an attention's scores are its (query, key) pairs, 4 x headDim FLOPs each: they scale with the FLOPs
        double scaledScores = flops > 0 ? scores * (usefulFlops / flops) : scores;
        return new OpDemand(name, kind, m, k, n, usefulFlops, hbmReadBytes, hbmWriteBytes, parallelUnits,
                scaledScores);
    }

    /** The same op run by a kernel with a different number of independent work units. */
    public OpDemand withParallelUnits(long units) {
        return new OpDemand(name, kind, m, k, n, flops, hbmReadBytes, hbmWriteBytes, units, scores);
    }

    public double hbmBytes() {
        return hbmReadBytes + hbmWriteBytes;
    }

    /**
     * MATMUL: the weight operand's bytes ({@code k x n x bytes per weight}: what is read beyond the input
     * activations, whose bytes per element are the output's); 0 for other kinds.
     */
    public double weightBytes() {
        if (kind != OpKind.MATMUL) {
            return 0;
        }
        return Math.max(0, hbmReadBytes - (double) k * hbmWriteBytes / n);
    }
}
