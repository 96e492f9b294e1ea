package org.tpusim.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.tpusim.figure.Format;
import org.tpusim.figure.Figure;
import org.tpusim.output.OutputDir;
import org.tpusim.report.chart.LineChart;
import org.tpusim.report.chart.Palette;
import org.tpusim.report.chart.Ticks;
import org.tpusim.sweep.Pareto;
import org.tpusim.sweep.PointResult;
import org.tpusim.sweep.SweepReference;
import org.tpusim.sweep.SweepSlo;

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

    /** CSV header of the serving frontiers (trace points): {@code pareto.csv} of a sweep of trace points. */
    public static final String SERVING_CSV_HEADER = "group,frontier,rank,index,topology,chips,policy,max_batch,"
            + "replicas,x,y,throughput_tokens_per_s,throughput_per_chip,ttft_p50_ms,ttft_p99_ms,tpot_p50_ms,"
            + "tpot_p99_ms,preemptions,prefix_hit_rate,calibrated,label";

    /** The CSV of every frontier point of the batch kinds. */
    public static String csv(List<Pareto.Frontier> frontiers) {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (Pareto.Frontier f : frontiers) {
            if (f.kind().serving()) {
                continue;
            }
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

    /**
     * The CSV of every frontier point of the serving kinds: x is the latency figure (TTFT or TPOT p99, ms), y the
     * throughput per chip (tokens/s per chip); an absent figure (no TPOT, no paged KV cache, no prefix cache) is an
     * empty cell; calibrated is true, false, or empty when unknown.
     */
    public static String servingCsv(List<Pareto.Frontier> frontiers) {
        StringBuilder b = new StringBuilder(SERVING_CSV_HEADER).append('\n');
        for (Pareto.Frontier f : frontiers) {
            if (!f.kind().serving()) {
                continue;
            }
            int rank = 1;
            for (PointResult p : f.frontier()) {
                PointResult.Serving v = p.serving();
                b.append(String.join(",", cell(f.group()), f.kind().name().toLowerCase(Locale.ROOT),
                        String.valueOf(rank++), String.valueOf(p.index()), cell(p.topology()),
                        String.valueOf(p.chips()), cell(v.policy()), String.valueOf(v.maxBatch()),
                        String.valueOf(v.replicas()), num(f.kind().x(p)), num(f.kind().y(p)),
                        num(v.throughputTokensPerS()), num(v.throughputPerChip()), num(v.ttftP50Ms()),
                        num(v.ttftP99Ms()), opt(v.tpotP50Ms()), opt(v.tpotP99Ms()),
                        v.preemptions() == null ? "" : String.valueOf(v.preemptions()), opt(v.prefixHitRate()),
                        p.calibration() == null ? "" : String.valueOf(p.calibration().inside()),
                        cell(p.label()))).append('\n');
            }
        }
        return b.toString();
    }

    /** CSV header of {@code slo.csv}. */
    public static final String SLO_CSV_HEADER = "configuration,slo,rates_per_s,rates_meeting,max_rate_per_s,meets_slo,"
            + "index,topology,chips,policy,throughput_tokens_per_s,throughput_per_chip,ttft_p99_ms,tpot_p99_ms,label";

    /**
     * {@code slo.csv}: one row per configuration ({@link SweepSlo#evaluate}): the SLO, the swept rates and those
     * whose points meet it (space-separated), the highest of them ({@code none} when no rate meets it, empty when the
     * rate is not swept), then the figures of that point (empty when none).
     */
    public static String sloCsv(SweepSlo slo, List<SweepSlo.Row> rows) {
        StringBuilder b = new StringBuilder(SLO_CSV_HEADER).append('\n');
        for (SweepSlo.Row r : rows) {
            PointResult p = r.best();
            PointResult.Serving v = p == null ? null : p.serving();
            String max = r.rates().isEmpty() ? "" : p == null ? "none" : r.bestRate();
            b.append(String.join(",", cell(r.configuration()), cell(slo.describe()), String.join(" ", r.rates()),
                    String.join(" ", r.meeting()), max, String.valueOf(p != null),
                    p == null ? "" : String.valueOf(p.index()), p == null ? "" : cell(p.topology()),
                    p == null ? "" : String.valueOf(p.chips()), v == null ? "" : cell(v.policy()),
                    v == null ? "" : num(v.throughputTokensPerS()), v == null ? "" : num(v.throughputPerChip()),
                    v == null ? "" : num(v.ttftP99Ms()), v == null ? "" : opt(v.tpotP99Ms()),
                    p == null ? "" : cell(p.label()))).append('\n');
        }
        return b.toString();
    }

    /** One console line per configuration: its highest rate meeting the SLO and that point's throughput. */
    public static List<String> sloLines(List<SweepSlo.Row> rows) {
        List<String> out = new ArrayList<>();
        for (SweepSlo.Row r : rows) {
            PointResult p = r.best();
            String what = r.rates().isEmpty() ? (p == null ? "does not meet it" : "meets it")
                    : p == null ? "none of " + String.join(", ", r.rates()) + " per s meets it"
                    : "highest rate " + r.bestRate() + " per s (of " + String.join(", ", r.rates()) + ")";
            out.add((r.configuration().isEmpty() ? "the sweep" : r.configuration()) + ": " + what
                    + (p == null ? "" : ", " + Format.number(p.serving().throughputTokensPerS()) + " tokens/s, "
                    + Format.number(p.serving().throughputPerChip()) + " per chip (" + p.chips() + " chips), point #"
                    + p.index()));
        }
        return out;
    }

    private static void sloTable(Html h, SweepSlo slo, List<SweepSlo.Row> rows, Function<PointResult, String> report) {
        h.raw("<h2>").text("Highest arrival rate meeting the SLO").raw("</h2>\n<p class=\"note\">").text("SLO: "
                + slo.describe() + ". A point meets it when every bounded figure is at most its bound; per "
                + "configuration (the swept values other than the arrival rate) the highest swept rate whose own "
                + "point meets it, whatever lower rates do. Also in slo.csv.").raw("</p>\n");
        h.raw("<table><tr><th>configuration</th><th>rates (per s)</th><th>meeting</th><th class=\"num\">highest</th>"
                + "<th>point</th><th class=\"num\">tokens/s</th><th class=\"num\">per chip</th>"
                + "<th class=\"num\">TTFT p99</th><th class=\"num\">TPOT p99</th></tr>\n");
        for (SweepSlo.Row r : rows) {
            PointResult p = r.best();
            PointResult.Serving v = p == null ? null : p.serving();
            String href = p == null ? null : report.apply(p);
            Object point = p == null ? "-" : href == null ? "#" + p.index() : new Html.Link("#" + p.index(), href);
            h.raw("<tr>").element("td", r.configuration().isEmpty() ? "-" : r.configuration())
                    .element("td", r.rates().isEmpty() ? "-" : String.join(", ", r.rates()))
                    .element("td", r.meeting().isEmpty() ? "-" : String.join(", ", r.meeting()));
            for (Object c : List.of(r.rates().isEmpty() ? (p == null ? "no" : "yes") : p == null ? "none"
                    : r.bestRate())) {
                h.raw("<td class=\"num\">").text(c).raw("</td>");
            }
            h.element("td", point);
            for (Object c : List.of(v == null ? "-" : Format.number(v.throughputTokensPerS()),
                    v == null ? "-" : Format.number(v.throughputPerChip()),
                    v == null ? "-" : Format.number(v.ttftP99Ms()) + " ms",
                    v == null || v.tpotP99Ms() == null ? "-" : Format.number(v.tpotP99Ms()) + " ms")) {
                h.raw("<td class=\"num\">").text(c).raw("</td>");
            }
            h.raw("</tr>\n");
        }
        h.raw("</table>\n");
    }

    private static String opt(Double v) {
        return v == null ? "" : num(v);
    }

    /** The HTML page, without published points or links to point reports. */
    public static String html(String sweepName, String source, List<PointResult> points,
                              List<Pareto.Frontier> frontiers) {
        return html(sweepName, source, points, frontiers, null, null, p -> null);
    }

    /**
     * The HTML page: per frontier kind a chart with, per model and dtype, the simulated frontier (solid), the
     * analytical model's own frontier over the same points (dashed) and the published points of the sweep file's
     * {@code reference:} block (hollow diamonds; null: none), then one table per frontier (a frontier whose points
     * are those of a table above is named, not printed again). {@code report} gives the link to a point's report,
     * or null when it has none.
     */
    public static String html(String sweepName, String source, List<PointResult> points,
                              List<Pareto.Frontier> frontiers, SweepReference reference, SweepSlo slo,
                              Function<PointResult, String> report) {
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
        h.raw("</div>\n");
        boolean servingOnly = !frontiers.isEmpty() && frontiers.stream().allMatch(f -> f.kind().serving());
        if (servingOnly) {
            h.raw("<p class=\"note\">").text("A point is on a frontier when no other point of the same model and "
                    + "weight dtype is at least as good on both axes and better on one.").raw("</p>\n");
        } else {
            h.raw("<p class=\"note\">").text("A point is on a frontier when no other point of the same model and "
                + "weight dtype is at least as good on both axes and better on one. Latency and cost are minimised, "
                + "MFU maximised. Cost = chips x time / tokens (chip-ms per token); MFU = 2 N tokens / (chips x peak "
                + "x time). Solid lines: the simulated frontiers; dashed lines: the frontiers of the paper's "
                + "analytical model over the same points"
                + (reference != null ? "; hollow diamonds: the published points of " + reference.source() : "")
                + ". Chart labels: 64c b16 = 64 chips, batch 16; hover a point for all its values and its layout.")
                .raw("</p>\n");
        }
        if (frontiers.stream().anyMatch(f -> f.kind().serving())) {
            h.raw("<p class=\"note\">").text("Serving points (workload kind trace): throughput = output tokens of the "
                    + "completed requests / makespan (first arrival to last completion), per chip over all the chips "
                    + "of the point (every replica, both pools), maximised; TTFT and TPOT p99 (nearest rank) "
                    + "minimised. Chart labels: 8c chunked @4/s = 8 chips, policy chunked, arrival rate 4 per s; a "
                    + "label ending in * is a point outside the calibrated region (hover for the dimensions); hollow "
                    + "diamonds: every simulated point of the group.").raw("</p>\n");
        }
        if (slo != null) {
            sloTable(h, slo, slo.evaluate(points), report);
        }
        Map<String, List<PointResult>> groups = new TreeMap<>();
        for (PointResult p : points) {
            if (p.ok()) {
                groups.computeIfAbsent(Pareto.group(p), k -> new ArrayList<>()).add(p);
            }
        }
        List<String> groupNames = new ArrayList<>(groups.keySet());
        Map<String, String> printed = new LinkedHashMap<>();
        for (Pareto.Kind kind : Pareto.Kind.values()) {
            List<Pareto.Frontier> ofKind = frontiers.stream().filter(f -> f.kind() == kind).toList();
            if (ofKind.isEmpty()) {
                continue;
            }
            h.raw("<h2>").text(kind.title()).raw("</h2>\n");
            if (kind.serving()) {
                h.chart(servingChart(kind, ofKind, groups, groupNames));
                for (Pareto.Frontier f : ofKind) {
                    servingTable(h, f, report);
                }
                continue;
            }
            h.chart(chart(kind, ofKind, groups, groupNames, reference));
            for (Pareto.Frontier f : ofKind) {
                String key = f.group() + " " + f.frontier().stream().map(p -> String.valueOf(p.index())).toList();
                String earlier = printed.get(key);
                if (earlier != null) {
                    h.raw("<p class=\"note\">").text(f.group() + ": the same " + f.frontier().size() + " frontier "
                            + "points as the table under \u201c" + earlier + "\u201d above (at a fixed model, MFU is "
                            + "proportional to 1 / cost).").raw("</p>\n");
                } else {
                    printed.put(key, kind.title());
                    table(h, f, report);
                }
            }
        }
        infeasible(h, points);
        return h.close();
    }

    /** The figures a frontier kind's tooltips show: its phase's latency, cost and MFU. */
    private static List<Figure> tooltipFigures(Pareto.Kind kind) {
        return kind == Pareto.Kind.PREFILL_COST ? List.of(Figure.PREFILL_S, Figure.COST_PREFILL, Figure.MFU_PREFILL)
                : List.of(Figure.DECODE_PER_TOKEN_MS, Figure.COST_DECODE, Figure.MFU_DECODE);
    }

    private static String figures(List<Figure> figures, java.util.function.Function<Figure, Double> value) {
        List<String> parts = new ArrayList<>();
        for (Figure f : figures) {
            Double v = value.apply(f);
            if (v != null && Double.isFinite(v) && v > 0) {
                parts.add(f.label() + " " + Format.value(v, f.unit()));
            }
        }
        return String.join(", ", parts);
    }

    private static String pointTip(String group, String what, PointResult p, Pareto.Kind kind,
                                   PointResult.Figures main, PointResult.Figures other, String otherName) {
        List<Figure> fs = tooltipFigures(kind);
        return group + ", " + what + "\n" + p.chips() + " chips (" + p.topology() + "), batch " + p.batch()
                + ", layout " + (kind == Pareto.Kind.PREFILL_COST ? p.prefillLayout() : p.decodeLayout()) + "\n"
                + figures(fs, main::get) + "\n" + otherName + ": " + figures(fs, other::get) + "\npoint #" + p.index();
    }

    private static String chart(Pareto.Kind kind, List<Pareto.Frontier> ofKind, Map<String, List<PointResult>> groups,
                                List<String> groupNames, SweepReference reference) {
        boolean mfu = kind == Pareto.Kind.DECODE_MFU;
        boolean prefill = kind == Pareto.Kind.PREFILL_COST;
        LineChart chart = new LineChart(kind.title(),
                new LineChart.AxisSpec(kind.xTitle() + ", log scale", true,
                        prefill ? Ticks::seconds : v -> Ticks.number(v) + " ms"),
                new LineChart.AxisSpec(kind.yTitle() + (mfu ? "" : ", log scale"), !mfu,
                        mfu ? Ticks.percentOf() : Ticks.plain())).size(860, 380);
        Figure xf = kind.xFigure();
        Figure yf = kind.yFigure();
        for (Pareto.Frontier f : ofKind) {
            String colour = Palette.colour(groupNames.indexOf(f.group()));
            List<LineChart.Point> pts = new ArrayList<>();
            for (PointResult p : f.frontier()) {
                pts.add(new LineChart.Point(kind.x(p), kind.y(p), p.chips() + "c b" + p.batch(),
                        pointTip(f.group(), "simulated", p, kind, p.simulated(), p.analytical(), "analytical")));
            }
            chart.add(new LineChart.Series(f.group() + " simulated", pts, LineChart.Style.LINE, colour));
            List<PointResult> members = groups.getOrDefault(f.group(), List.of());
            List<LineChart.Point> ana = new ArrayList<>();
            for (PointResult p : Pareto.frontier(members, q -> q.analytical().get(xf), q -> q.analytical().get(yf),
                    kind.maximiseY())) {
                ana.add(new LineChart.Point(p.analytical().get(xf), p.analytical().get(yf), null,
                        pointTip(f.group(), "analytical model", p, kind, p.analytical(), p.simulated(), "simulated")));
            }
            if (!ana.isEmpty()) {
                chart.add(new LineChart.Series(f.group() + " analytical", ana, LineChart.Style.DASHED, colour));
            }
            if (reference != null) {
                List<LineChart.Point> ref = new ArrayList<>();
                PointResult any = members.isEmpty() ? null : members.get(0);
                for (SweepReference.Point r : reference.points()) {
                    Double x = r.figures().get(xf);
                    Double y = r.figures().get(yf);
                    if (any == null || x == null || y == null || !r.matches(any.model(), any.weights())) {
                        continue;
                    }
                    ref.add(new LineChart.Point(x, y, r.chips() + "c b" + r.batch(), f.group() + ", "
                            + reference.source() + " (published)\n" + r.chips() + " chips, batch " + r.batch()
                            + ", weights " + r.weights() + "\n" + figures(tooltipFigures(kind), r.figures()::get)));
                }
                if (!ref.isEmpty()) {
                    chart.add(new LineChart.Series(f.group() + " " + reference.source(), ref,
                            LineChart.Style.MARKERS, colour));
                }
            }
        }
        return chart.render();
    }

    /** The chart label of a serving point: chips, policy, the arrival rate when swept, * when uncalibrated. */
    private static String servingLabel(PointResult p) {
        String rate = null;
        for (Map.Entry<String, String> e : p.params().entrySet()) {
            if (e.getKey().endsWith("rate_per_s")) {
                rate = e.getValue();
            }
        }
        return p.chips() + "c " + p.serving().policy() + (rate == null ? "" : " @" + rate + "/s")
                + (uncalibrated(p) ? "*" : "");
    }

    private static boolean uncalibrated(PointResult p) {
        return p.calibration() != null && !p.calibration().inside();
    }

    private static String servingTip(String group, PointResult p) {
        PointResult.Serving v = p.serving();
        return group + ", simulated\n" + p.chips() + " chips (" + p.topology() + "), policy " + v.policy()
                + ", max batch " + v.maxBatch() + "\n" + p.params() + "\n"
                + Format.number(v.throughputTokensPerS()) + " tokens/s, " + Format.number(v.throughputPerChip())
                + " tokens/s per chip\nTTFT p50/p99 " + Format.number(v.ttftP50Ms()) + " / "
                + Format.number(v.ttftP99Ms()) + " ms"
                + (v.tpotP99Ms() == null ? "" : ", TPOT p50/p99 " + Format.number(v.tpotP50Ms()) + " / "
                        + Format.number(v.tpotP99Ms()) + " ms")
                + (v.preemptions() == null ? "" : "\npreemptions " + v.preemptions())
                + (v.prefixHitRate() == null ? "" : "\nprefix hit rate " + Format.percent(v.prefixHitRate()))
                + (uncalibrated(p) ? "\noutside the calibrated region: " + String.join(", ", p.calibration().outside())
                        : "")
                + "\npoint #" + p.index();
    }

    private static String servingChart(Pareto.Kind kind, List<Pareto.Frontier> ofKind,
                                       Map<String, List<PointResult>> groups, List<String> groupNames) {
        LineChart chart = new LineChart(kind.title(),
                new LineChart.AxisSpec(kind.xTitle() + ", log scale", true, v -> Ticks.number(v) + " ms"),
                new LineChart.AxisSpec(kind.yTitle(), false, Ticks.plain())).size(860, 380);
        for (Pareto.Frontier f : ofKind) {
            String colour = Palette.colour(groupNames.indexOf(f.group()));
            List<LineChart.Point> pts = new ArrayList<>();
            for (PointResult p : f.frontier()) {
                pts.add(new LineChart.Point(kind.x(p), kind.y(p), servingLabel(p), servingTip(f.group(), p)));
            }
            chart.add(new LineChart.Series(f.group() + " frontier", pts, LineChart.Style.LINE, colour));
            List<LineChart.Point> all = new ArrayList<>();
            for (PointResult p : groups.getOrDefault(f.group(), List.of())) {
                if (kind.applies(p) && kind.x(p) > 0 && kind.y(p) > 0 && !f.frontier().contains(p)) {
                    all.add(new LineChart.Point(kind.x(p), kind.y(p), null, servingTip(f.group(), p)));
                }
            }
            if (!all.isEmpty()) {
                chart.add(new LineChart.Series(f.group() + " other points", all, LineChart.Style.MARKERS, colour));
            }
        }
        return chart.render();
    }

    private static void servingTable(Html h, Pareto.Frontier f, Function<PointResult, String> report) {
        h.raw("<h3>").text(f.group() + ": " + f.frontier().size() + " frontier points of " + f.candidates())
                .raw("</h3>\n<table><tr><th>point</th><th class=\"num\">chips</th><th>topology</th><th>policy</th>"
                        + "<th class=\"num\">tokens/s</th>"
                        + "<th class=\"num\">per chip</th><th class=\"num\">TTFT p50 / p99</th>"
                        + "<th class=\"num\">TPOT p50 / p99</th><th class=\"num\">preempted</th>"
                        + "<th class=\"num\">prefix hits</th><th>calibrated</th>"
                        + "</tr>\n");
        for (PointResult p : f.frontier()) {
            PointResult.Serving v = p.serving();
            String href = report.apply(p);
            h.numericRow(href == null ? "#" + p.index() : new Html.Link("#" + p.index(), href), p.chips(),
                    p.topology(), v.policy(), Format.number(v.throughputTokensPerS()),
                    Format.number(v.throughputPerChip()),
                    Format.number(v.ttftP50Ms()) + " / " + Format.number(v.ttftP99Ms()) + " ms",
                    v.tpotP99Ms() == null ? "-"
                            : Format.number(v.tpotP50Ms()) + " / " + Format.number(v.tpotP99Ms()) + " ms",
                    v.preemptions() == null ? "-" : String.valueOf(v.preemptions()),
                    v.prefixHitRate() == null ? "-" : Format.percent(v.prefixHitRate()),
                    p.calibration() == null ? "-" : p.calibration().inside() ? "yes" : "no");
        }
        h.raw("</table>\n");
    }

    private static void table(Html h, Pareto.Frontier f, Function<PointResult, String> report) {
        h.raw("<h3>").text(f.group() + ": " + f.frontier().size() + " frontier points of " + f.candidates())
                .raw("</h3>\n<table><tr><th>point</th><th class=\"num\">chips</th><th class=\"num\">batch</th>"
                        + "<th>topology</th><th>layout</th>");
        boolean prefill = f.kind() == Pareto.Kind.PREFILL_COST;
        h.raw(prefill ? "<th class=\"num\">prefill latency</th><th class=\"num\">analytical</th>"
                : "<th class=\"num\">latency per token</th><th class=\"num\">analytical</th>");
        h.raw("<th class=\"num\">cost (chip-ms/token)</th><th class=\"num\">MFU</th></tr>\n");
        for (PointResult p : f.frontier()) {
            PointResult.Figures s = p.simulated();
            Figure lat = prefill ? Figure.PREFILL_S : Figure.DECODE_PER_TOKEN_MS;
            String href = report.apply(p);
            h.numericRow(href == null ? "#" + p.index() : new Html.Link("#" + p.index(), href), p.chips(), p.batch(),
                    p.topology(),
                    prefill ? p.prefillLayout() : p.decodeLayout(),
                    Format.value(s.get(lat), lat.unit()), Format.value(p.analytical().get(lat), lat.unit()),
                    Format.number(s.get(prefill ? Figure.COST_PREFILL : Figure.COST_DECODE)),
                    Format.percent(s.get(prefill ? Figure.MFU_PREFILL : Figure.MFU_DECODE)));
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
        return write(folder, sweepName, source, points, null, null, p -> null);
    }

    /**
     * As {@link #write(OutputDir.Folder, String, String, List)}, drawing the published points of {@code reference}
     * (may be null) and linking each point that has a report ({@code report} gives its link, or null); with an
     * {@code slo} (may be null) also {@code slo.csv} and its table in the HTML.
     */
    public static Path write(OutputDir.Folder folder, String sweepName, String source, List<PointResult> points,
                             SweepReference reference, SweepSlo slo, Function<PointResult, String> report) {
        List<Pareto.Frontier> frontiers = Pareto.of(points);
        boolean serving = frontiers.stream().anyMatch(f -> f.kind().serving());
        boolean batch = frontiers.stream().anyMatch(f -> !f.kind().serving());
        // pareto.csv: the batch frontiers, or the serving ones when there are only those; both: pareto-serving.csv
        folder.write("pareto.csv", serving && !batch ? servingCsv(frontiers) : csv(frontiers));
        if (serving && batch) {
            folder.write("pareto-serving.csv", servingCsv(frontiers));
        }
        if (slo != null) {
            folder.write("slo.csv", sloCsv(slo, slo.evaluate(points)));
        }
        return folder.write("pareto.html", html(sweepName, source, points, frontiers, reference, slo, report));
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
