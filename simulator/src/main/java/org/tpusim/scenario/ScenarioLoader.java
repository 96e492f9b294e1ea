package org.tpusim.scenario;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tpusim.analytical.Arithmetic;
import org.tpusim.analytical.StepShape;
import org.tpusim.collective.CollectiveAlgorithm;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.collective.MultiAxis;
import org.tpusim.execution.Overlap;
import org.tpusim.figure.Figure;
import org.tpusim.hardware.ChipParameter;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.input.InfeasibleException;
import org.tpusim.input.InputException;
import org.tpusim.input.YamlEdit;
import org.tpusim.input.YamlNode;
import org.tpusim.input.YamlReader;
import org.tpusim.layout.Feasibility;
import org.tpusim.layout.LayoutPlan;
import org.tpusim.layout.LayoutRule;
import org.tpusim.layout.MeshSplit;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.memory.HbmFootprint;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.Phase;
import org.tpusim.output.OutputName;
import org.tpusim.program.ProgramBuilder;
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
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "seed", "system", "simulation",
            "model", "layout", "execution", "workload", "reference");
    private static final Set<String> SYSTEM_KEYS = Set.of("chip", "topology", "wraparound", "overrides",
            "twisted");
    private static final Set<String> SIMULATION_KEYS = Set.of("chunk_bytes", "detail", "network");
    /** Kinds in the design that this version does not run yet, so the message can say so. */
    private static final Set<String> PLANNED_KINDS = Set.of();
    private static final String KINDS = "transfer, collective, batch, trace";

    /*
     * Valid ranges of the workload and simulation keys read here (README, "Scenario files"). They are generous
     * but finite, so that every accepted scenario runs in bounded time and memory.
     */
    /** Largest message or buffer, B (2^50 = 1 PiB): transfer bytes and collective bytes_per_chip. */
    public static final long MAX_BYTES = 1L << 50;
    /** Smallest and largest simulation.chunk_bytes, B. */
    public static final long MIN_CHUNK_BYTES = 1L << 10;
    public static final long MAX_CHUNK_BYTES = 1L << 40;
    /**
     * Most chunk movements one transfer or collective may simulate: a transfer's chunks x hops, a collective's
     * chips x (chunks of its buffer + 2 x group size) (x 2 for all-reduce). 2^24 is 8 times the largest bundled
     * collective (1 GiB per chip on 8x8x8) and runs in well under a minute.
     */
    public static final long MAX_CHUNK_MOVES = 1L << 24;
    /** Most sequences in one batch. */
    public static final int MAX_BATCH = 1 << 16;
    /** Most tokens per sequence for input_tokens and cached_tokens (10^7). */
    public static final long MAX_TOKENS = 10_000_000L;
    /** Most decode steps (output_tokens) of a batch workload: each step is simulated. */
    public static final long MAX_DECODE_STEPS = 4096;
    /** With detail: full, most passes x layers x chips simulated (2^17: about half a minute). */
    public static final long MAX_FULL_DETAIL_CORE_LAYERS = 1L << 17;

    private final ChipCatalog chips;
    private final ModelCatalog models;

    public ScenarioLoader(ChipCatalog chips, ModelCatalog models) {
        this.chips = chips;
        this.models = models;
    }

    public static ScenarioLoader withBundledCatalog() {
        return new ScenarioLoader(ChipCatalog.bundled(), ModelCatalog.bundled());
    }

    public Scenario load(Path file) {
        // trace files named in the scenario are relative to the scenario file's folder
        return read(file.toString(), file.getParent() != null ? file.getParent() : Path.of(""), YamlReader.read(file));
    }

    /** Parses scenario text; a trace file it names is resolved against the working directory. */
    public Scenario parse(String displayName, String yaml) {
        return read(displayName, Path.of(""), YamlReader.parse(displayName, yaml));
    }

    /** Parses scenario text whose trace file paths are relative to {@code baseDir}. */
    public Scenario parse(String displayName, Path baseDir, String yaml) {
        return read(displayName, baseDir, YamlReader.parse(displayName, yaml));
    }

    /**
     * The one way to vary a scenario: {@code edits} are applied to the parsed document {@code root} (each replaces
     * the value at its key path), and the result is validated like any scenario file, with the same checks and
     * messages. An error in an edited value names where that value came from (a sweep file's line, a --set flag).
     * Files the scenario names are relative to {@code baseDir}; {@code source} names the scenario.
     */
    public Scenario load(String source, Path baseDir, YamlNode root, List<YamlEdit> edits) {
        return read(source, baseDir, YamlEdit.applyAll(root, edits));
    }

    private Scenario read(String source, Path baseDir, YamlNode rootNode) {
        YamlNode.Mapping root = rootNode.asMapping().onlyKeys(TOP_KEYS);
        YamlNode nameNode = root.require("name", "a scenario name: " + OutputName.EXPECTED);
        String name = nameNode.asScalar().asString();
        OutputName.problem(name).ifPresent(p -> {
            throw nameNode.error(p);
        });
        String description = root.optional("description").map(n -> n.asScalar().asString()).orElse("");
        long seed = root.optional("seed").map(n -> n.asScalar().asLong()).orElse(1L);
        Scenario.SystemConfig system = readSystem(root.require("system", "a mapping with chip and topology")
                .asMapping());
        Scenario.SimulationSettings simulation = readSimulation(root.optional("simulation"));
        Optional<ModelConfig> model = root.optional("model")
                .map(n -> ModelSpecReader.read(n.asMapping(), models, baseDir, seed));
        model.ifPresent(m -> requireFormats(root.require("model", "").asMapping(), system.chip(), m));
        LayoutPlan layout = root.optional("layout").map(LayoutReader::read).orElse(LayoutPlan.AUTO);
        Scenario.Execution execution = readExecution(root.optional("execution"));
        YamlNode.Mapping workloadNode = root.require("workload", "a mapping with a kind").asMapping();
        Workload workload = readWorkload(workloadNode, baseDir, seed, system, model, layout);
        checkSimulationBudget(root, workloadNode, workload, simulation, system, model);
        if (!(workload instanceof Workload.Batch) && !(workload instanceof Workload.Trace)) {
            for (String key : List.of("model", "layout", "execution")) {
                if (root.has(key)) {
                    throw root.require(key, "").error("not used by workload kind '" + workload.kind()
                            + "' (only batch and trace run a model)");
                }
            }
        }
        Optional<Reference> reference = root.optional("reference").map(n -> readReference(n.asMapping(), workload));
        return new Scenario(source, name, description, seed, system, simulation, model, execution, workload,
                reference);
    }

    /** A numeric format the chip lacks is an input error at the model key that asks for it, naming the chip. */
    private static void requireFormats(YamlNode.Mapping modelNode, ChipSpec chip, ModelConfig model) {
        Arithmetic.missing(chip, model).ifPresent(miss -> {
            throw modelNode.optional(miss.key()).orElse(modelNode).error(miss.reason());
        });
    }

    private Scenario.SystemConfig readSystem(YamlNode.Mapping node) {
        node.onlyKeys(SYSTEM_KEYS);
        YamlNode chipNode = node.require("chip", "a chip name from " + ChipCatalog.SOURCE_NAME);
        ChipSpec chip = chips.require(chipNode.asScalar().asString(), chipNode);
        if (node.has("overrides")) {
            chip = applyOverrides(chip, node.require("overrides", "").asMapping());
        }
        YamlNode topoNode = node.require("topology", "a slice shape XxYxZ such as 4x4x4, or XxY such as 4x4 for a 2D-torus chip");
        SliceShape shape;
        try {
            shape = SliceShape.parse(topoNode.asScalar().asString());
        } catch (IllegalArgumentException e) {
            throw topoNode.error(e.getMessage());
        }
        Map<Axis, Boolean> wrap = new EnumMap<>(Axis.class);
        if (node.has("wraparound")) {
            YamlNode.Sequence w = node.require("wraparound", "").asSequence();
            int entries = shape.planar() ? 2 : 3;
            if (w.size() != entries) {
                throw w.error("expected a list of " + entries + " entries, one per axis "
                        + (shape.planar() ? "[x, y] (2D slice " + shape + ")" : "[x, y, z]")
                        + ", each true, false or auto; found " + w.size() + " entries");
            }
            for (Axis a : Axis.values()) {
                if (a.index() >= entries) {
                    break;
                }
                YamlNode.Scalar s = w.get(a.index()).asScalar();
                if (!s.asString().equals("auto")) {
                    wrap.put(a, s.asBoolean());
                }
            }
        }
        int dims = shape.planar() ? 2 : 3;
        if (dims != chip.torus().dimensions()) {
            throw topoNode.error("chip " + chip.name() + " is wired as a " + chip.torus().dimensions()
                    + "D torus, so its slices are written " + chip.torus().shapeForm() + " (e.g. "
                    + (chip.torus().dimensions() == 2 ? "4x4" : "4x4x4") + "); found the " + dims + "D shape '"
                    + topoNode.asScalar().asString() + "' (" + ChipCatalog.SOURCE_NAME + ", chip " + chip.name()
                    + ", key torus)");
        }
        int maxChips = chip.torus().maxChips();
        if (maxChips > 0 && shape.chipCount() > maxChips) {
            throw topoNode.error("slice " + shape + " has " + shape.chipCount() + " chips; a chip " + chip.name()
                    + " slice holds at most " + maxChips + " (" + ChipCatalog.SOURCE_NAME + ", chip " + chip.name()
                    + ", key torus.max_chips)");
        }
        int maxAxis = chip.torus().maxAxisChips();
        for (Axis a : Axis.values()) {
            if (maxAxis > 0 && shape.size(a) > maxAxis) {
                throw topoNode.error("axis " + a.letter() + " of slice " + shape + " has " + shape.size(a)
                        + " chips; chip " + chip.name() + " has at most " + maxAxis + " per axis (" + ChipCatalog.SOURCE_NAME
                        + ", chip " + chip.name() + ", key torus.max_axis_chips)");
            }
        }
        if (node.has("twisted") && node.require("twisted", "").asScalar().asBoolean()) {
            YamlNode twistNode = node.require("twisted", "");
            if (!chip.torus().twistable()) {
                throw twistNode.error("chip " + chip.name() + " has no twisted-torus option (" + ChipCatalog.SOURCE_NAME
                        + ", chip " + chip.name() + ", key torus.twisted; TPU v4 and v5p offer it)");
            }
            if (node.has("wraparound")) {
                throw twistNode.error("a twisted slice closes every axis with a wrap link; remove system.wraparound");
            }
            Slice.twistProblem(shape).ifPresent(p -> {
                throw twistNode.error(p);
            });
            return new Scenario.SystemConfig(chip, Slice.twisted(shape));
        }
        try {
            return new Scenario.SystemConfig(chip, Slice.of(shape, wrap, chip.torus().wraparound()));
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


    private static Reference readReference(YamlNode.Mapping node, Workload workload) {
        node.onlyKeys(Set.of("source", "note", "figures"));
        String source = node.require("source", "where the figures were published").asScalar().asString();
        String note = node.optional("note").map(n -> n.asScalar().asString()).orElse("");
        YamlNode.Mapping figures = node.require("figures", "a mapping from result key to published value").asMapping();
        com.google.common.collect.ImmutableList.Builder<Reference.Figure> out =
                com.google.common.collect.ImmutableList.builder();
        for (Map.Entry<String, YamlNode> e : figures.entrySet()) {
            if (Figure.find(workload.kind(), e.getKey()).isEmpty()) {
                throw e.getValue().error("unknown figure '" + e.getKey() + "' for workload kind " + workload.kind()
                        + " (expected one of " + Figure.keysFor(workload.kind()) + ")");
            }
            double v = e.getValue().asScalar().asDouble();
            if (!(v > 0)) {
                throw e.getValue().error("expected a positive published value, found " + v);
            }
            out.add(new Reference.Figure(e.getKey(), v));
        }
        return new Reference(source, note, out.build());
    }

    private static Scenario.Execution readExecution(Optional<YamlNode> node) {
        if (node.isEmpty()) {
            return Scenario.Execution.DEFAULT;
        }
        YamlNode.Mapping m = node.get().asMapping().onlyKeys(Set.of("overlap", "multi_axis"));
        Overlap overlap = Scenario.Execution.DEFAULT.overlap();
        if (m.has("overlap")) {
            YamlNode o = m.require("overlap", "");
            overlap = Overlap.fromKey(o.asScalar().asString()).orElseThrow(() -> o.error("unknown overlap "
                    + o.asScalar().describe() + " (expected one of " + Overlap.allKeys() + ")"));
        }
        MultiAxis multiAxis = Scenario.Execution.DEFAULT.multiAxis();
        if (m.has("multi_axis")) {
            YamlNode a = m.require("multi_axis", "");
            multiAxis = MultiAxis.fromKey(a.asScalar().asString()).orElseThrow(() -> a.error("unknown multi_axis "
                    + a.asScalar().describe() + " (expected one of " + MultiAxis.allKeys() + ")"));
        }
        return new Scenario.Execution(overlap, multiAxis);
    }

    private static Scenario.SimulationSettings readSimulation(java.util.Optional<YamlNode> node) {
        if (node.isEmpty()) {
            return new Scenario.SimulationSettings(Scenario.SimulationSettings.DEFAULT_CHUNK_BYTES, false);
        }
        YamlNode.Mapping m = node.get().asMapping().onlyKeys(SIMULATION_KEYS);
        boolean full = false;
        if (m.has("detail")) {
            YamlNode d = m.require("detail", "");
            String v = d.asScalar().asString();
            if (!v.equals("fast") && !v.equals("full")) {
                throw d.error("unknown detail '" + v + "' (expected fast or full)");
            }
            full = v.equals("full");
        }
        long chunk = Scenario.SimulationSettings.DEFAULT_CHUNK_BYTES;
        if (m.has("chunk_bytes")) {
            YamlNode c = m.require("chunk_bytes", "");
            chunk = c.asScalar().asBytes();
            if (chunk < MIN_CHUNK_BYTES || chunk > MAX_CHUNK_BYTES) {
                throw c.error("expected a byte count from 1 KiB to 1 TiB (" + MIN_CHUNK_BYTES + " to "
                        + MAX_CHUNK_BYTES + " B), found " + chunk + " B");
            }
        }
        org.tpusim.interconnect.NetworkModel network = org.tpusim.interconnect.NetworkModel.AUTO;
        if (m.has("network")) {
            YamlNode n = m.require("network", "");
            try {
                network = org.tpusim.interconnect.NetworkModel.ofKey(n.asScalar().asString());
            } catch (IllegalArgumentException e) {
                throw n.error(e.getMessage());
            }
        }
        return new Scenario.SimulationSettings(chunk, full, network);
    }

    private Workload readWorkload(YamlNode.Mapping node, Path baseDir, long seed, Scenario.SystemConfig system,
                                  Optional<ModelConfig> model, LayoutPlan layout) {
        YamlNode kindNode = node.require("kind", "one of " + KINDS);
        String kind = kindNode.asScalar().asString();
        return switch (kind) {
            case "transfer" -> readTransfer(node, system.slice());
            case "collective" -> readCollective(node, system.slice());
            case "batch" -> readBatch(node, system, model.orElseThrow(() -> kindNode.error(
                    "workload kind batch needs a model: block (e.g. model: {preset: palm-540b, weights: int8})")),
                    layout);
            case "trace" -> TraceWorkloadReader.read(node, baseDir, seed, system, model.orElseThrow(() -> kindNode.error(
                    "workload kind trace needs a model: block (e.g. model: {preset: palm-540b, weights: int8})")),
                    layout, models);
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
        long bytes = byteCount(bytesNode);
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
        long bytes = byteCount(bytesNode);
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

    /** A positive byte count of at most {@link #MAX_BYTES}. */
    private static long byteCount(YamlNode n) {
        long bytes = n.asScalar().asBytes();
        if (bytes <= 0 || bytes > MAX_BYTES) {
            throw n.error("expected a positive byte count of at most 2^50 B (1 PiB), found " + bytes + " B");
        }
        return bytes;
    }

    /**
     * Checks, before anything runs, that the simulation the scenario asks for is bounded: transfers and
     * collectives move at most {@link #MAX_CHUNK_MOVES} chunks, a full-detail batch simulates at most
     * {@link #MAX_FULL_DETAIL_CORE_LAYERS} layers on cores.
     */
    private static void checkSimulationBudget(YamlNode.Mapping root, YamlNode.Mapping workloadNode, Workload workload,
                                              Scenario.SimulationSettings simulation, Scenario.SystemConfig system,
                                              Optional<ModelConfig> model) {
        long chunk = simulation.chunkBytes();
        String fix = " (expected at most " + MAX_CHUNK_MOVES + " = 2^24; raise simulation.chunk_bytes or move fewer"
                + " bytes)";
        if (workload instanceof Workload.Transfer t) {
            long chunks = Math.max(1, (t.bytes() + chunk - 1) / chunk);
            long hops = Math.max(1, system.slice().hopDistance(system.slice().id(t.from()), system.slice().id(t.to())));
            if (chunks > MAX_CHUNK_MOVES / hops) {
                throw workloadNode.require("bytes", "").error(t.bytes() + " B in chunks of " + chunk + " B over "
                        + hops + " hops is " + chunks + " chunks x " + hops + " hops of simulated movement" + fix);
            }
        } else if (workload instanceof Workload.Collective c) {
            long chips = system.slice().shape().chipCount();
            long k = c.axes().groupSize(system.slice().shape());
            long chunks = Math.max(1, (c.bytesPerChip() + chunk - 1) / chunk);
            long factor = c.collective() == CollectiveKind.ALL_REDUCE ? 2 : 1;
            double moves = (double) chips * factor * (chunks + 2 * k);
            if (moves > MAX_CHUNK_MOVES) {
                throw workloadNode.require("bytes_per_chip", "").error(c.bytesPerChip() + " B per chip in chunks of "
                        + chunk + " B on " + chips + " chips is about " + (long) moves + " chunk movements" + fix);
            }
        } else if (workload instanceof Workload.Batch b && simulation.fullDetail()) {
            long passes = (b.inputTokens() > 0 ? 1 : 0) + b.outputTokens();
            long layers = model.orElseThrow().model().layers();
            long chips = system.slice().shape().chipCount();
            double work = (double) passes * layers * chips;
            if (work > MAX_FULL_DETAIL_CORE_LAYERS) {
                YamlNode detail = root.require("simulation", "").asMapping().require("detail", "");
                throw detail.error("full detail simulates " + passes + " passes x " + layers + " layers x " + chips
                        + " chips = " + (long) work + " layers on cores (expected at most " + MAX_FULL_DETAIL_CORE_LAYERS
                        + " = 2^17; use detail: fast, which counts one simulated layer per pass, or fewer passes)");
            }
        }
    }

    private static Workload.Batch readBatch(YamlNode.Mapping node, Scenario.SystemConfig system, ModelConfig model,
                                            LayoutPlan plan) {
        node.onlyKeys(Set.of("kind", "batch", "input_tokens", "cached_tokens", "output_tokens"));
        YamlNode batchNode = node.require("batch", "the number of sequences, a positive whole number");
        int batch = batchNode.asScalar().asInt();
        if (batch < 1 || batch > MAX_BATCH) {
            throw batchNode.error("expected a positive number of sequences, at most " + MAX_BATCH + " (2^16), found "
                    + batch);
        }
        long input = nonNegative(node, "input_tokens", MAX_TOKENS, "tokens per sequence");
        long cached = nonNegative(node, "cached_tokens", MAX_TOKENS, "tokens per sequence");
        long output = nonNegative(node, "output_tokens", MAX_DECODE_STEPS, "decode steps, each one simulated");
        if (input + output == 0) {
            throw node.error("nothing to run: input_tokens and output_tokens are both 0 (expected a prefill, decode"
                    + " steps, or both)");
        }
        MeshSplit mesh = MeshSplit.of(system.slice().shape());
        PhaseLayout prefill = LayoutRule.resolve(plan.prefill(), Phase.PREFILL, model, mesh, batch, Math.max(1, input));
        PhaseLayout decode = LayoutRule.resolve(plan.decode(), Phase.DECODE, model, mesh, batch, 1);
        if (input > 0) {
            requireFeasible(node, "prefill", prefill, model, mesh, batch,
                    StepShape.prefill(batch, input, cached));
            requireFits(node, "prefill", model, system, mesh, prefill, batch, input, cached + input);
        }
        if (output > 0) {
            requireFeasible(node, "decode", decode, model, mesh, batch,
                    StepShape.decode(batch, cached + input + 1));
            requireFits(node, "decode", model, system, mesh, decode, batch, 1, cached + input + output);
        }
        return new Workload.Batch(batch, input, cached, output, prefill, decode);
    }

    private static long nonNegative(YamlNode.Mapping node, String key, long max, String unit) {
        if (!node.has(key)) {
            return 0;
        }
        YamlNode n = node.require(key, "");
        long v = n.asScalar().asLong();
        if (v < 0 || v > max) {
            throw n.error("expected a token count from 0 to " + max + " (" + unit + "), found " + v);
        }
        return v;
    }

    private static void requireFeasible(YamlNode.Mapping node, String phase, PhaseLayout layout, ModelConfig model,
                                        MeshSplit mesh, int batch, StepShape step) {
        // the layout rule, and what only the program can see (e.g. a collective that does not split over its group)
        Feasibility f = ProgramBuilder.check(model, mesh, layout, step);
        if (!f.feasible()) {
            throw InfeasibleException.at(node, "the " + phase + " layout " + layout + " cannot run " + model.model().name() + " at batch "
                    + batch + " on slice " + mesh + ": " + f.explain());
        }
    }

    private static void requireFits(YamlNode.Mapping node, String phase, ModelConfig model,
                                    Scenario.SystemConfig system, MeshSplit mesh, PhaseLayout layout, int batch,
                                    long tokensPerSequence, long contextTokens) {
        HbmFootprint f = HbmFootprint.perChip(model, system.chip(), mesh, layout, batch, tokensPerSequence,
                contextTokens);
        if (!f.fits()) {
            throw InfeasibleException.at(node, "does not fit in HBM during " + phase + " (" + contextTokens + " tokens of context): "
                    + f.explain());
        }
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
