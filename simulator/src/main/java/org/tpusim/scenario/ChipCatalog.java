package org.tpusim.scenario;

import com.google.common.collect.ImmutableMap;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tpusim.hardware.ChipParameter;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.hardware.HostLink;
import org.tpusim.hardware.ParameterValue;
import org.tpusim.hardware.TorusSpec;
import org.tpusim.input.YamlNode;
import org.tpusim.input.YamlReader;
import org.tpusim.topology.SliceShape;
import org.tpusim.topology.WraparoundRule;

/**
 * The chip types tpusim knows, read from {@code scenarios/catalog/chips.yaml} (shipped on the classpath
 * as {@code org/tpusim/catalog/chips.yaml}). Every parameter of every chip carries a value and a source.
 */
public final class ChipCatalog {
    /** Where the catalog sits in the repository, for messages. */
    public static final String SOURCE_NAME = "scenarios/catalog/chips.yaml";
    private static final String RESOURCE = "/org/tpusim/catalog/chips.yaml";

    private static final com.google.common.base.Supplier<ChipCatalog> BUNDLED = com.google.common.base.Suppliers
            .memoize(() -> fromYaml(SOURCE_NAME, YamlReader.resourceText(RESOURCE)));

    private final ImmutableMap<String, ChipSpec> chips;

    private ChipCatalog(Map<String, ChipSpec> chips) {
        this.chips = ImmutableMap.copyOf(chips);
    }

    /** The catalog bundled with tpusim (read once, on first use). */
    public static ChipCatalog bundled() {
        return BUNDLED.get();
    }

    /** Parses catalog text; errors name {@code displayName}, the line and the key. */
    public static ChipCatalog fromYaml(String displayName, String text) {
        YamlNode.Mapping root = YamlReader.parse(displayName, text).asMapping().onlyKeys(Set.of("chips"));
        YamlNode.Mapping chipsNode = root.require("chips", "a mapping from chip name to parameters").asMapping();
        Map<String, ChipSpec> chips = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : chipsNode.entrySet()) {
            chips.put(e.getKey(), readChip(e.getKey(), e.getValue().asMapping()));
        }
        return new ChipCatalog(chips);
    }

    private static ChipSpec readChip(String name, YamlNode.Mapping node) {
        Map<ChipParameter, ParameterValue> values = new EnumMap<>(ChipParameter.class);
        String description = "";
        TorusSpec torus = TorusSpec.DEFAULT_3D;
        HostLink hostLink = null;
        for (Map.Entry<String, YamlNode> e : node.entrySet()) {
            if (e.getKey().equals("host_link")) {
                hostLink = readHostLink(e.getValue().asMapping());
                continue;
            }
            if (e.getKey().equals("description")) {
                description = e.getValue().asScalar().asString();
                continue;
            }
            if (e.getKey().equals("torus")) {
                torus = readTorus(e.getValue().asMapping());
                continue;
            }
            ChipParameter p = ChipParameter.fromKey(e.getKey()).orElseThrow(() -> e.getValue().error(
                    "unknown chip parameter '" + e.getKey() + "' (expected description, torus, host_link or one of "
                            + ChipParameter.allKeys() + ")"));
            YamlNode.Mapping pv = e.getValue().asMapping().onlyKeys(Set.of("value", "source"));
            YamlNode valueNode = pv.require("value", "a number in " + p.unit());
            double v = valueNode.asScalar().asDouble();
            p.rejection(v).ifPresent(why -> {
                throw valueNode.error(why);
            });
            String source = pv.require("source", "a citation or calibration note").asScalar().asString();
            values.put(p, new ParameterValue(p, v, source));
        }
        for (ChipParameter p : ChipParameter.values()) {
            if (!values.containsKey(p)) {
                throw node.error("chip '" + name + "' lacks parameter " + p.key() + " (" + p.meaning() + ")");
            }
        }
        return new ChipSpec(name, description, values, torus, hostLink);
    }

    /** {@code host_link: {bandwidth_bytes_per_s: B, latency_ns: T, source: ...}} (optional per chip). */
    private static HostLink readHostLink(YamlNode.Mapping node) {
        node.onlyKeys(Set.of("bandwidth_bytes_per_s", "latency_ns", "source"));
        YamlNode bw = node.require("bandwidth_bytes_per_s", "the chip-to-host bandwidth, one direction, B/s");
        double b = bw.asScalar().asDouble();
        if (!(b >= HostLink.MIN_BANDWIDTH && b <= HostLink.MAX_BANDWIDTH)) {
            throw bw.error("expected a bandwidth from 1e6 to 1e15 B/s, found " + bw.asScalar().asString());
        }
        YamlNode lat = node.require("latency_ns", "the fixed cost of one host transfer, ns");
        double l = lat.asScalar().asDouble();
        if (!(l >= 0 && l <= HostLink.MAX_LATENCY_NS)) {
            throw lat.error("expected a latency from 0 to 1e9 ns, found " + lat.asScalar().asString());
        }
        return new HostLink(b, l, node.require("source", "a citation").asScalar().asString());
    }

    /**
     * {@code torus: {dimensions: 2|3, wraparound: multiple-of-4|full-axis-16, max_axis_chips: N, max_chips: N,
     * twisted: true|false, source: ...}}; max_chips (the largest slice) is optional (default 0: no bound); max_axis_chips is optional (default 0: no bound), twisted (whether the chip offers twisted
     * tori, {@code system.twisted}) too (default false).
     */
    private static TorusSpec readTorus(YamlNode.Mapping node) {
        node.onlyKeys(Set.of("dimensions", "wraparound", "max_axis_chips", "max_chips", "twisted", "source"));
        YamlNode dimNode = node.require("dimensions", "2 (slices written XxY) or 3 (XxYxZ)");
        double d = dimNode.asScalar().asDouble();
        if (d != 2 && d != 3) {
            throw dimNode.error("expected 2 (slices written XxY) or 3 (XxYxZ), found " + dimNode.asScalar().asString());
        }
        YamlNode ruleNode = node.require("wraparound", "multiple-of-4 or full-axis-16");
        String ruleKey = ruleNode.asScalar().asString();
        WraparoundRule rule = WraparoundRule.fromKey(ruleKey);
        if (rule == null) {
            throw ruleNode.error("unknown wraparound rule '" + ruleKey + "' (expected multiple-of-4 or full-axis-16)");
        }
        int maxAxis = 0;
        if (node.has("max_axis_chips")) {
            YamlNode maxNode = node.require("max_axis_chips", "");
            double m = maxNode.asScalar().asDouble();
            if (!(m >= 1 && m <= SliceShape.MAX_CHIPS && m == Math.rint(m))) {
                throw maxNode.error("expected a whole number of chips from 1 to " + SliceShape.MAX_CHIPS + ", found "
                        + maxNode.asScalar().asString());
            }
            maxAxis = (int) m;
        }
        int maxChips = 0;
        if (node.has("max_chips")) {
            YamlNode maxNode = node.require("max_chips", "");
            double m = maxNode.asScalar().asDouble();
            if (!(m >= 1 && m <= SliceShape.MAX_CHIPS && m == Math.rint(m))) {
                throw maxNode.error("expected a whole number of chips from 1 to " + SliceShape.MAX_CHIPS + ", found "
                        + maxNode.asScalar().asString());
            }
            maxChips = (int) m;
        }
        boolean twisted = node.optional("twisted").map(n -> n.asScalar().asBoolean()).orElse(false);
        if (twisted && d != 3) {
            throw node.require("twisted", "").error("only a 3D torus (dimensions: 3) can be twisted");
        }
        String source = node.require("source", "a citation").asScalar().asString();
        return new TorusSpec((int) d, rule, maxAxis, source, twisted, maxChips);
    }

    public Optional<ChipSpec> find(String name) {
        return Optional.ofNullable(chips.get(name));
    }

    public Set<String> names() {
        return chips.keySet();
    }

    /** Looks a chip up for a scenario key; an unknown name is an input error listing the known ones. */
    public ChipSpec require(String name, YamlNode where) {
        ChipSpec c = chips.get(name);
        if (c == null) {
            throw where.error("unknown chip '" + name + "' (expected one of " + String.join(", ", chips.keySet())
                    + ", from " + SOURCE_NAME + ")");
        }
        return c;
    }
}
