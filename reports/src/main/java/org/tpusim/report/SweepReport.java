package org.tpusim.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.tpusim.figure.Figure;
import org.tpusim.output.OutputDir;
import org.tpusim.report.chart.LineChart;
import org.tpusim.report.chart.Ticks;
import org.tpusim.sweep.Pareto;
import org.tpusim.sweep.PointResult;

/**
 * The Pareto report of a sweep: {@code pareto.csv} (one row per frontier point) and {@code pareto.html} (per
 * frontier kind a log-log chart with one line per model and dtype, in the style of Pope et al. 2022, Figure 1 and
 * C.1, then a table per frontier with each point's chips, batch and layout). Reads point records only.
 */
public final class SweepReport {
    private SweepReport() {
    }

    /** CSV header of {@code pareto.csv}. */
    /** The simulated figures of each frontier point in the CSV, in column order. */
    private static final List<Figure> CSV_FIGURES = List.of(Figure.DECODE_PER_TOKEN_MS, Figure.COST_DECODE,
            Figure.MFU_DECODE, Figure.PREFILL_S, Figure.COST_PREFILL, Figure.MFU_PREFILL);
    /** The analytical figures in the CSV, after the simulated ones. */
    private static final List<Figure> CSV_ANALYTICAL = List.of(Figure.DECODE_PER_TOKEN_MS, Figure.PREFILL_S);

    public static final String CSV_HEADER = "group,frontier,rank,index,topology,chips,batch,prefill_layout,"
            + "decode_layout,x,y," + String.join(",", CSV_FIGURES.stream().map(Figure::flatKey).toList()) + ","
            + String.join(",", CSV_ANALYTICAL.stream().map(f -> "analytical_" + f.flatKey()).toList()) + ",label";

    /** The CSV of every frontier point. */
    public static String csv(List<Pareto.Frontier> frontiers) {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (Pareto.Frontier f : frontiers) {
            int rank = 1;
            for (PointResult p : f.frontier()) {
                PointResult.Figures s = p.simulated();
                PointResult.Figures a = p.analytical();
                b.append(String.join(",", cell(f.group()), f.kind().name().toLowerCase(Locale.ROOT),
                        String.valueOf(rank++), String.valueOf(p.index()), p.topology(), String.valueOf(p.chips()),
                        String.valueOf(p.batch()), cell(p.prefillLayout()), cell(p.decodeLayout()),
                        num(f.kind().x(p)), num(f.kind().y(p)),
                        String.join(",", CSV_FIGURES.stream().map(x -> num(s.get(x))).toList()),
                        String.join(",", CSV_ANALYTICAL.stream().map(x -> num(a.get(x))).toList()),
                        cell(p.label()))).append('\n');
            }
        }
        return b.toString();
    }

    /** The HTML page. */
    public static String html(String sweepName, String source, List<PointResult> points,
                              List<Pareto.Frontier> frontiers) {
        return html(sweepName, source, points, frontiers, p -> null);
    }

    /** The HTML page; {@code report} gives the link to a point's report, or null when it has none. */
    public static String html(String sweepName, String source, List<PointResult> points,
                              List<Pareto.Frontier> frontiers, Function<PointResult, String> report) {
        Html h = new Html().page("tpusim sweep " + sweepName);
        h.raw("<h1>").text("Sweep " + sweepName).raw("</h1>\n<p class=\"sub\">").text(source).raw("</p>\n");
        long ok = points.stream().filter(PointResult::ok).count();
        long infeasible = points.stream().filter(p -> PointResult.INFEASIBLE.equals(p.status())).count();
        long failed = points.size() - ok - infeasible;
        h.raw("<div class=\"cards\">");
        card(h, String.valueOf(points.size()), "points");
        card(h, String.valueOf(ok), "simulated");
        card(h, String.valueOf(infeasible), "infeasible");
        card(h, String.valueOf(failed), "failed");
        h.raw("</div>\n<p class=\"note\">").text("A point is on a frontier when no other point of the same model and "
                + "weight dtype is at least as good on both axes and better on one. Latency and cost are minimised, "
                + "MFU maximised. Cost = chips x time / tokens (chip-ms per token); MFU = 2 N tokens / (chips x peak "
                + "x time). All figures are simulated; the tables add the paper's analytical latency beside them. "
                + "Chart labels: 64c b16 = 64 chips, batch 16; hover a point for its values.")
                .raw("</p>\n");
        for (Pareto.Kind kind : Pareto.Kind.values()) {
            List<Pareto.Frontier> ofKind = frontiers.stream().filter(f -> f.kind() == kind).toList();
            if (ofKind.isEmpty()) {
                continue;
            }
            h.raw("<h2>").text(kind.title()).raw("</h2>\n");
            boolean mfu = kind == Pareto.Kind.DECODE_MFU;
            LineChart chart = new LineChart(kind.title(),
                    new LineChart.AxisSpec(kind.xTitle() + ", log scale", true,
                            kind == Pareto.Kind.PREFILL_COST ? Ticks::seconds : v -> Ticks.number(v) + " ms"),
                    new LineChart.AxisSpec(kind.yTitle() + (mfu ? "" : ", log scale"), !mfu,
                            mfu ? Ticks::percent : Ticks::number)).size(720, 320);
            for (Pareto.Frontier f : ofKind) {
                List<LineChart.Point> pts = new ArrayList<>();
                for (PointResult p : f.frontier()) {
                    pts.add(new LineChart.Point(kind.x(p), kind.y(p), p.chips() + "c b" + p.batch()));
                }
                chart.add(new LineChart.Series(f.group(), pts, false));
            }
            h.chart(chart.render());
            for (Pareto.Frontier f : ofKind) {
                table(h, f, report);
            }
        }
        infeasible(h, points);
        return h.close();
    }

    private static void table(Html h, Pareto.Frontier f, Function<PointResult, String> report) {
        h.raw("<h3>").text(f.group() + ": " + f.frontier().size() + " frontier points of " + f.candidates())
                .raw("</h3>\n<table><tr><th>point</th><th class=\"num\">chips</th><th class=\"num\">batch</th>"
                        + "<th>topology</th><th>layout</th>");
        boolean prefill = f.kind() == Pareto.Kind.PREFILL_COST;
        h.raw(prefill ? "<th class=\"num\">prefill latency</th><th class=\"num\">analytical</th>"
                : "<th class=\"num\">ms per token</th><th class=\"num\">analytical</th>");
        h.raw("<th class=\"num\">cost (chip-ms/token)</th><th class=\"num\">MFU</th></tr>\n");
        for (PointResult p : f.frontier()) {
            PointResult.Figures s = p.simulated();
            String href = report.apply(p);
            h.numericRow(href == null ? "#" + p.index() : new Html.Link("#" + p.index(), href), p.chips(), p.batch(), p.topology(),
                    prefill ? p.prefillLayout() : p.decodeLayout(),
                    prefill ? Html.seconds(s.get(Figure.PREFILL_S)) : Html.sig(s.get(Figure.DECODE_PER_TOKEN_MS)),
                    prefill ? Html.seconds(p.analytical().get(Figure.PREFILL_S))
                            : Html.sig(p.analytical().get(Figure.DECODE_PER_TOKEN_MS)),
                    Html.sig(s.get(prefill ? Figure.COST_PREFILL : Figure.COST_DECODE)),
                    Html.percent(s.get(prefill ? Figure.MFU_PREFILL : Figure.MFU_DECODE)));
        }
        h.raw("</table>\n");
    }

    /** Infeasible and failed points grouped by reason (the most frequent first, 20 at most). */
    private static void infeasible(Html h, List<PointResult> points) {
        Map<String, List<Integer>> byReason = new LinkedHashMap<>();
        for (PointResult p : points) {
            if (!p.ok()) {
                String r = p.status() + ": " + p.reason();
                byReason.computeIfAbsent(r, k -> new ArrayList<>()).add(p.index());
            }
        }
        if (byReason.isEmpty()) {
            return;
        }
        h.raw("<h2>").text("Points not simulated").raw("</h2>\n<table><tr><th class=\"num\">points</th>"
                + "<th>reason</th><th>indexes</th></tr>\n");
        byReason.entrySet().stream().sorted((a, b) -> b.getValue().size() - a.getValue().size()).limit(20)
                .forEach(e -> {
                    List<Integer> ids = e.getValue();
                    String shown = ids.subList(0, Math.min(12, ids.size())).toString()
                            + (ids.size() > 12 ? " ..." : "");
                    h.raw("<tr><td class=\"num\">").text(ids.size()).raw("</td>").element("td", e.getKey())
                            .element("td", shown).raw("</tr>\n");
                });
        h.raw("</table>\n");
    }

    private static void card(Html h, String value, String key) {
        h.raw("<div class=\"card\"><div class=\"v\">").text(value).raw("</div><div class=\"k\">").text(key)
                .raw("</div></div>");
    }

    /** Writes {@code pareto.csv} and {@code pareto.html} into the sweep's folder; returns the HTML path. */
    public static Path write(OutputDir.Folder folder, String sweepName, String source, List<PointResult> points) {
        return write(folder, sweepName, source, points, p -> null);
    }

    /** As {@link #write(OutputDir.Folder, String, String, List)}, linking each point that has a report. */
    public static Path write(OutputDir.Folder folder, String sweepName, String source, List<PointResult> points,
                             Function<PointResult, String> report) {
        List<Pareto.Frontier> frontiers = Pareto.of(points);
        folder.write("pareto.csv", csv(frontiers));
        return folder.write("pareto.html", html(sweepName, source, points, frontiers, report));
    }

    private static String num(double v) {
        return Double.toString(v);
    }

    private static String cell(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
