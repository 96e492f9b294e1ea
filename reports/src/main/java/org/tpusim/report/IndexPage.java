package org.tpusim.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tpusim.report.chart.LineChart;
import org.tpusim.report.chart.Ticks;
import org.tpusim.result.BatchResult;
import org.tpusim.result.CollectiveResult;
import org.tpusim.result.RunResult;

/**
 * {@code index.html}: a comparison table of every scenario of a run, linking to each report; a table of the batch
 * runs' headline figures; and, for collectives run at several sizes, time and bandwidth against message size,
 * simulated and analytical, one pair of charts per collective, axes, slice and algorithm.
 */
public final class IndexPage {
    private IndexPage() {
    }

    public static String render(List<RunResult> results) {
        Html h = new Html().page("tpusim run");
        h.raw("<h1>tpusim run</h1>\n<p class=\"sub\">").text(results.size() + " scenario(s)").raw("</p>\n");
        h.raw("<h2>Scenarios</h2>\n<table>");
        h.headerRow("scenario", "kind", "system", "workload", "simulated", "analytical", "ratio", "events",
                "wall time");
        for (RunResult r : results) {
            String name = r.scenario().name();
            h.raw("<tr><td><a href=\"").text(name + "/report.html").raw("\">").text(name).raw("</a></td>");
            h.element("td", r.result().kind());
            h.element("td", r.scenario().system().chip() + " " + r.scenario().system().topology());
            h.element("td", HtmlReport.workload(r.scenario().workload()));
            h.raw("<td class=\"num\">").text(Html.seconds(r.result().headlineSimulatedS())).raw("</td>");
            h.raw("<td class=\"num\">").text(Html.seconds(r.result().headlineAnalyticalS())).raw("</td>");
            h.raw("<td class=\"num\">").text(Html.ratio(r.result().ratio())).raw("</td>");
            h.raw("<td class=\"num\">").text(r.run().events()).raw("</td>");
            h.raw("<td class=\"num\">").text(Html.seconds(r.run().wallTimeS())).raw("</td></tr>\n");
        }
        h.raw("</table>\n<p class=\"note\">Simulated and analytical: the headline time of each kind (transfer and "
                + "collective: the operation; batch: prefill + all decode steps; analytical for collectives: the "
                + "paper's bandwidth-only form).</p>\n");
        batches(h, results);
        collectives(h, results);
        return h.close();
    }

    private static void batches(Html h, List<RunResult> results) {
        List<RunResult> batch = results.stream().filter(r -> r.result() instanceof BatchResult).toList();
        if (batch.isEmpty()) {
            return;
        }
        h.raw("<h2>Batch runs</h2>\n<table>");
        h.headerRow("scenario", "model", "layouts (prefill; decode)", "prefill", "decode per token", "MFU total",
                "ratio prefill", "ratio decode");
        for (RunResult r : batch) {
            BatchResult b = (BatchResult) r.result();
            var s = r.scenario();
            h.raw("<tr><td><a href=\"").text(s.name() + "/report.html").raw("\">").text(s.name()).raw("</a></td>");
            h.element("td", s.model() == null ? "" : s.model().model().name() + " " + s.model().weights().key());
            h.element("td", b.layouts().prefillFfn() + "/" + b.layouts().prefillAttention() + "; "
                    + b.layouts().decodeFfn() + "/" + b.layouts().decodeAttention());
            boolean prefill = b.simulated().prefillS() > 0;
            boolean decode = b.simulated().decodeS() > 0;
            h.raw("<td class=\"num\">").text(prefill ? Html.seconds(b.simulated().prefillS()) : "\u2013").raw("</td>");
            h.raw("<td class=\"num\">").text(decode ? Html.sig(b.simulated().decodePerTokenMs()) + " ms" : "\u2013")
                    .raw("</td>");
            h.raw("<td class=\"num\">").text(Html.percent(b.simulated().mfu().total())).raw("</td>");
            h.raw("<td class=\"num\">").text(HtmlReport.ratio(b.simulated().prefillS(), b.analytical().prefillS()))
                    .raw("</td>");
            h.raw("<td class=\"num\">").text(HtmlReport.ratio(b.simulated().decodeS(), b.analytical().decodeS()))
                    .raw("</td></tr>\n");
        }
        h.raw("</table>\n");
    }

    /** Collective results of one collective, axes, slice and algorithm, by message size. */
    record Sweep(String title, List<RunResult> runs) {
    }

    static List<Sweep> sweeps(List<RunResult> results) {
        Map<String, List<RunResult>> groups = new LinkedHashMap<>();
        for (RunResult r : results) {
            if (r.result() instanceof CollectiveResult c) {
                String key = c.collective() + " over " + c.axes() + " on " + r.scenario().system().chip() + " "
                        + r.scenario().system().topology() + " (" + c.algorithm() + ", " + c.multiAxis() + ")";
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
        }
        List<Sweep> out = new ArrayList<>();
        for (Map.Entry<String, List<RunResult>> e : groups.entrySet()) {
            long sizes = e.getValue().stream().mapToLong(r -> ((CollectiveResult) r.result()).bytesPerChip())
                    .distinct().count();
            if (sizes >= 2) {
                List<RunResult> runs = new ArrayList<>(e.getValue());
                runs.sort(Comparator.comparingLong(r -> ((CollectiveResult) r.result()).bytesPerChip()));
                out.add(new Sweep(e.getKey(), List.copyOf(runs)));
            }
        }
        return out;
    }

    private static void collectives(Html h, List<RunResult> results) {
        List<Sweep> sweeps = sweeps(results);
        if (sweeps.isEmpty()) {
            return;
        }
        h.raw("<h2>Collectives: time and bandwidth vs message size</h2>\n<p class=\"note\">").text("Solid: simulated; "
                + "dashed: the paper's bandwidth-only form and the latency-bandwidth form of the simulated algorithm, "
                + "for the same inputs. Bus bandwidth: bytes per chip / time x the collective's bus factor ((K-1)/K; "
                + "all-reduce 2(K-1)/K). Both axes are logarithmic.").raw("</p>\n");
        LineChart.AxisSpec size = new LineChart.AxisSpec("bytes per chip, D (B, log scale)", true, Ticks::bytes,
                true);
        for (Sweep sweep : sweeps) {
            List<LineChart.Point> sim = new ArrayList<>();
            List<LineChart.Point> paper = new ArrayList<>();
            List<LineChart.Point> lb = new ArrayList<>();
            List<LineChart.Point> simBw = new ArrayList<>();
            List<LineChart.Point> paperBw = new ArrayList<>();
            List<LineChart.Point> lbBw = new ArrayList<>();
            for (RunResult r : sweep.runs()) {
                CollectiveResult c = (CollectiveResult) r.result();
                double d = c.bytesPerChip();
                double factor = c.simulated().algorithmicBandwidthBytesPerSec() > 0
                        ? c.simulated().busBandwidthBytesPerSec() / c.simulated().algorithmicBandwidthBytesPerSec() : 0;
                sim.add(new LineChart.Point(d, c.simulated().timeS()));
                paper.add(new LineChart.Point(d, c.analytical().timeS()));
                lb.add(new LineChart.Point(d, c.analytical().latencyBandwidthS()));
                simBw.add(new LineChart.Point(d, c.simulated().busBandwidthBytesPerSec()));
                paperBw.add(new LineChart.Point(d, c.analytical().timeS() > 0 ? factor * d / c.analytical().timeS() : 0));
                lbBw.add(new LineChart.Point(d, c.analytical().latencyBandwidthS() > 0
                        ? factor * d / c.analytical().latencyBandwidthS() : 0));
            }
            h.raw("<h3>").text(sweep.title()).raw("</h3>\n<div class=\"charts\">");
            h.chart(new LineChart("time", size, new LineChart.AxisSpec("time (s, log scale)", true, Ticks::seconds))
                    .add(new LineChart.Series("simulated", sim, false))
                    .add(new LineChart.Series("paper form", paper, true))
                    .add(new LineChart.Series("latency-bandwidth form", lb, true)).render());
            h.chart(new LineChart("bus bandwidth", size,
                    new LineChart.AxisSpec("bus bandwidth (B/s, log scale)", true, Ticks::bandwidth))
                    .add(new LineChart.Series("simulated", simBw, false))
                    .add(new LineChart.Series("paper form", paperBw, true))
                    .add(new LineChart.Series("latency-bandwidth form", lbBw, true)).render());
            h.raw("</div>\n");
        }
    }
}
