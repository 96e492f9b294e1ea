package org.tpusim.report;

import org.tpusim.result.CollectiveResult;
import org.tpusim.result.LinkLoad;
import org.tpusim.result.RunResult;
import org.tpusim.result.ScenarioEcho;
import org.tpusim.result.TransferResult;
import org.tpusim.scenario.Workload;

/** The self-contained {@code report.html} of one scenario run: inline CSS, no scripts, no network. */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static String render(RunResult r) {
        ScenarioEcho s = r.scenario();
        Html h = new Html().page("tpusim: " + s.name());
        h.raw("<h1>").text(s.name()).raw("</h1>\n<p class=\"sub\">");
        if (!s.description().isEmpty()) {
            h.text(s.description()).raw("<br>");
        }
        h.text(s.system().chip() + " \u00d7 " + s.system().chips() + " chips, slice " + s.system().topology()
                + " \u00b7 workload " + s.workload().kind() + " \u00b7 seed " + s.seed()).raw("</p>\n");
        if (r.result() instanceof TransferResult t) {
            transfer(h, (Workload.Transfer) s.workload(), t);
        } else if (r.result() instanceof CollectiveResult c) {
            collective(h, c);
        }
        system(h, s);
        h.raw("<footer>").text("tpusim " + r.tpusimVersion() + " \u00b7 scenario file " + s.file()
                + " \u00b7 " + r.run().events() + " events \u00b7 simulated " + Html.seconds(r.run().simulatedEndS())
                + " \u00b7 wall time " + Html.seconds(r.run().wallTimeS())).raw("</footer>\n");
        return h.close();
    }

    private static void card(Html h, String key, String value) {
        h.raw("<div class=\"card\"><div class=\"k\">").text(key).raw("</div><div class=\"v\">").text(value)
                .raw("</div></div>");
    }

    private static void transfer(Html h, Workload.Transfer w, TransferResult t) {
        h.raw("<div class=\"cards\">");
        card(h, "simulated time", Html.seconds(t.simulated().timeS()));
        card(h, "analytical time", Html.seconds(t.analytical().timeS()));
        card(h, "simulated / analytical", Html.ratio(t.ratio()));
        card(h, "achieved bandwidth", Html.bandwidth(t.simulated().bandwidthBytesPerSec()));
        h.raw("</div>\n<h2>Simulated vs analytical</h2>\n<table>");
        h.headerRow("figure", "simulated", "analytical", "ratio");
        h.row("transfer time", Html.seconds(t.simulated().timeS()), Html.seconds(t.analytical().timeS()),
                Html.ratio(t.ratio()));
        h.raw("</table>\n<p>Analytical: <code>").text(t.analytical().formula()).raw("</code></p>\n");
        h.raw("<h2>Transfer</h2>\n<table>");
        h.row("from", w.from());
        h.row("to", w.to());
        h.row("message", Html.bytes(t.bytes()) + " (" + t.bytes() + " B) in " + t.chunks() + " chunks");
        h.row("hops", t.hops());
        h.row("route", t.route().isEmpty() ? "(same chip)" : String.join(", ", t.route()));
        h.raw("</table>\n<h2>Link load</h2>\n<table>");
        h.headerRow("link", "axis", "bytes", "busy", "utilisation");
        for (LinkLoad l : t.links()) {
            h.row(l.link(), l.axis(), Html.bytes(l.bytes()), Html.seconds(l.busyS()), Html.percent(l.utilisation()));
        }
        h.raw("</table>\n");
    }

    private static void collective(Html h, CollectiveResult c) {
        h.raw("<div class=\"cards\">");
        card(h, "simulated time", Html.seconds(c.simulated().timeS()));
        card(h, "paper form (bandwidth only)", Html.seconds(c.analytical().timeS()));
        card(h, "latency-bandwidth form", Html.seconds(c.analytical().latencyBandwidthS()));
        card(h, "bus bandwidth", Html.bandwidth(c.simulated().busBandwidthBytesPerSec()));
        h.raw("</div>\n<p>").text(c.collective() + " of " + Html.bytes(c.bytesPerChip()) + " per chip over axes "
                + c.axes() + ": " + c.groups() + " group(s) of " + c.groupSize() + " chips, algorithm "
                + c.algorithm() + ", multi-axis decomposition " + c.multiAxis() + ".").raw("</p>\n");
        h.raw("<h2>Simulated vs analytical</h2>\n<table>");
        h.headerRow("figure", "simulated", "analytical", "ratio", "formula");
        h.row("time (paper form)", Html.seconds(c.simulated().timeS()), Html.seconds(c.analytical().timeS()),
                Html.ratio(c.ratio()), c.analytical().formula() + " (bw = "
                        + Html.bandwidth(c.analytical().bandwidthBytesPerSec()) + ")");
        h.row("time (latency-bandwidth form)", Html.seconds(c.simulated().timeS()),
                Html.seconds(c.analytical().latencyBandwidthS()), Html.ratio(c.ratioLatencyBandwidth()),
                c.analytical().latencyBandwidthFormula());
        h.raw("</table>\n<table>");
        h.row("algorithmic bandwidth (D / time)", Html.bandwidth(c.simulated().algorithmicBandwidthBytesPerSec()));
        h.row("bus bandwidth", Html.bandwidth(c.simulated().busBandwidthBytesPerSec()));
        h.raw("</table>\n");
        if (!c.phases().isEmpty()) {
            h.raw("<h2>Phases</h2>\n<table>");
            h.headerRow("part", "axis", "operation", "chips", "topology", "steps", "shard", "message per direction");
            for (CollectiveResult.PhaseInfo p : c.phases()) {
                h.row(p.part(), p.axis(), p.operation(), p.chips(), p.ring() ? "ring" : "line", p.steps(),
                        Html.bytes(p.shardBytes()), Html.bytes(p.messageBytes()));
            }
            h.raw("</table>\n");
        }
        h.raw("<h2>Link load per axis</h2>\n<table>");
        h.headerRow("axis", "link directions", "bytes", "mean utilisation", "max utilisation");
        for (CollectiveResult.AxisLoad a : c.axisLoads()) {
            h.row(a.axis(), a.links(), Html.bytes(a.bytes()), Html.percent(a.meanUtilisation()),
                    Html.percent(a.maxUtilisation()));
        }
        h.raw("</table>\n<h2>Busiest links</h2>\n<table>");
        h.headerRow("link", "axis", "bytes", "busy", "utilisation");
        for (LinkLoad l : c.busiestLinks()) {
            h.row(l.link(), l.axis(), Html.bytes(l.bytes()), Html.seconds(l.busyS()), Html.percent(l.utilisation()));
        }
        h.raw("</table>\n");
    }

    private static void system(Html h, ScenarioEcho s) {
        h.raw("<h2>System</h2>\n<table>");
        h.row("chip", s.system().chip());
        h.row("slice", s.system().topology() + " (" + s.system().chips() + " chips)");
        h.row("wraparound [x, y, z]", s.system().wraparound());
        h.row("chunk size", Html.bytes(s.simulation().chunkBytes()));
        h.raw("</table>\n<table>");
        h.headerRow("parameter", "value", "unit", "source");
        for (ScenarioEcho.ParameterEcho p : s.system().parameters()) {
            h.row(p.key(), Html.sig(p.value()), p.unit(), p.source());
        }
        h.raw("</table>\n");
    }
}
