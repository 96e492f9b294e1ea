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
     * A catalog model with its description and the source of each dimension; {@code moe} holds a mixture-of-experts
     * model's expert dimensions ({@link MoeParameter}: empty for a dense model) and {@code moeSources} their sources.
     */
    public record Entry(TransformerModel model, String description, ImmutableMap<ModelParameter, String> sources,
                        ImmutableMap<MoeParameter, Long> moe, ImmutableMap<MoeParameter, String> moeSources) {
        /** A dense model's entry. */
        public Entry(TransformerModel model, String description, ImmutableMap<ModelParameter, String> sources) {
            this(model, description, sources, ImmutableMap.of(), ImmutableMap.of());
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
        Map<MoeParameter, Long> moe = new EnumMap<>(MoeParameter.class);
        Map<MoeParameter, String> moeSources = new EnumMap<>(MoeParameter.class);
        for (Map.Entry<String, YamlNode> e : node.entrySet()) {
            if (e.getKey().equals("description")) {
                description = e.getValue().asScalar().asString();
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
        try {
            TransformerModel model = ModelParameter.build(name, values);
            if (!moe.isEmpty()) {
                for (MoeParameter p : List.of(MoeParameter.EXPERTS, MoeParameter.EXPERTS_PER_TOKEN,
                        MoeParameter.EXPERT_D_FF)) {
                    if (!moe.containsKey(p)) {
                        throw node.error("model '" + name + "' lacks parameter " + p.key() + " (" + p.meaning() + ")");
                    }
                }
                MoeParameter.build(moe, MoeConfig.Routing.UNIFORM).moeLayers(model);
            }
            return new Entry(model, description, ImmutableMap.copyOf(sources), ImmutableMap.copyOf(moe),
                    ImmutableMap.copyOf(moeSources));
        } catch (IllegalArgumentException ex) {
            throw node.error("model '" + name + "' is inconsistent: " + ex.getMessage());
        }
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
