package org.tpusim.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.tpusim.figure.Format;
import org.tpusim.report.chart.BarChart;
import org.tpusim.report.chart.LineChart;
import org.tpusim.report.chart.Ticks;
import org.tpusim.result.ScenarioEcho;
import org.tpusim.result.TraceResult;
import org.tpusim.scenario.Workload;

/**
 * The section of a trace run: headline latencies, simulated and analytical percentiles, latency CDFs over the
 * requests, latency and queue length over time, batch sizes, the inter-token latency histogram, KV cache and
 * padding.
 */
final class TraceSection {
    private TraceSection() {
    }

    static void write(Html h, TraceResult t) {
        write(h, t, null);
    }

    /** The section; {@code s} (null: unknown) names the layouts and the overlap mode the passes ran with. */
    static void write(Html h, TraceResult t, ScenarioEcho s) {
        TraceResult.Figures sim = t.simulated();
        TraceResult.Figures ana = t.analytical();
        h.raw("<div class=\"cards\">");
        card(h, "TTFT p50", ms(sim.ttftMs().p50()));
        card(h, "TPOT p50", ms(sim.tpotMs() == null ? Double.NaN : sim.tpotMs().p50()));
        card(h, "end-to-end p99", ms(sim.e2eMs().p99()));
        card(h, "throughput", Html.sig(sim.throughputTokensPerS()) + " tokens/s");
        h.raw("</div>\n<p>").text(sim.requests() + " requests (" + t.source().skippedRows() + " bad rows skipped) from "
                + t.source().origin() + ", policy " + t.policy() + ", max batch " + t.maxBatch() + ".").raw("</p>\n");
        if (s != null && s.workload() instanceof Workload.Trace w) {
            h.raw("<p>").text("Layouts: " + layouts(w.layout()) + ". Overlap " + s.overlap()
                    + ", multi-axis collectives " + s.multiAxis() + ".").raw("</p>\n");
        }
        h.raw("<h2>Latency percentiles: simulated vs analytical pass times</h2>\n<table>");
        h.headerRow("metric", "p50", "p90", "p99", "max", "mean", "analytical p50", "analytical p99");
        row(h, "TTFT (ms)", sim.ttftMs(), ana.ttftMs());
        row(h, "TPOT (ms)", sim.tpotMs(), ana.tpotMs());
        row(h, "inter-token latency (ms)", sim.itlMs(), ana.itlMs());
        row(h, "end-to-end (ms)", sim.e2eMs(), ana.e2eMs());
        row(h, "queueing (ms)", sim.queueingMs(), ana.queueingMs());
        h.raw("</table>\n<table>");
        h.row("requests/s", Html.sig(sim.requestsPerS()));
        h.row("output tokens/s", Html.sig(sim.throughputTokensPerS()));
        h.row("MFU over the run", Html.percent(sim.mfu()));
        h.row("cost (chip-ms per output token)", Html.sig(sim.costChipMsPerToken()));
        h.raw("</table>\n");
        if (!t.requests().isEmpty()) {
            h.raw("<h2>Latency distributions</h2>\n");
            h.raw(cdf("TTFT", t, TraceResult.RequestRow::ttftMs));
            h.raw(cdf("end-to-end latency", t, TraceResult.RequestRow::e2eMs));
            List<TraceResult.RequestRow> multi = t.requests().stream().filter(r -> r.tpotMs() != null).toList();
            if (!multi.isEmpty()) {
                h.raw(cdf("TPOT", multi, r -> r.tpotMs()));
            }
            h.raw("<p class=\"note\">").text("A log time axis where the values span more than a factor of "
                    + Format.number(LOG_SPAN, 2) + ", otherwise a linear axis from the smallest to the largest value.")
                    .raw("</p>\n");
        }
        if (!t.utilisation().isEmpty()) {
            h.raw("<h2>Over time</h2>\n");
            List<LineChart.Point> busy = new ArrayList<>();
            List<LineChart.Point> waiting = new ArrayList<>();
            for (TraceResult.Window w : t.utilisation()) {
                double mid = (w.startS() + w.endS()) / 2;
                busy.add(new LineChart.Point(mid, 100 * w.busyFraction()));
                waiting.add(new LineChart.Point(mid, w.waitingRequests()));
            }
            h.raw(new LineChart("Busy share of each window", new LineChart.AxisSpec("time (s)", false, Ticks.plain()),
                    new LineChart.AxisSpec("busy (%)", false, Ticks.plain())).add(new LineChart.Series("busy", busy, false))
                    .render());
            if (waiting.stream().allMatch(p -> p.y() == 0)) {
                h.raw("<p class=\"note\">").text("No request waited at the end of any window (the queue chart is left "
                        + "out).").raw("</p>\n");
            } else {
                h.raw(new LineChart("Requests waiting at the end of each window",
                        new LineChart.AxisSpec("time (s)", false, Ticks.plain()),
                        new LineChart.AxisSpec("requests waiting", false, Ticks.plain()))
                        .add(new LineChart.Series("waiting", waiting, false)).render());
            }
            h.raw("<table>");
            h.headerRow("window (s)", "busy", "prefill share", "mean decode batch", "output tokens/s", "waiting");
            for (TraceResult.Window w : t.utilisation()) {
                h.row(Html.sig(w.startS()) + " - " + Html.sig(w.endS()), Html.percent(w.busyFraction()),
                        Html.percent(w.prefillFraction()), Html.sig(w.meanDecodeBatch()), Html.sig(w.outputTokensPerS()),
                        w.waitingRequests());
            }
            h.raw("</table>\n");
        }
        h.raw("<h2>Batch sizes</h2>\n<table>");
        h.headerRow("phase", "batch", "passes", "time", "share of busy time");
        for (TraceResult.BatchShare b : t.batchSizes()) {
            h.row(b.phase(), b.batch(), b.passes(), Html.seconds(b.timeS()), Html.percent(b.timeShare()));
        }
        h.raw("</table>\n<h2>Inter-token latency histogram</h2>\n");
        List<TraceResult.HistogramBin> bins = shownBins(t.itlHistogram());
        if (bins.isEmpty()) {
            h.raw("<p class=\"note\">No inter-token gaps (every request has one output token).</p>\n");
        } else {
            BarChart chart = new BarChart("Inter-token gaps per latency bin", List.of("gaps"), BarChart.Mode.ABSOLUTE,
                    "gaps between consecutive tokens of a request", v -> String.valueOf(Math.round(v)))
                    .ticks(Ticks.plain()).width(640);
            for (TraceResult.HistogramBin b : bins) {
                chart.add(new BarChart.Bar(binLabel(b, t.itlHistogram()), List.of((double) b.count())));
            }
            h.chart(chart.render());
        }
        h.raw("<h2>KV cache and padding</h2>\n<table>");
        h.row("KV capacity (tokens)", t.kvCache().capacityTokens());
        h.row("peak reserved (tokens)", t.kvCache().peakReservedTokens());
        h.row("prefill passes / decode steps", t.passes().prefillPasses() + " / " + t.passes().decodeSteps());
        h.row("prefill padding", Html.percent(t.passes().prefillPaddingFraction()));
        h.row("decode padding", Html.percent(t.passes().decodePaddingFraction()));
        h.row("distinct pass shapes simulated", t.shapes().shapesSimulated());
        h.raw("</table>\n");
        serving(h, t.serving());
        h.raw("<p>Per-request rows: <a href=\"requests.csv\">requests.csv</a>.</p>\n");
    }

    /** The serving features' figures (simulated run), one table per feature in use. */
    private static void serving(Html h, TraceResult.Serving s) {
        if (s == null) {
            return;
        }
        if (s.chunkedPrefill() != null) {
            TraceResult.ChunkedPrefill c = s.chunkedPrefill();
            h.raw("<h2>Chunked prefill</h2>\n<table>");
            h.row("token budget per pass", c.tokenBudget());
            h.row("prompt chunks prefilled", c.prefillChunks());
            h.row("mixed passes (chunks beside decodes)", c.mixedPasses());
            h.row("time in mixed passes", Html.seconds(c.mixedPassTimeS()));
            h.row("distinct mixed shapes simulated", c.mixedShapesSimulated());
            h.raw("</table>\n");
        }
        if (s.pagedKv() != null) {
            TraceResult.PagedKv p = s.pagedKv();
            h.raw("<h2>Paged KV cache</h2>\n<table>");
            h.row("block size (positions)", p.blockTokens());
            h.row("blocks: capacity / peak allocated", p.capacityBlocks() + " / " + p.peakBlocks());
            h.row("preemption", p.preemption());
            h.row("preemptions", p.preemptions());
            h.row("recomputed tokens", p.recomputedTokens());
            h.row("swapped bytes per chip (out + in)", Html.sig(p.swappedBytes()));
            h.row("time waiting on swaps", Html.seconds(p.swapTimeS()));
            h.raw("</table>\n");
        }
        if (s.replicas() != null) {
            TraceResult.ReplicaSet r = s.replicas();
            h.raw("<h2>Replicas</h2>\n<p>").text(r.count() + " identical slices behind a " + r.router()
                    + " router; the figures above are over all requests (MFU and cost over all slices, busy fraction "
                    + "per slice).").raw("</p>\n<table>");
            h.headerRow("replica", "requests routed");
            for (int i = 0; i < r.requests().size(); i++) {
                h.row(i, r.requests().get(i));
            }
            h.raw("</table>\n");
        }
        if (s.speculative() != null) {
            TraceResult.Speculative sp = s.speculative();
            h.raw("<h2>Speculative decoding</h2>\n<table>");
            h.row("draft model", sp.draftModel());
            if (sp.draftTopology() != null) {
                h.row("draft slice", sp.draftTopology() + " (" + sp.draftChips() + " chips, KV capacity "
                        + sp.draftKvCapacityTokens() + " tokens)");
            }
            h.row("proposals per step", sp.tokens());
            h.row("acceptance rate", sp.acceptanceLow() == sp.acceptanceHigh() ? Html.sig(sp.acceptanceLow())
                    : Html.sig(sp.acceptanceLow()) + " to " + Html.sig(sp.acceptanceHigh()) + " per request");
            h.row("accepted per step (mean)", Html.sig(sp.acceptedPerStep()));
            h.row("tokens per step (mean)", Html.sig(sp.tokensPerStep()));
            h.row("time in the draft model", Html.seconds(sp.draftTimeS()));
            h.raw("</table>\n");
        }
        if (s.pools() != null) {
            TraceResult.PoolSet p = s.pools();
            h.raw("<h2>Disaggregated pools</h2>\n<table>");
            h.headerRow("pool", "slice", "layout", "chips", "passes", "busy", "peak KV (tokens)", "p50", "p90", "p99");
            for (TraceResult.Pool pool : List.of(p.prefill(), p.decode())) {
                TraceResult.Percentiles x = pool.ttftMs() != null ? pool.ttftMs() : pool.tpotMs();
                String which = pool == p.prefill() ? "prefill (TTFT, ms)" : "decode (TPOT, ms)";
                h.row(which, pool.topology(), pool.layout(), pool.chips(), pool.passes(),
                        Html.percent(pool.busyFraction()), pool.peakKvTokens(), x == null ? "" : ms(x.p50()),
                        x == null ? "" : ms(x.p90()), x == null ? "" : ms(x.p99()));
            }
            h.raw("</table>\n<p>").text("KV transfer over " + p.network() + " at " + Html.sig(p.kvTransferBytesPerS())
                    + " B/s, " + Html.sig(p.kvTransferLatencyNs()) + " ns per transfer: p50 "
                    + (p.kvTransferMs() == null ? "-" : ms(p.kvTransferMs().p50()) + ", p99 "
                    + ms(p.kvTransferMs().p99())) + " ms (link queueing included).").raw("</p>\n");
        }
        if (s.prefixCache() != null) {
            TraceResult.PrefixCache c = s.prefixCache();
            h.raw("<h2>Prefix cache</h2>\n<table>");
            h.row("capacity (blocks)", c.capacityBlocks());
            h.row("look-ups / hits", c.lookups() + " / " + c.hits());
            h.row("hit rate", Html.percent(c.hitRate()));
            h.row("prefill tokens saved", c.prefillTokensSaved());
            h.row("evictions", c.evictions());
            h.raw("</table>\n");
        }
    }

    /** Values spanning more than this factor get a log axis in the CDFs. */
    static final double LOG_SPAN = 20;

    /** Whether a CDF of these values (sorted, ascending) has a log x axis: positive and spanning over LOG_SPAN. */
    static boolean cdfLog(double[] sorted) {
        return sorted.length > 0 && sorted[0] > 0 && sorted[sorted.length - 1] / sorted[0] > LOG_SPAN;
    }

    /** The bins a histogram shows: from the first to the last non-empty bin (empty when all are empty). */
    static List<TraceResult.HistogramBin> shownBins(List<TraceResult.HistogramBin> bins) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < bins.size(); i++) {
            if (bins.get(i).count() > 0) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        return first < 0 ? List.of() : bins.subList(first, last + 1);
    }

    /**
     * A bin's label, its edges in ms: "[20, 50) ms"; the last bin of the histogram has no upper edge (it holds every
     * gap from its lower edge up): "\u2265 5000 ms".
     */
    static String binLabel(TraceResult.HistogramBin b, List<TraceResult.HistogramBin> all) {
        boolean open = !all.isEmpty() && all.get(all.size() - 1).equals(b);
        String lo = Ticks.number(b.lowerMs());
        return open ? "\u2265 " + lo + " ms" : "[" + lo + ", " + Ticks.number(b.upperMs()) + ") ms";
    }

    private static String layouts(Workload.RequestedLayouts l) {
        return "prefill ffn " + key(l.prefillFfn()) + ", attention " + key(l.prefillAttention()) + " \u00b7 decode ffn "
                + key(l.decodeFfn()) + ", attention " + key(l.decodeAttention());
    }

    private static String key(org.tpusim.keys.Keyed k) {
        return k == null ? "auto (the paper's rule at each pass's batch)" : k.key();
    }

    /** Milliseconds as a time in the unit that suits it (7586 ms is "7.586 s"). */
    private static String ms(double v) {
        return Double.isFinite(v) ? Format.millis(v) : "n/a";
    }

    private static void card(Html h, String key, String value) {
        h.raw("<div class=\"card\"><div class=\"k\">").text(key).raw("</div><div class=\"v\">").text(value)
                .raw("</div></div>");
    }

    private static void row(Html h, String name, TraceResult.Percentiles p, TraceResult.Percentiles a) {
        if (p == null) {
            h.row(name, "n/a", "", "", "", "", "", "");
            return;
        }
        h.row(name, Html.sig(p.p50()), Html.sig(p.p90()), Html.sig(p.p99()), Html.sig(p.max()), Html.sig(p.mean()),
                a == null ? "" : Html.sig(a.p50()), a == null ? "" : Html.sig(a.p99()));
    }

    private static String cdf(String name, TraceResult t, ToDoubleFunction<TraceResult.RequestRow> f) {
        return cdf(name, t.requests(), f);
    }

    /** Empirical CDF, at most 400 points (evenly spaced ranks). */
    private static String cdf(String name, List<TraceResult.RequestRow> rows, ToDoubleFunction<TraceResult.RequestRow> f) {
        double[] v = rows.stream().mapToDouble(f).filter(Double::isFinite).toArray();
        Arrays.sort(v);
        List<LineChart.Point> pts = new ArrayList<>();
        int step = Math.max(1, v.length / 400);
        for (int i = 0; i < v.length; i += step) {
            pts.add(new LineChart.Point(v[i], 100.0 * (i + 1) / v.length));
        }
        if (v.length > 0) {
            pts.add(new LineChart.Point(v[v.length - 1], 100.0));
        }
        boolean log = cdfLog(v);
        return new LineChart(name + " CDF", new LineChart.AxisSpec(name + " (ms)" + (log ? ", log scale" : ""), log,
                log ? v2 -> Ticks.number(v2) : Ticks.plain()),
                new LineChart.AxisSpec("requests at or below (%)", false, Ticks.plain()))
                .add(new LineChart.Series(name, pts, LineChart.Style.CURVE, null)).render();
    }
}
