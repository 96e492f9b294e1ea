package org.tpusim.report;

import java.util.List;
import org.tpusim.report.chart.BarChart;
import org.tpusim.report.chart.Ticks;
import org.tpusim.result.CollectiveResult;
import org.tpusim.result.ScenarioEcho;

/** The report of one collective: simulated time against both closed forms, its phases and the link load. */
final class CollectiveSection {
    private CollectiveSection() {
    }

    static void write(Html h, CollectiveResult c, ScenarioEcho s) {
        h.raw("<div class=\"cards\">");
        HtmlReport.card(h, "simulated time", Html.seconds(c.simulated().timeS()));
        HtmlReport.card(h, "paper form (bandwidth only)", Html.seconds(c.analytical().timeS()));
        HtmlReport.card(h, "latency-bandwidth form", Html.seconds(c.analytical().latencyBandwidthS()));
        HtmlReport.card(h, "bus bandwidth", Html.bandwidth(c.simulated().busBandwidthBytesPerSec()));
        h.raw("</div>\n<p>").text(c.collective() + " of " + Html.bytes(c.bytesPerChip()) + " per chip over axes "
                + c.axes() + ": " + c.groups() + " group(s) of " + c.groupSize() + " chips, algorithm "
                + c.algorithm() + ", multi-axis decomposition " + c.multiAxis() + ".").raw("</p>\n");
        double d = c.bytesPerChip();
        double busFactor = c.simulated().algorithmicBandwidthBytesPerSec() > 0
                ? c.simulated().busBandwidthBytesPerSec() / c.simulated().algorithmicBandwidthBytesPerSec() : 0;
        double paperS = c.analytical().timeS();
        double lbS = c.analytical().latencyBandwidthS();
        h.raw("<h2>Simulated vs analytical</h2>\n<table>");
        h.headerRow("figure", "simulated", "paper form", "ratio", "latency-bandwidth form", "ratio");
        h.numericRow("time", Html.seconds(c.simulated().timeS()), Html.seconds(paperS), Html.ratio(c.ratio()),
                Html.seconds(lbS), Html.ratio(c.ratioLatencyBandwidth()));
        h.numericRow("algorithmic bandwidth (D / time)", Html.bandwidth(c.simulated().algorithmicBandwidthBytesPerSec()),
                Html.bandwidth(paperS > 0 ? d / paperS : 0),
                HtmlReport.ratio(c.simulated().algorithmicBandwidthBytesPerSec(), paperS > 0 ? d / paperS : 0),
                Html.bandwidth(lbS > 0 ? d / lbS : 0),
                HtmlReport.ratio(c.simulated().algorithmicBandwidthBytesPerSec(), lbS > 0 ? d / lbS : 0));
        h.numericRow("bus bandwidth", Html.bandwidth(c.simulated().busBandwidthBytesPerSec()),
                Html.bandwidth(paperS > 0 ? busFactor * d / paperS : 0),
                HtmlReport.ratio(c.simulated().busBandwidthBytesPerSec(), paperS > 0 ? busFactor * d / paperS : 0),
                Html.bandwidth(lbS > 0 ? busFactor * d / lbS : 0),
                HtmlReport.ratio(c.simulated().busBandwidthBytesPerSec(), lbS > 0 ? busFactor * d / lbS : 0));
        h.raw("</table>\n<p class=\"note\">Paper form: <code>").text(c.analytical().formula() + " (bw = "
                + Html.bandwidth(c.analytical().bandwidthBytesPerSec()) + ")").raw("</code>. Latency-bandwidth form: "
                + "<code>").text(c.analytical().latencyBandwidthFormula()).raw("</code>. Where the simulation exceeds "
                + "the latency-bandwidth form, the difference is queueing on shared links.</p>\n");
        h.chart(new BarChart("Time: simulated and both closed forms", List.of("time"), BarChart.Mode.ABSOLUTE,
                "time (" + Ticks.timeUnit(max(c.simulated().timeS(), paperS, lbS)).name() + ")",
                Ticks::seconds).ticks(Ticks.timeUnit(max(c.simulated().timeS(), paperS, lbS)).format()).width(640)
                .add(new BarChart.Bar("simulated", List.of(c.simulated().timeS())))
                .add(new BarChart.Bar("paper form", List.of(paperS)))
                .add(new BarChart.Bar("latency-bandwidth form", List.of(lbS))).render());
        if (!c.phases().isEmpty()) {
            h.raw("<h2>Phases</h2>\n<table>");
            h.headerRow("part", "axis", "operation", "chips", "topology", "steps", "shard", "message per direction");
            for (CollectiveResult.PhaseInfo p : c.phases()) {
                h.row(p.part(), p.axis(), p.operation(), p.chips(), p.ring() ? "ring" : "line", p.steps(),
                        Html.bytes(p.shardBytes()), Html.bytes(p.messageBytes()));
            }
            h.raw("</table>\n");
        }
        InterconnectSection.write(h, c.axisLoads(), c.busiestLinks(), c.linkPlanes(), "the collective's time");
    }

    private static double max(double... v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
