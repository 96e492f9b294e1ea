package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Golden outputs: the figures of a run (numeric leaves of results.json, or of each point of a sweep's points.jsonl)
 * as sorted {@code key.path = value} lines, kept under {@link #DIR} and compared exactly. With
 * {@code -Dtpusim.golden.rewrite=true} the files are written instead of compared (see README.md, "Tests").
 */
final class GoldenFigures {
    /** Golden files, mirroring scenarios/: {@code collectives/x.yaml -> DIR/collectives/x.txt}. Module-relative. */
    static final Path DIR = Path.of("src/test/golden");
    static final String REWRITE_PROPERTY = "tpusim.golden.rewrite";
    static final String REWRITE_COMMAND = "mvn -B verify -D" + REWRITE_PROPERTY + "=true";

    /** Significant digits of non-integer values. */
    static final int DIGITS = 12;
    private static final MathContext ROUND = new MathContext(DIGITS, RoundingMode.HALF_EVEN);

    /** Top-level keys that are not figures: the scenario as understood (inputs) and the version. */
    private static final Set<String> INPUTS = Set.of("scenario", "tpusim_version");
    /**
     * Arrays left out as too large or not figures: per-link lists and link planes, the route, timelines and the
     * trace's utilisation windows and ITL histogram, skipped input rows.
     */
    private static final Set<String> LARGE = Set.of("links", "busiest_links", "link_planes", "route", "timeline",
            "utilisation", "itl_histogram", "skipped");
    /** Fields of array elements derived from their others: a trace's batch-size time share (time_s / total). */
    private static final Set<String> DERIVED = Set.of("time_share");
    /**
     * Numeric fields that, with the string fields, name an element of an array of objects (then they are in the
     * name, not repeated as figures).
     */
    private static final Set<String> NAMING_NUMBERS = Set.of("part", "batch");

    private static final ObjectMapper JSON = new ObjectMapper();

    private GoldenFigures() {
    }

    static boolean rewriting() {
        return Boolean.getBoolean(REWRITE_PROPERTY);
    }

    /** The figures of one results.json. */
    static SortedMap<String, String> ofResults(Path resultsJson) {
        SortedMap<String, String> out = new TreeMap<>();
        JsonNode root = read(resultsJson);
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!INPUTS.contains(e.getKey())) {
                flatten(e.getKey(), e.getKey(), e.getValue(), out);
            }
        }
        return out;
    }

    /**
     * The figures of every point of a sweep's points.jsonl: {@code <index>-<label>.simulated.* / .analytical.*}, and
     * {@code .status} for a point that is not {@code ok} (infeasible or failed).
     */
    static SortedMap<String, String> ofSweepPoints(Path pointsJsonl) {
        SortedMap<String, String> out = new TreeMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(pointsJsonl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int width = Math.max(3, String.valueOf(lines.size()).length());
        for (String line : lines) {
            JsonNode p;
            try {
                p = JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String label = p.get("label").asText();
            String rest = label.substring(label.indexOf('/') + 1);
            rest = rest.substring(rest.indexOf('-') + 1);
            String key = String.format(Locale.ROOT, "%0" + width + "d-%s", p.get("index").asInt(), rest);
            if (!"ok".equals(p.get("status").asText())) {
                out.put(key + ".status", p.get("status").asText());
            }
            for (String part : List.of("simulated", "analytical", "serving")) {
                if (p.hasNonNull(part)) {
                    flatten(key + "." + part, part, p.get(part), out);
                }
            }
        }
        return out;
    }

    /**
     * The answers of a sweep's slo.csv, added to {@code out}: per configuration {@code slo[<configuration>].}
     * {@code max_rate_per_s} (a rate or none), {@code index} and {@code throughput_per_chip} of the point at that rate.
     */
    static void addSlo(Path sloCsv, SortedMap<String, String> out) {
        List<String> lines;
        try {
            lines = Files.readAllLines(sloCsv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> header = List.of(lines.get(0).split(","));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            String key = "slo[" + cells[0].replace("\"", "") + "].";
            for (String column : List.of("max_rate_per_s", "index", "throughput_per_chip")) {
                String v = cells[header.indexOf(column)];
                if (!v.isEmpty()) {
                    out.put(key + column, column.equals("throughput_per_chip") ? format(Double.parseDouble(v)) : v);
                }
            }
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flatten(String path, String field, JsonNode n, Map<String, String> out) {
        if (field.contains("wall")) {
            return;     // wall-clock time: not deterministic
        }
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                flatten(path + "." + e.getKey(), e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray()) {
            if (LARGE.contains(field)) {
                return;
            }
            List<String> names = elementNames(n);
            boolean named = names != null;
            int width = String.valueOf(Math.max(0, n.size() - 1)).length();
            for (int i = 0; i < n.size(); i++) {
                JsonNode e = n.get(i);
                String at = path + "[" + (named ? names.get(i) : String.format(Locale.ROOT, "%0" + width + "d", i))
                        + "]";
                if (!e.isObject()) {
                    flatten(at, field, e, out);
                    continue;
                }
                for (Map.Entry<String, JsonNode> f : e.properties()) {
                    if (!(named && NAMING_NUMBERS.contains(f.getKey())) && !DERIVED.contains(f.getKey())) {
                        flatten(at + "." + f.getKey(), f.getKey(), f.getValue(), out);
                    }
                }
            }
        } else if (n.isNumber()) {
            out.put(path, format(n));
        }
    }

    /**
     * Names of an array's elements: their string fields (and part, batch), e.g. {@code by_op[decode,attention]}, when
     * these are unique and not empty; otherwise null (the elements are named by their zero-padded index).
     */
    private static List<String> elementNames(JsonNode array) {
        List<String> names = new ArrayList<>();
        for (JsonNode e : array) {
            List<String> parts = new ArrayList<>();
            if (e.isObject()) {
                for (Map.Entry<String, JsonNode> f : e.properties()) {
                    if (f.getValue().isTextual()
                            || (NAMING_NUMBERS.contains(f.getKey()) && f.getValue().isIntegralNumber())) {
                        parts.add(f.getValue().asText().strip().replaceAll("\\s+", "_"));
                    }
                }
            }
            names.add(String.join(",", parts));
        }
        if (names.contains("") || new HashSet<>(names).size() < names.size()) {
            return null;
        }
        return names;
    }

    /** Integers as they are; other numbers rounded to {@link #DIGITS} significant digits, no trailing zeros. */
    static String format(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue().toString();
        }
        return format(n.doubleValue());
    }

    static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(ROUND).stripTrailingZeros();
        double a = Math.abs(v);
        return a >= 1e-6 && a < 1e15 ? d.toPlainString() : d.toString();
    }

    /** The golden file of a scenario or sweep file under scenarios/: same relative path, extension .txt. */
    static Path fileFor(Path scenariosDir, Path scenario) {
        String rel = scenariosDir.relativize(scenario).toString().replace('\\', '/');
        return DIR.resolve(rel.replaceAll("\\.yaml$", "") + ".txt");
    }

    /** A golden file as the repository names it (the tests run in reports/). */
    static String shown(Path golden) {
        return golden.isAbsolute() ? golden.toString() : "reports/" + golden.toString().replace('\\', '/');
    }

    static String render(String header, SortedMap<String, String> figures) {
        StringBuilder b = new StringBuilder();
        for (String h : header.split("\n")) {
            b.append("# ").append(h).append('\n');
        }
        figures.forEach((k, v) -> b.append(k).append(" = ").append(v).append('\n'));
        return b.toString();
    }

    static SortedMap<String, String> parse(String text) {
        SortedMap<String, String> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.lastIndexOf(" = ");
            if (eq < 0) {
                throw new IllegalArgumentException("not a 'key = value' line: " + line);
            }
            out.put(line.substring(0, eq), line.substring(eq + 3));
        }
        return out;
    }

    /** Every key whose value differs, is missing or is new, one per line; empty when the maps are equal. */
    static List<String> differences(SortedMap<String, String> expected, SortedMap<String, String> actual) {
        List<String> d = new ArrayList<>();
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String k : keys) {
            String e = expected.get(k);
            String a = actual.get(k);
            if (e == null) {
                d.add(k + ": new figure, actual " + a);
            } else if (a == null) {
                d.add(k + ": missing, expected " + e);
            } else if (!e.equals(a)) {
                d.add(k + ": expected " + e + ", actual " + a);
            }
        }
        return d;
    }

    /**
     * Compares the figures of {@code source} with its golden file, or writes the file when rewriting. Fails, naming
     * every differing key and the rewrite command, when the file is missing or differs.
     */
    static void check(String source, Path golden, String header, SortedMap<String, String> actual) {
        check(source, golden, header, actual, rewriting());
    }

    static void check(String source, Path golden, String header, SortedMap<String, String> actual, boolean rewrite) {
        String text = render(header, actual);
        if (rewrite) {
            try {
                Files.createDirectories(golden.getParent());
                if (!Files.exists(golden) || !Files.readString(golden).equals(text)) {
                    Files.writeString(golden, text);
                    System.out.println("golden: wrote " + shown(golden) + " (" + actual.size() + " figures)");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        String how = "If the change is intended, rewrite the golden files with `" + REWRITE_COMMAND
                + "` (see README.md, \"Tests\") and commit them; the diff shows the change in review.";
        if (!Files.exists(golden)) {
            fail("no golden file " + shown(golden) + " for " + source + " (" + actual.size()
                    + " figures). " + how);
        }
        SortedMap<String, String> expected;
        try {
            expected = parse(Files.readString(golden));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> d = differences(expected, actual);
        if (!d.isEmpty()) {
            fail("figures of " + source + " differ from " + shown(golden) + " in " + d.size() + " of " + expected.size()
                    + " keys:\n  " + String.join("\n  ", d) + "\n" + how);
        }
    }

    /**
     * Fails when a golden file exists with no scenario behind it (or deletes it when rewriting).
     *
     * @param expected the golden files the bundled scenarios and sweeps have
     */
    static void checkNoStaleFiles(Set<Path> expected) throws IOException {
        if (!Files.isDirectory(DIR)) {
            return;
        }
        List<Path> stale;
        try (Stream<Path> s = Files.walk(DIR)) {
            stale = s.filter(Files::isRegularFile).filter(p -> !expected.contains(p.normalize())).sorted().toList();
        }
        if (stale.isEmpty()) {
            return;
        }
        if (rewriting()) {
            for (Path p : stale) {
                Files.delete(p);
                System.out.println("golden: deleted " + shown(p) + " (no such bundled scenario)");
            }
            return;
        }
        fail("golden files without a bundled scenario (deleted or renamed?):\n  "
                + String.join("\n  ", stale.stream().map(GoldenFigures::shown).toList())
                + "\nDelete them, or rewrite the golden files with `" + REWRITE_COMMAND + "`, which deletes them.");
    }
}
