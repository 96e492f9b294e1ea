package org.tpusim.scenario;

import com.google.common.collect.ImmutableMap;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tpusim.input.YamlNode;
import org.tpusim.input.YamlReader;
import org.tpusim.model.ModelParameter;
import org.tpusim.model.MoeConfig;
import org.tpusim.model.MoeParameter;
import org.tpusim.model.TransformerModel;

/**
 * The models tpusim knows, read from {@code scenarios/catalog/models.yaml} (shipped on the classpath as
 * {@code org/tpusim/catalog/models.yaml}). Every dimension of every model carries a value and a source.
 */
public final class ModelCatalog {
    /** Where the catalog sits in the repository, for messages. */
    public static final String SOURCE_NAME = "scenarios/catalog/models.yaml";
    private static final String RESOURCE = "/org/tpusim/catalog/models.yaml";

    /**
     * A catalog model with its description and the source of each dimension; its sliding window (optional catalog
     * keys {@code sliding_window}, tokens, and {@code sliding_window_layers}, the layers that have it; 0: none)
     * and their sources; {@code moe} holds a mixture-of-experts model's expert dimensions ({@link MoeParameter}:
     * empty for a dense model) and {@code moeSources} their sources.
     */
    public record Entry(TransformerModel model, String description, ImmutableMap<ModelParameter, String> sources,
                        int slidingWindowTokens, int slidingWindowLayers, String slidingWindowSource,
                        ImmutableMap<MoeParameter, Long> moe, ImmutableMap<MoeParameter, String> moeSources) {
        /** A dense model without a sliding window. */
        public Entry(TransformerModel model, String description, ImmutableMap<ModelParameter, String> sources) {
            this(model, description, sources, 0, 0, "", ImmutableMap.of(), ImmutableMap.of());
        }

        /** The expert dimensions with uniform routing, or empty for a dense model. */
        public Optional<MoeConfig> moeConfig() {
            return moe.isEmpty() ? Optional.empty() : Optional.of(MoeParameter.build(moe, MoeConfig.Routing.UNIFORM));
        }
    }

    private static final com.google.common.base.Supplier<ModelCatalog> BUNDLED = com.google.common.base.Suppliers
            .memoize(() -> fromYaml(SOURCE_NAME, YamlReader.resourceText(RESOURCE)));

    private final ImmutableMap<String, Entry> entries;

    private ModelCatalog(Map<String, Entry> entries) {
        this.entries = ImmutableMap.copyOf(entries);
    }

    /** The catalog bundled with tpusim (read once, on first use). */
    public static ModelCatalog bundled() {
        return BUNDLED.get();
    }

    /** Parses catalog text; errors name {@code displayName}, the line and the key. */
    public static ModelCatalog fromYaml(String displayName, String text) {
        YamlNode.Mapping root = YamlReader.parse(displayName, text).asMapping().onlyKeys(Set.of("models"));
        YamlNode.Mapping modelsNode = root.require("models", "a mapping from model name to dimensions").asMapping();
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : modelsNode.entrySet()) {
            entries.put(e.getKey(), readModel(e.getKey(), e.getValue().asMapping()));
        }
        return new ModelCatalog(entries);
    }

    private static Entry readModel(String name, YamlNode.Mapping node) {
        Map<ModelParameter, Long> values = new EnumMap<>(ModelParameter.class);
        Map<ModelParameter, String> sources = new EnumMap<>(ModelParameter.class);
        String description = "";
        YamlNode window = null;
        YamlNode windowLayers = null;
        Map<MoeParameter, Long> moe = new EnumMap<>(MoeParameter.class);
        Map<MoeParameter, String> moeSources = new EnumMap<>(MoeParameter.class);
        for (Map.Entry<String, YamlNode> e : node.entrySet()) {
            if (e.getKey().equals("description")) {
                description = e.getValue().asScalar().asString();
                continue;
            }
            if (e.getKey().equals("sliding_window")) {
                window = e.getValue();
                continue;
            }
            if (e.getKey().equals("sliding_window_layers")) {
                windowLayers = e.getValue();
                continue;
            }
            Optional<MoeParameter> moeKey = MoeParameter.fromKey(e.getKey());
            if (moeKey.isPresent()) {
                YamlNode.Mapping pv = e.getValue().asMapping().onlyKeys(Set.of("value", "source"));
                moe.put(moeKey.get(), ModelSpecReader.readMoeValue(moeKey.get(),
                        pv.require("value", moeKey.get().meaning()).asScalar()));
                moeSources.put(moeKey.get(), pv.require("source", "a citation or an assumption").asScalar().asString());
                continue;
            }
            ModelParameter p = ModelParameter.fromKey(e.getKey()).orElseThrow(() -> e.getValue().error(
                    "unknown model parameter '" + e.getKey() + "' (expected description or one of "
                            + ModelParameter.allKeys() + ", " + MoeParameter.allKeys() + ")"));
            YamlNode.Mapping pv = e.getValue().asMapping().onlyKeys(Set.of("value", "source"));
            values.put(p, ModelSpecReader.readValue(p, pv.require("value", p.meaning()).asScalar()));
            sources.put(p, pv.require("source", "a citation or an assumption").asScalar().asString());
        }
        for (ModelParameter p : ModelParameter.values()) {
            if (!values.containsKey(p)) {
                throw node.error("model '" + name + "' lacks parameter " + p.key() + " (" + p.meaning() + ")");
            }
        }
        TransformerModel model;
        try {
            model = ModelParameter.build(name, values);
            if (!moe.isEmpty()) {
                for (MoeParameter p : List.of(MoeParameter.EXPERTS, MoeParameter.EXPERTS_PER_TOKEN,
                        MoeParameter.EXPERT_D_FF)) {
                    if (!moe.containsKey(p)) {
                        throw node.error("model '" + name + "' lacks parameter " + p.key() + " (" + p.meaning() + ")");
                    }
                }
                MoeParameter.build(moe, MoeConfig.Routing.UNIFORM).moeLayers(model);
            }
        } catch (IllegalArgumentException ex) {
            throw node.error("model '" + name + "' is inconsistent: " + ex.getMessage());
        }
        if (window == null) {
            if (windowLayers != null) {
                throw windowLayers.error("sliding_window_layers needs a sliding_window");
            }
            return new Entry(model, description, ImmutableMap.copyOf(sources), 0, 0, "", ImmutableMap.copyOf(moe),
                    ImmutableMap.copyOf(moeSources));
        }
        YamlNode.Mapping wv = window.asMapping().onlyKeys(Set.of("value", "source"));
        int tokens = ModelSpecReader.windowTokens(wv.require("value", "the window in tokens").asScalar());
        String source = wv.require("source", "a citation").asScalar().asString();
        int layers = model.layers();
        if (windowLayers != null) {
            YamlNode.Mapping lv = windowLayers.asMapping().onlyKeys(Set.of("value", "source"));
            layers = ModelSpecReader.windowLayers(lv.require("value", "layers with the window").asScalar(), model);
            source += "; layers: " + lv.require("source", "a citation").asScalar().asString();
        }
        return new Entry(model, description, ImmutableMap.copyOf(sources), tokens, tokens > 0 ? layers : 0, source,
                ImmutableMap.copyOf(moe), ImmutableMap.copyOf(moeSources));
    }

    public Optional<Entry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** The model named {@code name}; an unknown name is a programming error here (see {@link #require}). */
    public TransformerModel model(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no model '" + name + "' in " + SOURCE_NAME);
        }
        return e.model();
    }

    public Set<String> names() {
        return entries.keySet();
    }

    /** Looks a model up for a scenario key; an unknown name is an input error listing the known ones. */
    public Entry require(String name, YamlNode where) {
        Entry e = entries.get(name);
        if (e == null) {
            throw where.error("unknown model '" + name + "' (expected one of " + String.join(", ", entries.keySet())
                    + ", from " + SOURCE_NAME + ")");
        }
        return e;
    }
}
