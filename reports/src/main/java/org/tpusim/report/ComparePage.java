package org.tpusim.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tpusim.figure.Figure;
import org.tpusim.figure.Format;
import org.tpusim.figure.Unit;

/**
 * Two or more results of one workload kind side by side ({@code tpusim compare}): each headline {@link Figure} of the
 * kind, simulated, analytical and published (where a scenario has a {@code reference:} block), with its ratio to the
 * first result; then every key of the scenario echoes whose value differs between the results (chip parameters
 * included). Rendered as console text and as a self-contained HTML page ({@code compare.html}).
 */
public final class ComparePage {
    /** Longest value shown in a console cell; longer ones end in an ellipsis (the HTML page shows them whole). */
    static final int CONSOLE_CELL = 30;

    /** One line of the figures table: a figure, what it is (simulated, analytical, published) and its values. */
    public record FigureRow(Figure figure, String source, List<Double> values) {
        /** Value {@code i} over the first result's; NaN when either is missing or the first is zero. */
        public double ratio(int i) {
            double a = values.get(0);
            double b = values.get(i);
            return Double.isFinite(a) && Double.isFinite(b) && a != 0 ? b / a : Double.NaN;
        }

        public String cell(int i) {
            return ComparePage.cell(figure.unit(), values.get(i));
        }
    }

    /** A key of the scenario echo whose value differs between the results ("–" where a result lacks it). */
    public record DiffRow(String keyPath, List<String> values) {
    }

    private final List<ResultFile> results;
    private final List<FigureRow> figures = new ArrayList<>();
    private final List<DiffRow> diff = new ArrayList<>();
    private final int keysCompared;

    public ComparePage(List<ResultFile> results) {
        if (results.size() < 2) {
            throw new IllegalArgumentException("compare needs at least two results");
        }
        this.results = List.copyOf(results);
        String kind = results.get(0).kind();
        for (Figure f : Figure.of(kind)) {
            List<Double> sim = results.stream().map(r -> r.simulated(f)).toList();
            List<Double> ana = results.stream().map(r -> r.analytical(f)).toList();
            List<Double> pub = results.stream().map(r -> r.published(f)).toList();
            if (absent(sim) && absent(ana) && pub.stream().noneMatch(Double::isFinite)) {
                continue;   // e.g. prefill figures of decode-only runs
            }
            figures.add(new FigureRow(f, "simulated", sim));
            figures.add(new FigureRow(f, "analytical", ana));
            if (pub.stream().anyMatch(Double::isFinite)) {
                figures.add(new FigureRow(f, "published", pub));
            }
        }
        List<Map<String, String>> shown = new ArrayList<>();
        List<Map<String, String>> exact = new ArrayList<>();
        for (ResultFile r : results) {
            Map<String, String> s = new LinkedHashMap<>();
            Map<String, String> x = new LinkedHashMap<>();
            flatten("", r.scenario(), s, x);
            shown.add(s);
            exact.add(x);
        }
        Set<String> keys = new LinkedHashSet<>();
        exact.forEach(m -> keys.addAll(m.keySet()));
        for (String k : keys) {
            // compared on the exact values; shown formatted (a chip parameter in its unit)
            if (exact.stream().map(m -> m.getOrDefault(k, "\u2013")).distinct().count() > 1) {
                diff.add(new DiffRow(k, shown.stream().map(m -> m.getOrDefault(k, "\u2013")).toList()));
            }
        }
        keysCompared = keys.size();
    }

    private static boolean absent(List<Double> values) {
        return values.stream().allMatch(v -> !Double.isFinite(v) || v == 0);
    }

    public List<FigureRow> figures() {
        return figures;
    }

    public List<DiffRow> diff() {
        return diff;
    }

    /** A, B, C, ... for the results in order (then #27, #28, ...). */
    public static String letter(int i) {
        return i < 26 ? String.valueOf((char) ('A' + i)) : "#" + (i + 1);
    }

    static String cell(Unit unit, double v) {
        if (!Double.isFinite(v)) {
            return "\u2013";
        }
        // the label of a cost names its unit already
        return unit == Unit.CHIP_MS_PER_TOKEN ? Format.number(v) : Format.value(v, unit);
    }

    // ---------------------------------------------------------------------------------------------- console

    /** The console text: who is who, the figures with ratios to A, the scenario differences. */
    public String console() {
        StringBuilder b = new StringBuilder();
        int n = results.size();
        b.append("compare ").append(n).append(' ').append(results.get(0).kind()).append(" results\n");
        for (int i = 0; i < n; i++) {
            ResultFile r = results.get(i);
            b.append("  ").append(pad(letter(i), 3)).append(pad(r.name(), 0)).append("  (").append(r.file())
                    .append(")\n");
        }
        b.append('\n');
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("figure", ""));
        for (int i = 0; i < n; i++) {
            head.add(letter(i));
        }
        for (int i = 1; i < n; i++) {
            head.add(letter(i) + "/A");
        }
        rows.add(head.toArray(String[]::new));
        Figure last = null;
        for (FigureRow f : figures) {
            List<String> row = new ArrayList<>();
            row.add(f.figure() == last ? "" : f.figure().label());
            last = f.figure();
            row.add(f.source());
            for (int i = 0; i < n; i++) {
                row.add(f.cell(i));
            }
            for (int i = 1; i < n; i++) {
                row.add(ratioCell(f.ratio(i)));
            }
            rows.add(row.toArray(String[]::new));
        }
        List<String> ratio = new ArrayList<>(List.of("ratio", "sim/analytical"));
        for (ResultFile r : results) {
            ratio.add(Format.ratio(r.ratio()));
        }
        for (int i = 1; i < n; i++) {
            ratio.add("");
        }
        rows.add(ratio.toArray(String[]::new));
        table(b, rows, 2);
        b.append('\n');
        if (diff.isEmpty()) {
            b.append("scenarios: the same in all ").append(keysCompared).append(" keys\n");
        } else {
            b.append("scenarios: ").append(diff.size()).append(" of ").append(keysCompared)
                    .append(" keys differ\n");
            List<String[]> d = new ArrayList<>();
            List<String> dh = new ArrayList<>(List.of("key path"));
            for (int i = 0; i < n; i++) {
                dh.add(letter(i));
            }
            d.add(dh.toArray(String[]::new));
            for (DiffRow r : diff) {
                List<String> row = new ArrayList<>(List.of(r.keyPath()));
                r.values().forEach(v -> row.add(shorten(v)));
                d.add(row.toArray(String[]::new));
            }
            table(b, d, n + 1);
        }
        return b.toString();
    }

    private static String ratioCell(double r) {
        return Double.isFinite(r) ? Format.ratio(r) : "\u2013";
    }

    /** Aligned columns: the first {@code textColumns} left-aligned, the rest right-aligned. */
    private static void table(StringBuilder b, List<String[]> rows, int textColumns) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                w[c] = Math.max(w[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < cols; c++) {
                String v = r[c];
                String padding = " ".repeat(w[c] - v.length());
                line.append(c < textColumns ? v + padding : padding + v);
                if (c + 1 < cols) {
                    line.append("   ");
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + (width > 0 ? " " : "") : s + " ".repeat(width - s.length());
    }

    private static String shorten(String v) {
        String one = v.replace('\n', ' ');
        // the start and the end: file paths differ at their end
        int head = CONSOLE_CELL / 3;
        return one.length() <= CONSOLE_CELL ? one
                : one.substring(0, head) + "\u2026" + one.substring(one.length() - (CONSOLE_CELL - head - 1));
    }

    // ------------------------------------------------------------------------------------------------- HTML

    /**
     * The HTML page; {@code pageDir} is the folder the page is written to, from which each result's report.html is
     * linked (null: no links).
     */
    public String html(Path pageDir) {
        int n = results.size();
        Html h = new Html().page("tpusim compare");
        h.raw("<h1>Compare ").text(n + " " + results.get(0).kind() + " results").raw("</h1>\n<p class=\"sub\">")
                .text("Ratios are against A, the first result. Published: the figures of a scenario's reference "
                        + "block.").raw("</p>\n");
        h.raw("<table>");
        h.headerRow("", "result", "system", "report", "results.json");
        for (int i = 0; i < n; i++) {
            ResultFile r = results.get(i);
            h.raw("<tr>").element("td", letter(i)).element("td", r.name()).element("td", r.system()).raw("<td>");
            String href = href(pageDir, r.file().toAbsolutePath().normalize().resolveSibling("report.html"));
            if (href != null) {
                h.raw("<a href=\"").text(href).raw("\">").text("report.html").raw("</a>");
            } else {
                h.text("\u2013");
            }
            h.raw("</td>").element("td", r.file().toString()).raw("</tr>\n");
        }
        h.raw("</table>\n<h2>Figures</h2>\n<table><tr><th>figure</th><th></th>");
        for (int i = 0; i < n; i++) {
            h.raw("<th class=\"num\">").text(letter(i)).raw("</th>");
        }
        for (int i = 1; i < n; i++) {
            h.raw("<th class=\"num\">").text(letter(i) + " / A").raw("</th>");
        }
        h.raw("</tr>\n");
        Figure last = null;
        for (FigureRow f : figures) {
            h.raw(f.figure() == last ? "<tr>" : "<tr class=\"first\">");
            h.element("td", f.figure() == last ? "" : f.figure().label());
            last = f.figure();
            h.element("td", f.source());
            for (int i = 0; i < n; i++) {
                h.raw("<td class=\"num\">").text(f.cell(i)).raw("</td>");
            }
            for (int i = 1; i < n; i++) {
                double r = f.ratio(i);
                boolean moved = Double.isFinite(r) && Math.abs(r - 1) > 0.005;
                h.raw(moved ? "<td class=\"num\"><b>" : "<td class=\"num\">").text(ratioCell(r))
                        .raw(moved ? "</b></td>" : "</td>");
            }
            h.raw("</tr>\n");
        }
        h.raw("<tr class=\"first\">").element("td", "ratio").element("td", "simulated / analytical");
        for (ResultFile r : results) {
            h.raw("<td class=\"num\">").text(Format.ratio(r.ratio())).raw("</td>");
        }
        h.raw("<td colspan=\"" + (n - 1) + "\"></td></tr>\n</table>\n");
        h.raw("<p class=\"note\">").text("Bold: a ratio more than 0.5% away from 1. Ratio: the headline simulated "
                + "figure over its analytical form (batch: total time; trace: as the report defines it; collective "
                + "and transfer: time).").raw("</p>\n");
        h.raw("<h2>Scenario differences</h2>\n");
        if (diff.isEmpty()) {
            h.raw("<p>").text("The scenario echoes are the same in all " + keysCompared + " keys.").raw("</p>\n");
        } else {
            h.raw("<p class=\"sub\">").text(diff.size() + " of " + keysCompared + " keys of the scenario echo "
                    + "(results.json: scenario) differ; chip parameters are under system.parameters.").raw("</p>\n");
            h.raw("<table><tr><th>key path</th>");
            for (int i = 0; i < n; i++) {
                h.element("th", letter(i));
            }
            h.raw("</tr>\n");
            for (DiffRow r : diff) {
                h.raw("<tr>").raw("<td><code>").text(r.keyPath()).raw("</code></td>");
                r.values().forEach(v -> h.element("td", v));
                h.raw("</tr>\n");
            }
            h.raw("</table>\n");
        }
        h.raw("<footer>").text("tpusim compare; results of tpusim " + String.join(", ",
                results.stream().map(ResultFile::version).distinct().toList())).raw("</footer>\n");
        return h.close();
    }

    /** A relative link from {@code pageDir} to {@code target} when both are known and the target exists. */
    static String href(Path pageDir, Path target) {
        if (pageDir == null || !Files.isRegularFile(target)) {
            return null;
        }
        Path rel = pageDir.toAbsolutePath().normalize().relativize(target.toAbsolutePath().normalize());
        List<String> parts = new ArrayList<>();
        for (Path p : rel) {
            parts.add(URLEncoder.encode(p.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return String.join("/", parts);
    }

    // --------------------------------------------------------------------------------------- scenario echo

    /**
     * The scenario echo as key path -> value: objects by key, lists of objects that carry a {@code key} (chip
     * parameters, reference figures) by that key with their {@code value} (a chip parameter in its unit), other
     * lists of objects by index, lists of plain values as one value.
     */
    static Map<String, String> flatten(JsonNode echo) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", echo, out, new LinkedHashMap<>());
        return out;
    }

    private static void flatten(String path, JsonNode n, Map<String, String> out, Map<String, String> exact) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out, exact);
            }
        } else if (n.isArray()) {
            boolean keyed = n.size() > 0;
            boolean plain = true;
            for (JsonNode e : n) {
                keyed &= e.isObject() && e.path("key").isTextual();
                plain &= e.isValueNode();
            }
            if (plain) {
                List<String> values = new ArrayList<>();
                n.forEach(e -> values.add(e.asText()));
                out.put(path, "[" + String.join(", ", values) + "]");
                exact.put(path, out.get(path));
            } else if (keyed) {
                for (JsonNode e : n) {
                    String p = path + "." + e.path("key").asText();
                    if (e.has("value")) {
                        JsonNode v = e.path("value");
                        out.put(p, v.isNumber() && e.path("unit").isTextual()
                                ? Format.quantity(v.asDouble(), e.path("unit").asText()) : scalar(v));
                        exact.put(p, v.asText());
                    } else {
                        flatten(p, e, out, exact);
                    }
                }
            } else {
                for (int i = 0; i < n.size(); i++) {
                    flatten(path + "[" + i + "]", n.get(i), out, exact);
                }
            }
        } else {
            out.put(path, scalar(n));
            exact.put(path, n.asText());
        }
    }

    private static String scalar(JsonNode v) {
        if (v.isNull() || v.isMissingNode()) {
            return "null";
        }
        if (v.isFloatingPointNumber() && v.asDouble() == Math.rint(v.asDouble()) && Math.abs(v.asDouble()) < 1e15) {
            return String.valueOf((long) v.asDouble());
        }
        return Objects.toString(v.asText());
    }
}
