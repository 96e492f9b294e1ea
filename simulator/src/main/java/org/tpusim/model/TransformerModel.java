package org.tpusim.model;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * A decoder-only Transformer by its dimensions, in the notation of Pope et al. 2022 (sec. 3.1): layers,
 * E = {@code dModel}, F = {@code dFf}, H = {@code heads} (query heads as served), Q = {@code dHead}.
 *
 * <p>Attention kind follows from {@code kvHeads}: 1 is multiquery (one K/V head shared by all query heads,
 * sec. 3.3), {@code heads} is multihead, anything between is grouped. {@code ffnMatrices} is 3 for a gated
 * feedforward (PaLM's SwiGLU: W_in, W_gate, W_out) and 2 for a plain one (MT-NLG's GELU).
 * {@code trainedHeads} is the head count the model was trained with; it differs from {@code heads} only
 * after {@link #withPaddedHeads(int)} (PaLM 540B is served with 48 heads padded to 64, sec. 4).
 * {@code nominalParams} is the N the paper uses for MFU (540e9, 62e9, 8e9, 530e9), not the exact count.
 *
 * <p>What {@link #parameterCount()} counts, and what it leaves out (each omission is below 0.01% for the
 * catalogued models): attention W_Q and W_O (E x H·Q each) and W_K, W_V (E x kvHeads·Q each); the
 * feedforward, ffnMatrices x E x F; the token embedding, V x E, counted once when tied with the output
 * projection and twice otherwise. Not counted: biases (PaLM has none; MT-NLG's are ~0.3M per layer),
 * layer-norm scales and offsets (a few E per layer), learned position embeddings (MT-NLG: 2048 x E = 42M;
 * PaLM uses RoPE, which has no parameters).
 */
public record TransformerModel(
        String name,
        int layers,
        int dModel,
        int dFf,
        int heads,
        int dHead,
        int kvHeads,
        int ffnMatrices,
        boolean parallelBlock,
        int vocab,
        boolean tiedEmbeddings,
        long nominalParams,
        int trainedHeads) {

    public TransformerModel {
        Objects.requireNonNull(name, "name");
        checkArgument(layers > 0, "layers must be positive, got %s", layers);
        checkArgument(dModel > 0, "dModel must be positive, got %s", dModel);
        checkArgument(dFf > 0, "dFf must be positive, got %s", dFf);
        checkArgument(heads > 0, "heads must be positive, got %s", heads);
        checkArgument(dHead > 0, "dHead must be positive, got %s", dHead);
        checkArgument(kvHeads > 0 && heads % kvHeads == 0,
                "kvHeads must be positive and divide heads (%s), got %s", heads, kvHeads);
        checkArgument(ffnMatrices == 2 || ffnMatrices == 3, "ffnMatrices must be 2 or 3, got %s", ffnMatrices);
        checkArgument(vocab >= 0, "vocab must not be negative, got %s", vocab);
        checkArgument(nominalParams > 0, "nominalParams must be positive, got %s", nominalParams);
        checkArgument(trainedHeads > 0 && trainedHeads <= heads,
                "trainedHeads must be in 1..heads (%s), got %s", heads, trainedHeads);
    }

    /** A model that is served with the heads it was trained with, i.e. unpadded. */
    public static TransformerModel unpadded(String name, int layers, int dModel, int dFf, int heads, int dHead,
            int kvHeads, int ffnMatrices, boolean parallelBlock, int vocab, boolean tiedEmbeddings,
            long nominalParams) {
        return new TransformerModel(name, layers, dModel, dFf, heads, dHead, kvHeads, ffnMatrices, parallelBlock,
                vocab, tiedEmbeddings, nominalParams, heads);
    }

    /** One K/V head shared by every query head (Shazeer 2019; Pope et al. sec. 3.3). */
    public boolean isMultiquery() {
        return kvHeads == 1;
    }

    /** One K/V head per query head. */
    public boolean isMultihead() {
        return kvHeads == heads;
    }

    /** Whether {@link #withPaddedHeads(int)} added heads. */
    public boolean isPadded() {
        return heads != trainedHeads;
    }

    /** W_Q and W_O: 2 x E x H·Q. These carry the heads dimension and are sharded like the feedforward. */
    public long queryOutputParamsPerLayer() {
        return 2L * dModel * heads * dHead;
    }

    /** W_K and W_V: 2 x E x kvHeads·Q. */
    public long keyValueParamsPerLayer() {
        return 2L * dModel * kvHeads * dHead;
    }

    /** Attention projections of one layer: W_Q, W_K, W_V, W_O. */
    public long attentionParamsPerLayer() {
        return queryOutputParamsPerLayer() + keyValueParamsPerLayer();
    }

    /** Feedforward of one layer: ffnMatrices x E x F. */
    public long ffnParamsPerLayer() {
        return (long) ffnMatrices * dModel * dFf;
    }

    /** All weights of one layer (attention + feedforward; norms and biases not modelled). */
    public long paramsPerLayer() {
        return attentionParamsPerLayer() + ffnParamsPerLayer();
    }

    /** Token embedding V x E, once when tied with the output projection, twice when not. */
    public long embeddingParams() {
        return (tiedEmbeddings ? 1L : 2L) * vocab * dModel;
    }

    /** Exact parameter count of the model as served (padded heads included), see the class comment. */
    public long parameterCount() {
        return layers * paramsPerLayer() + embeddingParams();
    }

    /** K and V entries of one token in one layer: 2 x kvHeads x Q elements. */
    public long kvElementsPerTokenPerLayer() {
        return 2L * kvHeads * dHead;
    }

    /**
     * The model served with {@code paddedHeads} query heads (Pope et al. sec. 4: PaLM 540B's 48 heads are
     * padded to 64 "to partition more effectively on 64+ chips"). The added heads add W_Q and W_O columns;
     * a multihead model also gets a K/V head per added head; a multiquery model keeps its single K/V head.
     * The name gains "-heads{n}"; nominal N is unchanged (the paper's MFU still uses 540e9).
     */
    public TransformerModel withPaddedHeads(int paddedHeads) {
        checkArgument(paddedHeads >= heads, "cannot pad %s heads down to %s", heads, paddedHeads);
        if (paddedHeads == heads) {
            return this;
        }
        int newKv;
        if (isMultihead()) {
            newKv = paddedHeads;
        } else {
            checkArgument(paddedHeads % kvHeads == 0,
                    "padded heads %s must be a multiple of the %s K/V heads", paddedHeads, kvHeads);
            newKv = kvHeads;
        }
        return new TransformerModel(name + "-heads" + paddedHeads, layers, dModel, dFf, paddedHeads, dHead, newKv,
                ffnMatrices, parallelBlock, vocab, tiedEmbeddings, nominalParams, trainedHeads);
    }
}
