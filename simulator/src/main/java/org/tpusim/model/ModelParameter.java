package org.tpusim.model;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.tpusim.keys.Keyed;
import org.tpusim.keys.Keys;

/**
 * The dimensions that define a {@link TransformerModel}, each with its catalog and scenario key and its
 * meaning. Values are held as longs (flags as 0 or 1) between parsing and {@link #build}.
 */
public enum ModelParameter implements Keyed {
    LAYERS("layers", Kind.COUNT, "number of Transformer layers"),
    D_MODEL("d_model", Kind.COUNT, "model width E"),
    D_FF("d_ff", Kind.COUNT, "feedforward width F"),
    HEADS("heads", Kind.COUNT, "query heads H"),
    D_HEAD("d_head", Kind.COUNT, "width of one head Q"),
    KV_HEADS("kv_heads", Kind.COUNT, "K/V heads: 1 multiquery, = heads multihead"),
    FFN_MATRICES("ffn_matrices", Kind.COUNT, "feedforward weight matrices: 3 gated (SwiGLU), 2 plain (GELU)"),
    PARALLEL_BLOCK("parallel_block", Kind.FLAG, "attention and feedforward in parallel from one layernorm"),
    VOCAB("vocab", Kind.COUNT_OR_ZERO, "vocabulary size V"),
    TIED_EMBEDDINGS("tied_embeddings", Kind.FLAG, "input embedding shared with the output projection"),
    NOMINAL_PARAMS("nominal_params", Kind.BIG_COUNT, "the N of MFU = 2 N tokens / (chips x peak x time)");

    /** How a value is written: a whole number (int or, for BIG_COUNT, long) or a flag (true/false, held as 0/1). */
    public enum Kind { COUNT, COUNT_OR_ZERO, BIG_COUNT, FLAG }

    private final String key;
    private final Kind kind;
    private final String meaning;

    ModelParameter(String key, Kind kind, String meaning) {
        this.key = key;
        this.kind = kind;
        this.meaning = meaning;
    }

    @Override
    public String key() {
        return key;
    }

    public String meaning() {
        return meaning;
    }

    public static Optional<ModelParameter> fromKey(String key) {
        return Keys.fromKey(ModelParameter.class, key);
    }

    public static String allKeys() {
        return Keys.allKeys(ModelParameter.class);
    }

    public Kind kind() {
        return kind;
    }

    /** Why {@code value} cannot be this parameter's (flags are 0 or 1 already), or empty when it can. */
    public Optional<String> rejection(long value) {
        switch (kind) {
            case FLAG:
                return Optional.empty();
            case COUNT_OR_ZERO:
                return value < 0 ? Optional.of("expected a whole number >= 0") : Optional.empty();
            default:
                return value <= 0 ? Optional.of("expected a positive whole number") : Optional.empty();
        }
    }

    /** The value of every parameter of {@code m}. */
    public static Map<ModelParameter, Long> valuesOf(TransformerModel m) {
        Map<ModelParameter, Long> v = new EnumMap<>(ModelParameter.class);
        v.put(LAYERS, (long) m.layers());
        v.put(D_MODEL, (long) m.dModel());
        v.put(D_FF, (long) m.dFf());
        v.put(HEADS, (long) m.heads());
        v.put(D_HEAD, (long) m.dHead());
        v.put(KV_HEADS, (long) m.kvHeads());
        v.put(FFN_MATRICES, (long) m.ffnMatrices());
        v.put(PARALLEL_BLOCK, m.parallelBlock() ? 1L : 0L);
        v.put(VOCAB, (long) m.vocab());
        v.put(TIED_EMBEDDINGS, m.tiedEmbeddings() ? 1L : 0L);
        v.put(NOMINAL_PARAMS, m.nominalParams());
        return v;
    }

    /**
     * An unpadded model from a complete set of values.
     *
     * @throws IllegalArgumentException when the values are inconsistent (e.g. kv_heads does not divide heads)
     */
    public static TransformerModel build(String name, Map<ModelParameter, Long> v) {
        return TransformerModel.unpadded(name, Math.toIntExact(v.get(LAYERS)), Math.toIntExact(v.get(D_MODEL)),
                Math.toIntExact(v.get(D_FF)), Math.toIntExact(v.get(HEADS)), Math.toIntExact(v.get(D_HEAD)),
                Math.toIntExact(v.get(KV_HEADS)), Math.toIntExact(v.get(FFN_MATRICES)), v.get(PARALLEL_BLOCK) == 1,
                Math.toIntExact(v.get(VOCAB)), v.get(TIED_EMBEDDINGS) == 1, v.get(NOMINAL_PARAMS));
    }
}
