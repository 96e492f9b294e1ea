package org.tpusim.scenario;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.tpusim.collective.CollectiveAlgorithm;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.collective.MultiAxis;
import org.tpusim.hardware.ChipCatalog;
import org.tpusim.hardware.ChipParameter;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.topology.Axis;
import org.tpusim.topology.ChipCoord;
import org.tpusim.topology.MeshAxes;
import org.tpusim.topology.Slice;
import org.tpusim.topology.SliceShape;

/**
 * Reads scenario files into validated {@link Scenario} records. All checks happen here, once; an invalid
 * file raises {@link InputException} naming the file, line, key path and the expectation.
 */
public final class ScenarioLoader {
    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]+");
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "seed", "system", "simulation",
            "workload");
    private static final Set<String> SYSTEM_KEYS = Set.of("chip", "topology", "wraparound", "overrides");
    private static final Set<String> SIMULATION_KEYS = Set.of("chunk_bytes");
    /** Kinds in the design that this version does not run yet, so the message can say so. */
    private static final Set<String> PLANNED_KINDS = Set.of("batch", "trace");
    private static final String KINDS = "transfer, collective";

    private final ChipCatalog chips;

    public ScenarioLoader(ChipCatalog chips) {
        this.chips = chips;
    }

    public static ScenarioLoader withBundledCatalog() {
        return new ScenarioLoader(ChipCatalog.bundled());
    }

    public Scenario load(Path file) {
        return read(file.toString(), YamlReader.read(file));
    }

    public Scenario parse(String displayName, String yaml) {
        return read(displayName, YamlReader.parse(displayName, yaml));
    }

    private Scenario read(String source, YamlNode rootNode) {
        YamlNode.Mapping root = rootNode.asMapping().onlyKeys(TOP_KEYS);
        YamlNode nameNode = root.require("name", "a scenario name matching [a-z0-9._-]+");
        String name = nameNode.asScalar().asString();
        if (!NAME.matcher(name).matches()) {
            throw nameNode.error("invalid name '" + name
                    + "' (expected lower-case letters, digits, '.', '_' or '-'; it names the output folder)");
        }
        String description = root.optional("description").map(n -> n.asScalar().asString()).orElse("");
        long seed = root.optional("seed").map(n -> n.asScalar().asLong()).orElse(1L);
        Scenario.SystemConfig system = readSystem(root.require("system", "a mapping with chip and topology")
                .asMapping());
        Scenario.SimulationSettings simulation = readSimulation(root.optional("simulation"));
        Workload workload = readWorkload(root.require("workload", "a mapping with a kind").asMapping(), system);
        return new Scenario(source, name, description, seed, system, simulation, workload);
    }

    private Scenario.SystemConfig readSystem(YamlNode.Mapping node) {
        node.onlyKeys(SYSTEM_KEYS);
        YamlNode chipNode = node.require("chip", "a chip name from " + ChipCatalog.SOURCE_NAME);
        ChipSpec chip = chips.require(chipNode.asScalar().asString(), chipNode);
        if (node.has("overrides")) {
            chip = applyOverrides(chip, node.require("overrides", "").asMapping());
        }
        YamlNode topoNode = node.require("topology", "a slice shape XxYxZ such as 4x4x4");
        SliceShape shape;
        try {
            shape = SliceShape.parse(topoNode.asScalar().asString());
        } catch (IllegalArgumentException e) {
            throw topoNode.error(e.getMessage());
        }
        Map<Axis, Boolean> wrap = new EnumMap<>(Axis.class);
        if (node.has("wraparound")) {
            YamlNode.Sequence w = node.require("wraparound", "").asSequence();
            if (w.size() != 3) {
                throw w.error("expected a list of 3 entries, one per axis [x, y, z], each true, false or auto; found "
                        + w.size() + " entries");
            }
            for (Axis a : Axis.values()) {
                YamlNode.Scalar s = w.get(a.index()).asScalar();
                if (!s.asString().equals("auto")) {
                    wrap.put(a, s.asBoolean());
                }
            }
        }
        try {
            return new Scenario.SystemConfig(chip, Slice.of(shape, wrap));
        } catch (IllegalArgumentException e) {
            throw node.require(node.has("wraparound") ? "wraparound" : "topology", "").error(e.getMessage());
        }
    }

    private static ChipSpec applyOverrides(ChipSpec chip, YamlNode.Mapping overrides) {
        ChipSpec out = chip;
        for (Map.Entry<String, YamlNode> e : overrides.entrySet()) {
            ChipParameter p = ChipParameter.fromKey(e.getKey()).orElseThrow(() -> e.getValue().error(
                    "unknown chip parameter '" + e.getKey() + "' (expected one of " + ChipParameter.allKeys() + ")"));
            double v = e.getValue().asScalar().asDouble();
            p.rejection(v).ifPresent(why -> {
                throw e.getValue().error(why);
            });
            out = out.withOverride(p, v, "scenario override (system.overrides." + p.key() + ")");
        }
        return out;
    }


    private static Scenario.SimulationSettings readSimulation(java.util.Optional<YamlNode> node) {
        if (node.isEmpty()) {
            return new Scenario.SimulationSettings(Scenario.SimulationSettings.DEFAULT_CHUNK_BYTES);
        }
        YamlNode.Mapping m = node.get().asMapping().onlyKeys(SIMULATION_KEYS);
        long chunk = Scenario.SimulationSettings.DEFAULT_CHUNK_BYTES;
        if (m.has("chunk_bytes")) {
            YamlNode c = m.require("chunk_bytes", "");
            chunk = c.asScalar().asBytes();
            if (chunk <= 0) {
                throw c.error("expected a positive byte count, found " + chunk);
            }
        }
        return new Scenario.SimulationSettings(chunk);
    }

    private Workload readWorkload(YamlNode.Mapping node, Scenario.SystemConfig system) {
        YamlNode kindNode = node.require("kind", "one of " + KINDS);
        String kind = kindNode.asScalar().asString();
        return switch (kind) {
            case "transfer" -> readTransfer(node, system.slice());
            case "collective" -> readCollective(node, system.slice());
            default -> throw kindNode.error(PLANNED_KINDS.contains(kind)
                    ? "workload kind '" + kind + "' is not available in this version (expected one of " + KINDS + ")"
                    : "unknown workload kind '" + kind + "' (expected one of " + KINDS + ")");
        };
    }

    private static Workload.Transfer readTransfer(YamlNode.Mapping node, Slice slice) {
        node.onlyKeys(Set.of("kind", "from", "to", "bytes"));
        ChipCoord from = readChip(node.require("from", "chip coordinates [x, y, z]"), slice);
        ChipCoord to = readChip(node.require("to", "chip coordinates [x, y, z]"), slice);
        YamlNode bytesNode = node.require("bytes", "a byte count such as 1048576 or 1MiB");
        long bytes = bytesNode.asScalar().asBytes();
        if (bytes <= 0) {
            throw bytesNode.error("expected a positive byte count, found " + bytes);
        }
        return new Workload.Transfer(from, to, bytes);
    }

    private static Workload.Collective readCollective(YamlNode.Mapping node, Slice slice) {
        node.onlyKeys(Set.of("kind", "collective", "axes", "bytes_per_chip", "algorithm", "multi_axis"));
        YamlNode kindNode = node.require("collective", "one of " + CollectiveKind.allKeys());
        CollectiveKind kind = CollectiveKind.fromKey(kindNode.asScalar().asString()).orElseThrow(() -> kindNode.error(
                "unknown collective " + kindNode.asScalar().describe() + " (expected one of " + CollectiveKind.allKeys()
                        + ")"));
        YamlNode axesNode = node.require("axes", "mesh axes such as x, yz or xyz");
        MeshAxes axes;
        try {
            axes = MeshAxes.parse(axesNode.asScalar().asString());
        } catch (IllegalArgumentException e) {
            throw axesNode.error(e.getMessage());
        }
        int k = axes.groupSize(slice.shape());
        if (k < 2) {
            throw axesNode.error("axes " + axes.name() + " span a single chip in slice " + slice.shape()
                    + " (expected axes of the slice with more than one chip)");
        }
        YamlNode bytesNode = node.require("bytes_per_chip", "a byte count such as 1048576 or 1MiB");
        long bytes = bytesNode.asScalar().asBytes();
        if (bytes <= 0) {
            throw bytesNode.error("expected a positive byte count, found " + bytes);
        }
        if (kind.needsEqualShards() && bytes % k != 0) {
            throw bytesNode.error(kind.key() + " needs bytes_per_chip divisible by the group size " + k + " (axes "
                    + axes.name() + " of slice " + slice.shape() + "), found " + bytes + " = " + (bytes / k) + " x " + k
                    + " + " + (bytes % k));
        }
        CollectiveAlgorithm algorithm = CollectiveAlgorithm.BIDIRECTIONAL_RING;
        if (node.has("algorithm")) {
            YamlNode a = node.require("algorithm", "");
            algorithm = CollectiveAlgorithm.fromKey(a.asScalar().asString()).orElseThrow(() -> a.error(
                    "unknown algorithm " + a.asScalar().describe() + " (expected one of " + CollectiveAlgorithm.allKeys()
                            + ")"));
        }
        MultiAxis multiAxis = MultiAxis.CONCURRENT;
        if (node.has("multi_axis")) {
            YamlNode m = node.require("multi_axis", "");
            multiAxis = MultiAxis.fromKey(m.asScalar().asString()).orElseThrow(() -> m.error(
                    "unknown multi-axis decomposition " + m.asScalar().describe() + " (expected one of "
                            + MultiAxis.allKeys() + ")"));
        }
        return new Workload.Collective(kind, axes, bytes, algorithm, multiAxis);
    }

    private static ChipCoord readChip(YamlNode node, Slice slice) {
        YamlNode.Sequence s = node.asSequence();
        if (s.size() != 3) {
            throw s.error("expected chip coordinates [x, y, z] (3 whole numbers), found a list of " + s.size());
        }
        int[] c = new int[3];
        for (int i = 0; i < 3; i++) {
            c[i] = s.get(i).asScalar().asInt();
        }
        ChipCoord coord = new ChipCoord(c[0], c[1], c[2]);
        SliceShape shape = slice.shape();
        if (!slice.contains(coord)) {
            throw node.error("chip " + coord + " is outside slice " + shape + " (expected 0 <= x < " + shape.x()
                    + ", 0 <= y < " + shape.y() + ", 0 <= z < " + shape.z() + ")");
        }
        return coord;
    }
}
