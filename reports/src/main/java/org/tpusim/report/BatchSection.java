package org.tpusim.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tpusim.figure.Figure;
import org.tpusim.figure.Format;
import org.tpusim.report.chart.BarChart;
import org.tpusim.report.chart.GanttChart;
import org.tpusim.report.chart.Ticks;
import org.tpusim.result.BatchResult;
import org.tpusim.result.FigureValues;
import org.tpusim.result.RunResult;
import org.tpusim.result.ScenarioEcho;
import org.tpusim.scenario.Workload;
import org.tpusim.validation.Comparison;

/**
 * The report of a batch run: headline figures, every simulated figure beside the paper's model, where the time
 * went per phase and per op category, a timeline of one layer of each phase, memory and the interconnect.
 */
final class BatchSection {
    /** The parts of a phase's span, in stacking order; they add up to the span. */
    private static final List<String> PARTS = List.of("matmul compute", "weight loading", "KV loading", "vector ops",
            "fixed op costs", "communication exposed", "idle");

    private BatchSection() {
    }

    static void write(Html h, Workload.Batch w, BatchResult b, RunResult r) {
        ScenarioEcho s = r.scenario();
        BatchResult.Figures sim = b.simulated();
        BatchResult.Figures ana = b.analytical();
        h.raw("<div class=\"cards\">");
        List<Comparison> published = Comparison.of(r);
        if (w.inputTokens() > 0) {
            card(h, Figure.PREFILL_S, sim, published);
        }
        if (w.outputTokens() > 0) {
            card(h, Figure.DECODE_PER_TOKEN_MS, sim, published);
        }
        card(h, Figure.TOTAL_S, sim, published);
        card(h, Figure.MFU_TOTAL, sim, published);
        HtmlReport.card(h, "simulated / analytical", Html.ratio(b.ratio()));
        h.raw("</div>\n<p>").text("Overlap " + b.overlap() + ", multi-axis collectives " + s.multiAxis() + ", detail "
                + b.detail() + ".").raw("</p>\n");
        figures(h, r, b, sim, ana);
        breakdown(h, b);
        timeline(h, b);
        if (b.moe() != null) {
            moe(h, b.moe());
        }
        h.raw("<h2>Memory per chip</h2>\n<table>");
        BatchResult.Memory m = b.memory();
        h.numericRow("weights", Html.bytes(m.weightsBytes()));
        h.numericRow("KV cache (largest context)", Html.bytes(m.kvCacheBytes()));
        h.numericRow("activations", Html.bytes(m.activationsBytes()));
        h.numericRow("capacity", Html.bytes(m.capacityBytes()));
        h.raw("</table>\n");
        InterconnectSection.write(h, b.axisLoads(), List.of(), b.linkPlanes(), "the simulated time of the run");
    }

    /**
     * The mixture of experts: what the routing did, the idle time imbalance costs, and the expert all-to-alls as
     * simulated beside their closed form (the difference is contention and latency).
     */
    private static void moe(Html h, BatchResult.Moe moe) {
        h.raw("<h2>Mixture of experts</h2>\n<p class=\"note\">").text(moe.experts() + " experts, " + moe.expertsPerToken()
                + " per token; routing " + moe.routing() + ". Token counts are token copies per expert in one MoE layer."
                + " Idle: per chip, the time the expert groups wait for the busiest one at the combine (SPMD), mean over"
                + " groups. All-to-all: dispatch, combine and the two reshards, simulated (time in flight) and in closed"
                + " form (their volume at the expert axes' injection bandwidth).").raw("</p>\n<table>");
        h.raw("<tr><th>phase</th><th>expert axes</th><th>tokens per pass</th><th>experts used</th>"
                + "<th>max per expert</th><th>mean per expert</th><th>dropped</th><th>imbalance idle</th>"
                + "<th>all-to-all simulated</th><th>all-to-all analytical</th></tr>\n");
        for (BatchResult.MoePhase p : moe.phases()) {
            h.raw("<tr><td>").text(p.phase()).raw("</td><td>").text(p.expertAxes()).raw("</td><td class=\"num\">")
                    .text(String.valueOf(p.tokensPerPass())).raw("</td><td class=\"num\">")
                    .text(String.valueOf(p.expertsUsed())).raw("</td><td class=\"num\">")
                    .text(String.valueOf(p.maxTokensPerExpert())).raw("</td><td class=\"num\">")
                    .text(Format.number(p.meanTokensPerExpert())).raw("</td><td class=\"num\">")
                    .text(String.valueOf(p.droppedTokens())).raw("</td><td class=\"num\">")
                    .text(Format.seconds(p.imbalanceIdleS())).raw("</td><td class=\"num\">")
                    .text(Format.seconds(p.allToAllSimulatedS())).raw("</td><td class=\"num\">")
                    .text(Format.seconds(p.allToAllAnalyticalS())).raw("</td></tr>\n");
        }
        h.raw("<tr><td>run</td><td></td><td></td><td></td><td class=\"num\">")
                .text(String.valueOf(moe.maxTokensPerExpert())).raw("</td><td class=\"num\">")
                .text(Format.number(moe.meanTokensPerExpert())).raw("</td><td class=\"num\">")
                .text(String.valueOf(moe.droppedTokens())).raw("</td><td class=\"num\">")
                .text(Format.seconds(moe.imbalanceIdleS())).raw("</td><td></td><td></td></tr>\n</table>\n");
    }

    /** A headline card: the simulated figure, and the published one below it where the scenario has it. */
    private static void card(Html h, Figure f, BatchResult.Figures sim, List<Comparison> published) {
        String value = Html.value(FigureValues.of(f, sim), f.unit());
        Comparison c = published.stream().filter(x -> x.key().equals(f.key())).findFirst().orElse(null);
        if (c == null) {
            HtmlReport.card(h, f.label(), value);
        } else {
            HtmlReport.card(h, f.label(), value, "published " + Html.value(c.reference(), f.unit()) + ", simulated "
                    + c.errorText());
        }
    }

    private static void figures(Html h, RunResult r, BatchResult b, BatchResult.Figures sim,
                                BatchResult.Figures ana) {
        List<Comparison> published = Comparison.of(r);
        h.raw("<h2>").text(published.isEmpty() ? "Simulated vs analytical" : "Simulated vs analytical vs published")
                .raw("</h2>\n<table>");
        if (published.isEmpty()) {
            h.headerRow("figure", "simulated", "analytical", "ratio");
        } else {
            h.headerRow("figure", "simulated", "analytical", "ratio", "published", "simulated vs published");
        }
        for (Figure f : Figure.of("batch")) {
            double simulated = FigureValues.of(f, sim);
            double analytical = FigureValues.of(f, ana);
            String ratio = f == Figure.TOTAL_S ? Html.ratio(b.ratio()) : HtmlReport.ratio(simulated, analytical);
            if (published.isEmpty()) {
                h.numericRow(f.label(), Html.value(simulated, f.unit()), Html.value(analytical, f.unit()), ratio);
                continue;
            }
            Comparison c = published.stream().filter(x -> x.key().equals(f.key())).findFirst().orElse(null);
            h.numericRow(f.label(), Html.value(simulated, f.unit()), Html.value(analytical, f.unit()), ratio,
                    c == null ? "" : Html.value(c.reference(), f.unit()), c == null ? "" : c.errorText());
        }
        h.raw("</table>\n<p class=\"note\">Analytical: the paper's model per pass, max(compute, weight + KV loading) "
                + "+ feedforward communication at the chip's full interconnect bandwidth (Pope et al. 2022, sec. 2 "
                + "and App. A). Its other forms, per phase:</p>\n<table>");
        h.headerRow("phase", "compute", "weight loading", "KV loading", "communication", "roofline",
                "roofline + comm", "no overlap");
        for (BatchResult.AnalyticalForms f : b.analyticalForms()) {
            h.numericRow(f.phase(), Html.seconds(f.computeS()), Html.seconds(f.weightLoadS()), Html.seconds(f.kvLoadS()),
                    Html.seconds(f.communicationS()), Html.seconds(f.rooflineS()),
                    Html.seconds(f.rooflineWithCommunicationS()), Html.seconds(f.noOverlapS()));
        }
        h.raw("</table>\n");
    }

    private static List<Double> parts(BatchResult.PhaseBreakdown p) {
        return List.of(p.matmulComputeS(), p.weightLoadingS(), p.kvLoadingS(), p.vectorS(), p.fixedS(),
                p.communicationExposedS(), p.idleS());
    }

    private static void breakdown(Html h, BatchResult b) {
        h.raw("<h2>Where the time goes (one chip)</h2>\n<p class=\"note\">").text("Each bar is one phase's time on "
                + "one chip (its span, written at the end), split into what the core did (matmul compute, weight and KV "
                + "loading when memory-bound, vector ops, fixed per-op costs), communication it waited for (exposed) "
                + "and idle time. Communication hidden under compute takes no time of its own; the table gives it.").raw("</p>\n");
        if (!b.breakdown().isEmpty()) {
            BarChart chart = new BarChart("Breakdown per phase", PARTS, BarChart.Mode.SHARE,
                    "share of the phase's time (%)", Ticks::seconds).byCategory();
            for (BatchResult.PhaseBreakdown p : b.breakdown()) {
                chart.add(new BarChart.Bar(p.phase(), parts(p)));
            }
            h.chart(chart.render());
        }
        h.raw("<table>");
        List<String> head = new ArrayList<>(List.of("phase", "span"));
        head.addAll(PARTS);
        head.add("communication hidden");
        h.headerRow(head.toArray(String[]::new));
        for (BatchResult.PhaseBreakdown p : b.breakdown()) {
            List<Object> cells = new ArrayList<>();
            cells.add(Html.seconds(p.spanS()));
            for (double v : parts(p)) {
                cells.add(Html.seconds(v));
            }
            cells.add(Html.seconds(p.communicationHiddenS()));
            h.numericRow(p.phase(), cells.toArray());
        }
        h.raw("</table>\n<h3>Per op category</h3>\n<p class=\"note\">Compute ops: time on the core. Collectives: "
                + "time in flight, which may overlap compute.</p>\n<div class=\"charts\">");
        Set<String> phases = new LinkedHashSet<>();
        for (BatchResult.CategoryTime c : b.byOp()) {
            phases.add(c.phase());
        }
        for (String phase : phases) {
            List<BatchResult.CategoryTime> rows = new ArrayList<>();
            double max = 0;
            for (BatchResult.CategoryTime c : b.byOp()) {
                if (c.phase().equals(phase)) {
                    rows.add(c);
                    max = Math.max(max, c.timeS());
                }
            }
            rows.sort(Comparator.comparingDouble(BatchResult.CategoryTime::timeS).reversed());
            Ticks.TimeUnit unit = Ticks.timeUnit(max);
            BarChart chart = new BarChart(phase + ": time per op category", List.of("time"), BarChart.Mode.ABSOLUTE,
                    "time (" + unit.name() + ")", Ticks::seconds).ticks(unit.format()).byCategory().width(520);
            for (BatchResult.CategoryTime c : rows) {
                chart.add(new BarChart.Bar(c.category(), List.of(c.timeS())));
            }
            h.chart(chart.render());
        }
        h.raw("</div>\n");
    }

    private static void timeline(Html h, BatchResult b) {
        if (b.timeline().isEmpty()) {
            return;
        }
        h.raw("<h2>Timeline of one layer</h2>\n<p class=\"note\">").text("One layer of the prefill and of the first "
                + "decode step on one chip: compute ops on the core, collectives (time in flight) on their own lane. "
                + "Hover over an interval for its name and times. For every chip and link, export a trace: "
                + "tpusim run --trace.").raw("</p>\n");
        Set<String> phases = new LinkedHashSet<>();
        Set<String> categories = new LinkedHashSet<>();
        for (BatchResult.TimelineSpan t : b.timeline()) {
            phases.add(t.phase());
            categories.add(t.category());
        }
        for (String phase : phases) {
            GanttChart g = new GanttChart(phase.equals("prefill") ? "prefill: one layer"
                    : phase + " (first step): one layer").categories(List.copyOf(categories));
            for (BatchResult.TimelineSpan t : b.timeline()) {
                if (t.phase().equals(phase)) {
                    g.add(new GanttChart.Span(t.lane(), t.name(), t.category(), t.startS(), t.endS()));
                }
            }
            h.chart(g.render());
        }
    }
}
