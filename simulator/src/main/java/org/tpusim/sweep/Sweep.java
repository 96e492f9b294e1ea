package org.tpusim.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tpusim.input.InfeasibleException;
import org.tpusim.input.InputException;
import org.tpusim.input.YamlEdit;
import org.tpusim.input.YamlNode;
import org.tpusim.input.YamlReader;
import org.tpusim.output.OutputName;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.scenario.Workload;

/**
 * A sweep file: a scenario (the base) plus a {@code sweep:} block that varies scenario keys, named by dotted key
 * paths, over lists of values or numeric ranges. Points are the cartesian product in file order (the first key
 * outermost), numbered from 0; the same file always gives the same points, names and order.
 *
 * <pre>
 * sweep:
 *   system.topology: [2x2x2, 4x4x4]
 *   workload.batch: {from: 1, to: 1024, factor: 4}    # 1, 4, 16, 64, 256, 1024
 *   workload.cached_tokens: {from: 0, to: 2048, step: 1024}
 * </pre>
 *
 * @param source  the file as the user named it
 * @param baseDir the folder relative to which the base scenario names its files (trace files)
 * @param name    the base scenario's name (names the output folder)
 * @param base    the scenario without its sweep block, as parsed (lines of the sweep file)
 * @param axes    the varied keys, in file order
 * @param reference published points to draw beside the frontiers (the optional {@code reference:} block), or null
 * @param slo       latency bounds whose highest met arrival rate is reported per configuration (the optional
 *                  {@code slo:} block of a trace sweep), or null
 */
public record Sweep(String source, Path baseDir, String name, YamlNode.Mapping base, List<Axis> axes,
                    SweepReference reference, SweepSlo slo) {
    /** A range may not expand into more values than this (a typo such as step 0.0001 fails fast). */
    static final int MAX_RANGE_VALUES = 10_000;
    /**
     * Most points one sweep file may have. Every point is loaded and checked before any runs (about 1 ms each), and
     * a sweep runs about 1,500-2,000 points a minute on 2 cores, so 20,000 points are about 20 s of checking and
     * 10-15 minutes of running; larger studies are several sweep files.
     */
    public static final int MAX_POINTS = 20_000;

    /**
     * One varied key.
     *
     * @param keyPath dotted scenario key, e.g. {@code workload.batch}
     * @param values  the values it takes (plain YAML values: strings, lists, maps), in order; they name points
     * @param nodes   the same values as parsed, each with the line of the sweep file it came from
     * @param line    the line of the key in the sweep file
     */
    public record Axis(String keyPath, List<Object> values, List<YamlNode> nodes, int line) {
        public Axis {
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
            nodes = List.copyOf(nodes);
            if (values.size() != nodes.size()) {
                throw new IllegalArgumentException("values and nodes differ in number");
            }
        }

        /** Value {@code i} as an edit of the base scenario. */
        YamlEdit edit(int i) {
            return YamlEdit.of(keyPath, nodes.get(i));
        }

        /** The last segment of the key path, used in point labels ({@code batch=64}). */
        public String shortName() {
            return keyPath.substring(keyPath.lastIndexOf('.') + 1);
        }
    }

    public Sweep {
        axes = List.copyOf(axes);
    }

    /** Reads and validates a sweep file; errors in the sweep block are {@link InputException}s (file, line, key). */
    public static Sweep read(Path file, ScenarioLoader loader) {
        return of(file.toString(), file.getParent() != null ? file.getParent() : Path.of(""), YamlReader.read(file),
                loader);
    }

    /** Parses sweep text; {@code baseDir} resolves files the base scenario names. */
    public static Sweep parse(String displayName, Path baseDir, String yaml, ScenarioLoader loader) {
        return of(displayName, baseDir, YamlReader.parse(displayName, yaml), loader);
    }

    private static Sweep of(String source, Path baseDir, YamlNode rootNode, ScenarioLoader loader) {
        YamlNode.Mapping root = rootNode.asMapping();
        YamlNode.Mapping block = root.require("sweep", "a mapping of scenario key paths to lists of values "
                + "or ranges, e.g. workload.batch: [1, 8, 64]").asMapping();
        com.google.common.collect.ImmutableMap.Builder<String, YamlNode> baseEntries =
                com.google.common.collect.ImmutableMap.builder();
        for (Map.Entry<String, YamlNode> e : root.entrySet()) {
            if (!e.getKey().equals("sweep") && !e.getKey().equals("reference") && !e.getKey().equals("slo")) {
                baseEntries.put(e.getKey(), e.getValue());
            }
        }
        YamlNode.Mapping base = new YamlNode.Mapping(root.where(), baseEntries.build());
        YamlNode nameNode = root.require("name", "a sweep name: " + OutputName.EXPECTED);
        String name = nameNode.asScalar().asString();
        OutputName.problem(name).ifPresent(p -> {
            throw nameNode.error(p);
        });
        List<Axis> axes = new ArrayList<>();
        for (Map.Entry<String, YamlNode> e : block.entrySet()) {
            axes.add(axis(e.getKey(), e.getValue()));
        }
        if (axes.isEmpty()) {
            throw block.error("no keys to vary (expected at least one key path such as workload.batch: [1, 8])");
        }
        SweepReference reference = root.has("reference") ? SweepReference.read(root.require("reference", "")) : null;
        SweepSlo slo = root.has("slo") ? SweepSlo.read(root.require("slo", "")) : null;
        Sweep sweep = new Sweep(source, baseDir, name, base, axes, reference, slo);
        sweep.validate(loader);
        return sweep;
    }

    private static Axis axis(String keyPath, YamlNode node) {
        if (!YamlEdit.KEY_PATH.matcher(keyPath).matches()) {
            throw node.error("invalid key path '" + keyPath + "' (expected dotted scenario keys such as "
                    + "workload.batch or layout.decode.ffn)");
        }
        if (keyPath.equals("name") || keyPath.equals("sweep")) {
            throw node.error("'" + keyPath + "' cannot be swept (points are named <name>/<index>-<key=value...>)");
        }
        int line = node.where().line();
        if (node instanceof YamlNode.Sequence seq) {
            if (seq.size() == 0) {
                throw node.error("empty list of values (expected at least one value)");
            }
            List<Object> values = new ArrayList<>();
            for (YamlNode item : seq.items()) {
                values.add(PlainYaml.of(item));
            }
            return new Axis(keyPath, values, seq.items(), line);
        }
        if (node instanceof YamlNode.Mapping m) {
            List<Object> values = range(m);
            List<YamlNode> nodes = new ArrayList<>();
            for (Object v : values) {
                nodes.add(new YamlNode.Scalar(m.where(), (String) v));
            }
            return new Axis(keyPath, values, nodes, line);
        }
        throw node.error("expected a list of values or a range {from, to, step} or {from, to, factor}, found "
                + node.describe());
    }

    /** {from, to, step}: from, from+step, ... up to to; {from, to, factor}: from, from*factor, ... up to to. */
    private static List<Object> range(YamlNode.Mapping m) {
        m.onlyKeys(java.util.Set.of("from", "to", "step", "factor"));
        double from = m.require("from", "the first value of the range").asScalar().asDouble();
        double to = m.require("to", "the last value of the range (inclusive)").asScalar().asDouble();
        if (m.has("step") == m.has("factor")) {
            throw m.error("expected exactly one of step (arithmetic range) and factor (geometric range)");
        }
        boolean geometric = m.has("factor");
        YamlNode byNode = m.require(geometric ? "factor" : "step", "");
        double by = byNode.asScalar().asDouble();
        if (geometric ? !(by > 1) || !(from > 0) : !(by > 0)) {
            throw byNode.error(geometric ? "expected factor > 1 and from > 0, found factor " + by + ", from " + from
                    : "expected a positive step, found " + by);
        }
        if (to < from) {
            throw m.error("empty range: to (" + to + ") is below from (" + from + ")");
        }
        List<Object> values = new ArrayList<>();
        double tolerance = 1e-9 * Math.max(1, Math.abs(to));
        for (int i = 0; ; i++) {
            double v = geometric ? from * Math.pow(by, i) : from + i * by;
            if (v > to + tolerance) {
                break;
            }
            if (values.size() == MAX_RANGE_VALUES) {
                throw m.error("the range has more than " + MAX_RANGE_VALUES + " values");
            }
            values.add(number(v));
        }
        return values;
    }

    /** A whole number without a decimal point, otherwise the shortest decimal. */
    static String number(double v) {
        double r = Math.rint(v);
        if (Math.abs(v - r) < 1e-9 * Math.max(1, Math.abs(v)) && Math.abs(r) < 1e15) {
            return Long.toString((long) r);
        }
        return Double.toString(v);
    }

    /**
     * Checks the whole sweep before any point runs: every point's scenario (the base with the point's values) is
     * loaded, so the base, every key path and every value pass the loader's validation. A point the physics rejects
     * ({@link InfeasibleException}: a layout that does not divide the slice, a model that does not fit in HBM) is
     * fine, it is recorded as infeasible when the sweep runs; any other error is an input error naming the line of
     * the sweep file it comes from. Sweeps run workload kinds batch and trace (the Pareto report needs their figures).
     */
    private void validate(ScenarioLoader loader) {
        int n = size();
        for (int i = 0; i < n; i++) {
            Point p = point(i);
            Scenario s;
            try {
                s = p.load(loader, baseDir);
            } catch (InfeasibleException e) {
                continue;
            } catch (InputException e) {
                throw inputError(p, e);
            }
            if (!(s.workload() instanceof Workload.Batch) && !(s.workload() instanceof Workload.Trace)) {
                YamlNode kind = p.document().require("workload", "").asMapping().require("kind", "");
                throw kind.error("sweeps run workload kinds batch and trace (their points.jsonl and Pareto report "
                        + "hold model or serving figures), found kind '" + s.workload().kind() + "'");
            }
            if (slo != null && !(s.workload() instanceof Workload.Trace)) {
                throw new InputException(source, slo.line(), "slo", "an slo: block bounds the latencies of serving "
                        + "points (workload kind trace); point " + p.label() + " is of workload kind '"
                        + s.workload().kind() + "' (remove the slo: block or sweep a trace workload)");
            }
        }
    }

    /**
     * A loader error of point {@code p} as the sweep's input error: at the line of the swept key or value it is
     * about (an unknown key path, a bad value), otherwise as the loader reported it (the base scenario's line).
     */
    private InputException inputError(Point p, InputException e) {
        Axis axis = axisOf(e.keyPath());
        if (axis == null) {
            return e;
        }
        if (e.problem().startsWith("unknown key") && (e.keyPath().equals(axis.keyPath())
                || axis.keyPath().startsWith(e.keyPath() + "."))) {
            return new InputException(source, axis.line(), "sweep." + axis.keyPath(), "unknown key path '"
                    + axis.keyPath() + "' in the scenario: " + e.keyPath() + ": " + e.problem());
        }
        int line = source.equals(e.file().orElse(null)) && e.line() > 0 ? e.line() : axis.line();
        return new InputException(source, line, "sweep." + axis.keyPath(), "value "
                + p.params().get(axis.keyPath()) + " (point " + p.label() + "): "
                + (e.keyPath().equals(axis.keyPath()) ? "" : e.keyPath() + ": ") + e.problem());
    }

    /** The axis an error at {@code keyPath} is about: the key itself or inside its value, else its nearest parent. */
    private Axis axisOf(String keyPath) {
        for (Axis a : axes) {
            if (keyPath.equals(a.keyPath()) || keyPath.startsWith(a.keyPath() + ".")
                    || keyPath.startsWith(a.keyPath() + "[")) {
                return a;
            }
        }
        Axis best = null;
        for (Axis a : axes) {
            if (!keyPath.isEmpty() && a.keyPath().startsWith(keyPath + ".")
                    && (best == null || a.keyPath().length() < best.keyPath().length())) {
                best = a;
            }
        }
        return best;
    }

    /** The number of points: the product of the value counts. */
    public int size() {
        long n = 1;
        for (Axis a : axes) {
            n *= a.values().size();
            if (n > MAX_POINTS) {
                throw new InputException(source, a.line(), "sweep." + a.keyPath(), "the sweep has more than "
                        + MAX_POINTS + " points with this key's " + a.values().size() + " values (expected at most "
                        + MAX_POINTS + " points per sweep file; split the study into several files)");
            }
        }
        return (int) n;
    }

    /** Point {@code index} (0 .. size-1): the first key varies slowest. */
    public Point point(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("point " + index + " of " + size());
        }
        List<YamlEdit> edits = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>();
        int rest = index;
        int[] choice = new int[axes.size()];
        for (int i = axes.size() - 1; i >= 0; i--) {
            int n = axes.get(i).values().size();
            choice[i] = rest % n;
            rest /= n;
        }
        List<String> label = new ArrayList<>();
        for (int i = 0; i < axes.size(); i++) {
            Axis a = axes.get(i);
            Object v = a.values().get(choice[i]);
            edits.add(a.edit(choice[i]));
            params.put(a.keyPath(), PlainYaml.label(v));
            label.add(a.shortName() + "=" + PlainYaml.label(v));
        }
        return new Point(index, name + "/" + index + "-" + String.join(",", label), params,
                YamlEdit.applyAll(base, edits).asMapping());
    }

    /** Every point in index order. */
    public List<Point> points() {
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            out.add(point(i));
        }
        return out;
    }

    /**
     * One point of a sweep.
     *
     * @param index  position in the cartesian product, from 0
     * @param label  {@code <name>/<index>-<key=value,...>}
     * @param params the value of each varied key path, in sweep order
     * @param document the scenario of this point: the base with the point's values, each keeping its sweep-file line
     */
    public record Point(int index, String label, Map<String, String> params, YamlNode.Mapping document) {
        public Point {
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /**
         * Loads the point's scenario through the loader's checks; an {@link InfeasibleException} means the point is
         * infeasible (a sweep that loaded has no other input errors).
         */
        public Scenario load(ScenarioLoader loader, Path baseDir) {
            return loader.load(label, baseDir, document, List.of());
        }
    }

    /** A loader rejection as a point's reason: the key path and the problem (no file or line: they name no point). */
    static String reasonOf(InputException e) {
        return e.keyPath().isEmpty() ? e.problem() : e.keyPath() + ": " + e.problem();
    }

    /** A point's scenario, or empty with the reason when the point is infeasible. */
    public Optional<Scenario> tryLoad(Point p, ScenarioLoader loader, StringBuilder reason) {
        try {
            return Optional.of(p.load(loader, baseDir));
        } catch (InfeasibleException e) {
            reason.append(reasonOf(e));
            return Optional.empty();
        }
    }
}
