package org.tpusim.scenario;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tpusim.input.InputException;
import org.tpusim.input.YamlNode;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.ModelParameter;
import org.tpusim.model.MoeConfig;
import org.tpusim.model.MoeParameter;
import org.tpusim.model.RoutingKind;
import org.tpusim.model.TransformerModel;

/**
 * Reads a scenario's {@code model:} block into a {@link ModelConfig}. Two forms:
 * <pre>
 * model: {preset: palm-540b, pad_heads_to: 64, weights: int8}          # a catalog model, any key overridable
 * model: {layers: 4, d_model: 1024, d_ff: 4096, heads: 8, d_head: 128, vocab: 32000, weights: bf16}
 * </pre>
 * Without a preset, {@code layers, d_model, d_ff, heads, d_head, vocab} are required; {@code kv_heads}
 * defaults to {@code heads} (multihead), {@code ffn_matrices} to 2, {@code parallel_block} to false,
 * {@code tied_embeddings} to true and {@code nominal_params} to the exact parameter count.
 * {@code weights} (bf16 | int8 | fp8) is required; {@code kv_cache_dtype} (bf16 | int8 | fp8) defaults to bf16
 * (the paper never quantises the KV cache; Table 1 reproduces with 2-byte entries); {@code activations}
 * (bf16 | int8 | fp8, default bf16) is the matmuls' arithmetic: int8 or fp8 need weights of the same format
 * (w8a8). Whether the chip has a format is checked by the scenario loader ({@code Arithmetic.missing}). {@code pad_heads_to} serves the model
 * with more query heads ({@link TransformerModel#withPaddedHeads}). {@code name} names an explicit model
 * (default "custom"); a preset keeps its catalog name. {@code hf_config: path/config.json} (relative to the
 * scenario file) takes the dimensions from a Hugging Face config instead ({@link HfConfigReader}); like a
 * preset, any key may override them, and {@code nominal_params} defaults to the exact count.
 */
public final class ModelSpecReader {
    private static final List<ModelParameter> REQUIRED_WITHOUT_PRESET = List.of(ModelParameter.LAYERS,
            ModelParameter.D_MODEL, ModelParameter.D_FF, ModelParameter.HEADS, ModelParameter.D_HEAD,
            ModelParameter.VOCAB);

    private ModelSpecReader() {
    }

    /** Keys the {@code model:} block accepts. */
    public static Set<String> acceptedKeys() {
        Set<String> keys = new HashSet<>(Set.of("preset", "hf_config", "name", "weights", "kv_cache_dtype",
                "activations", "pad_heads_to", "pad_shards", "sliding_window", "sliding_window_layers", "routing"));
        for (MoeParameter p : MoeParameter.values()) {
            keys.add(p.key());
        }
        for (ModelParameter p : ModelParameter.values()) {
            keys.add(p.key());
        }
        return keys;
    }

    /** Reads the {@code model:} mapping; every error names the file, line and key path. */
    public static ModelConfig read(YamlNode.Mapping node, ModelCatalog catalog) {
        return read(node, catalog, Path.of("."));
    }

    /** Reads the {@code model:} mapping; an {@code hf_config} path is relative to {@code baseDir}. */
    public static ModelConfig read(YamlNode.Mapping node, ModelCatalog catalog, Path baseDir) {
        return read(node, catalog, baseDir, 1);
    }

    /**
     * Reads the {@code model:} mapping; an {@code hf_config} path and a routing file are relative to
     * {@code baseDir}, and an MoE routing without a seed takes {@code seed} (the scenario's).
     */
    public static ModelConfig read(YamlNode.Mapping node, ModelCatalog catalog, Path baseDir, long seed) {
        node.onlyKeys(acceptedKeys());
        Map<MoeParameter, Long> moe = new EnumMap<>(MoeParameter.class);
        Map<ModelParameter, Long> values = new EnumMap<>(ModelParameter.class);
        String name;
        int slidingWindow = 0;
        int windowLayers = -1;                   // -1: every layer, once the model's layer count is known
        if (node.has("preset") && node.has("hf_config")) {
            throw node.require("hf_config", "").error("expected one of 'preset' or 'hf_config', not both");
        }
        if (node.has("hf_config")) {
            HfConfigReader.Result hf = readHfConfig(node.require("hf_config", "a path to a config.json"), baseDir);
            values.putAll(hf.values());
            moe.putAll(hf.moe());
            slidingWindow = hf.slidingWindowTokens();
            windowLayers = slidingWindow > 0 ? hf.slidingWindowLayers() : -1;
            name = node.optional("name").map(n -> n.asScalar().asString()).orElse(hf.name());
        } else if (node.has("preset")) {
            YamlNode presetNode = node.require("preset", "a catalog model name");
            if (node.has("name")) {
                throw node.require("name", "").error("a preset keeps its catalog name; remove 'name' or 'preset'");
            }
            ModelCatalog.Entry entry = catalog.require(presetNode.asScalar().asString(), presetNode);
            values.putAll(ModelParameter.valuesOf(entry.model()));
            moe.putAll(entry.moe());
            name = entry.model().name();
            slidingWindow = entry.slidingWindowTokens();
            windowLayers = slidingWindow > 0 ? entry.slidingWindowLayers() : -1;
        } else {
            for (ModelParameter p : REQUIRED_WITHOUT_PRESET) {
                node.require(p.key(), p.meaning() + " (or a 'preset': " + String.join(", ", catalog.names()) + ")");
            }
            name = node.optional("name").map(n -> n.asScalar().asString()).orElse("custom");
        }
        for (ModelParameter p : ModelParameter.values()) {
            node.optional(p.key()).ifPresent(n -> values.put(p, readValue(p, n.asScalar())));
        }
        for (MoeParameter p : MoeParameter.values()) {
            node.optional(p.key()).ifPresent(n -> moe.put(p, readMoeValue(p, n.asScalar())));
        }
        values.putIfAbsent(ModelParameter.KV_HEADS, values.get(ModelParameter.HEADS));
        values.putIfAbsent(ModelParameter.FFN_MATRICES, 2L);
        values.putIfAbsent(ModelParameter.PARALLEL_BLOCK, 0L);
        values.putIfAbsent(ModelParameter.TIED_EMBEDDINGS, 1L);
        boolean nominalGiven = values.containsKey(ModelParameter.NOMINAL_PARAMS);
        values.putIfAbsent(ModelParameter.NOMINAL_PARAMS, 1L);

        TransformerModel model = build(node, name, values);
        Optional<MoeConfig> moeConfig = moe(node, moe, model, baseDir, seed);
        if (!nominalGiven) {
            // MFU's N: FLOPs per token are 2 x the parameters a token uses (the active ones of an MoE model)
            TransformerModel built = model;
            values.put(ModelParameter.NOMINAL_PARAMS, moeConfig.map(e -> e.activeParams(built))
                    .orElse(model.parameterCount()));
            model = build(node, name, values);
        }
        if (node.has("pad_heads_to")) {
            model = pad(node.require("pad_heads_to", "").asScalar(), model);
        }
        DType weights = dtype(node.require("weights", "the weight storage type, one of " + DType.allKeys()));
        DType kv = node.optional("kv_cache_dtype").map(ModelSpecReader::dtype).orElse(DType.BF16);
        DType activations = DType.BF16;
        if (node.has("activations")) {
            YamlNode at = node.require("activations", "");
            activations = dtype(at);
            if (activations != DType.BF16 && activations != weights) {
                throw at.error(activations.key() + " activations multiply " + activations.key() + " weights (w8a8 on "
                        + "the " + activations.key() + " matrix unit), found weights " + weights.key() + "; expected bf16"
                        + " or weights: " + activations.key());
            }
        }
        if (node.has("sliding_window")) {
            slidingWindow = windowTokens(node.require("sliding_window", "").asScalar());
        }
        if (node.has("sliding_window_layers")) {
            YamlNode.Scalar at = node.require("sliding_window_layers", "").asScalar();
            if (slidingWindow == 0) {
                throw at.error("sliding_window_layers needs a sliding_window (tokens > 0)");
            }
            windowLayers = windowLayers(at, model);
        }
        if (windowLayers < 0 || windowLayers > model.layers()) {
            windowLayers = model.layers();       // a window given alone applies to every layer (Mistral)
        }
        boolean padShards = node.optional("pad_shards").map(n -> n.asScalar().asBoolean()).orElse(false);
        return new ModelConfig(model, weights, kv, slidingWindow, activations, slidingWindow > 0 ? windowLayers : 0,
                padShards, moeConfig);
    }

    /** A sliding window in tokens: 0 (none) to 2^31 - 1. */
    static int windowTokens(YamlNode.Scalar s) {
        long v = s.asLong();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw s.error("expected a window in tokens from 0 (none) to " + Integer.MAX_VALUE + ", found " + s.describe());
        }
        return (int) v;
    }

    /** The number of layers with the sliding window: 1 to the model's layers. */
    static int windowLayers(YamlNode.Scalar s, TransformerModel model) {
        long v = s.asLong();
        if (v < 1 || v > model.layers()) {
            throw s.error("expected a number of layers from 1 to the model's " + model.layers() + ", found "
                    + s.describe());
        }
        return (int) v;
    }

    /** The MoE part: empty for a dense model (no expert keys); {@code routing} only for an MoE model. */
    private static Optional<MoeConfig> moe(YamlNode.Mapping node, Map<MoeParameter, Long> values, TransformerModel m,
            Path baseDir, long seed) {
        if (values.isEmpty()) {
            if (node.has("routing")) {
                throw node.require("routing", "").error("routing belongs to a mixture-of-experts model (this model has"
                        + " no experts; give experts, experts_per_token and expert_d_ff)");
            }
            return Optional.empty();
        }
        for (MoeParameter p : List.of(MoeParameter.EXPERTS, MoeParameter.EXPERTS_PER_TOKEN, MoeParameter.EXPERT_D_FF)) {
            if (!values.containsKey(p)) {
                throw node.error("a mixture-of-experts model needs " + p.key() + " (" + p.meaning() + ")");
            }
        }
        long x = values.get(MoeParameter.EXPERTS);
        long k = values.get(MoeParameter.EXPERTS_PER_TOKEN);
        if (k > x) {
            throw node.optional("experts_per_token").orElse(node).error("experts_per_token " + k
                    + " must be at most experts " + x);
        }
        long dense = values.getOrDefault(MoeParameter.DENSE_LAYERS, 0L);
        if (dense >= m.layers()) {
            throw node.optional("dense_layers").orElse(node).error("dense_layers " + dense + " must be below layers "
                    + m.layers() + " (expected at least one MoE layer)");
        }
        MoeConfig.Routing routing = node.optional("routing")
                .map(r -> RoutingReader.read(r, baseDir, seed, (int) x, (int) k))
                .orElse(new MoeConfig.Routing(RoutingKind.UNIFORM, 0, new double[0], "", seed, 0));
        try {
            return Optional.of(MoeParameter.build(values, routing));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw node.error("inconsistent mixture of experts: " + e.getMessage());
        }
    }

    /** Reads an MoE parameter: a whole number of at least {@link MoeParameter#min()}. */
    static long readMoeValue(MoeParameter p, YamlNode.Scalar s) {
        int v = s.asInt();
        if (v < p.min() || v > p.max()) {
            throw s.error("expected a whole number >= " + p.min() + (p.max() < Integer.MAX_VALUE ? " and <= " + p.max()
                    : "") + " (" + p.meaning() + "), found " + s.describe());
        }
        return v;
    }

    private static HfConfigReader.Result readHfConfig(YamlNode at, Path baseDir) {
        String file = at.asScalar().asString();
        if (file.isBlank()) {
            throw at.error("expected a path to a Hugging Face config.json, found an empty string");
        }
        Path path = baseDir.resolve(file).normalize();
        try {
            return HfConfigReader.read(path, path.toString());
        } catch (InputException e) {
            if (e.line() > 0) {
                throw e;      // a field of the config: config.json:line: field: problem
            }
            // the file as a whole, or a missing field: name the scenario's line and key too
            throw at.error(e.getMessage());
        }
    }

    /** Reads {@code p}'s value from a scalar, as a long (flags 0/1); errors name the node. */
    static long readValue(ModelParameter p, YamlNode.Scalar s) {
        if (p.kind() == ModelParameter.Kind.FLAG) {
            return s.asBoolean() ? 1 : 0;
        }
        long v = p.kind() == ModelParameter.Kind.BIG_COUNT ? s.asLong() : s.asInt();
        p.rejection(v).ifPresent(why -> {
            throw s.error(why + ", found " + s.describe());
        });
        return v;
    }

    private static TransformerModel build(YamlNode.Mapping node, String name, Map<ModelParameter, Long> values) {
        long heads = values.get(ModelParameter.HEADS);
        long kv = values.get(ModelParameter.KV_HEADS);
        if (heads % kv != 0) {
            YamlNode at = node.optional("kv_heads").orElse(node);
            throw at.error("kv_heads " + kv + " must divide heads " + heads
                    + " (expected 1 for multiquery, " + heads + " for multihead, or a divisor for grouped)");
        }
        long m = values.get(ModelParameter.FFN_MATRICES);
        if (m != 2 && m != 3) {
            throw node.require("ffn_matrices", "").error("expected 2 (plain GELU) or 3 (gated, SwiGLU), found " + m);
        }
        try {
            return ModelParameter.build(name, values);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw node.error("inconsistent model: " + e.getMessage());
        }
    }

    private static TransformerModel pad(YamlNode.Scalar s, TransformerModel model) {
        int to = s.asInt();
        if (to < model.heads()) {
            throw s.error("expected at least the model's " + model.heads() + " heads, found " + to);
        }
        if (!model.isMultihead() && to % model.kvHeads() != 0) {
            throw s.error("expected a multiple of the model's " + model.kvHeads() + " K/V heads, found " + to);
        }
        return model.withPaddedHeads(to);
    }

    private static DType dtype(YamlNode n) {
        String text = n.asScalar().asString();
        return DType.fromKey(text).orElseThrow(() -> n.error(
                "unknown dtype '" + text + "' (expected one of " + DType.allKeys() + ")"));
    }
}
