package org.tpusim.report;

import org.tpusim.result.BatchResult;
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
        } else if (r.result() instanceof BatchResult b) {
            batch(h, (Workload.Batch) s.workload(), b);
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

    private static void batch(Html h, Workload.Batch w, BatchResult b) {
        BatchResult.Figures sim = b.simulated();
        BatchResult.Figures ana = b.analytical();
        h.raw("<div class=\"cards\">");
        if (w.inputTokens() > 0) {
            card(h, "prefill", Html.seconds(sim.prefillS()));
        }
        if (w.outputTokens() > 0) {
            card(h, "decode per token", Html.sig(sim.decodePerTokenMs()) + " ms");
        }
        card(h, "total", Html.seconds(sim.totalS()));
        card(h, "MFU (total)", Html.percent(sim.mfu().total()));
        card(h, "simulated / analytical", Html.ratio(b.ratio()));
        h.raw("</div>\n<p>").text("batch " + w.batch() + ", " + w.inputTokens() + " input tokens on "
                + w.cachedTokens() + " cached, " + w.outputTokens() + " decode steps. Layouts: prefill ffn "
                + b.layouts().prefillFfn() + " / attention " + b.layouts().prefillAttention() + "; decode ffn "
                + b.layouts().decodeFfn() + " / attention " + b.layouts().decodeAttention() + ". Overlap "
                + b.overlap() + ", detail " + b.detail() + ".").raw("</p>\n");
        h.raw("<h2>Simulated vs analytical</h2>\n<table>");
        h.headerRow("figure", "simulated", "analytical", "ratio");
        h.row("prefill", Html.seconds(sim.prefillS()), Html.seconds(ana.prefillS()), ratio(sim.prefillS(), ana.prefillS()));
        h.row("decode (all steps)", Html.seconds(sim.decodeS()), Html.seconds(ana.decodeS()),
                ratio(sim.decodeS(), ana.decodeS()));
        h.row("decode per token", Html.sig(sim.decodePerTokenMs()) + " ms", Html.sig(ana.decodePerTokenMs()) + " ms",
                ratio(sim.decodePerTokenMs(), ana.decodePerTokenMs()));
        h.row("total", Html.seconds(sim.totalS()), Html.seconds(ana.totalS()), Html.ratio(b.ratio()));
        h.row("MFU prefill", Html.percent(sim.mfu().prefill()), Html.percent(ana.mfu().prefill()), "");
        h.row("MFU decode", Html.percent(sim.mfu().decode()), Html.percent(ana.mfu().decode()), "");
        h.row("MFU total", Html.percent(sim.mfu().total()), Html.percent(ana.mfu().total()), "");
        h.row("cost prefill (chip-ms/token)", Html.sig(sim.costChipMsPerToken().prefill()),
                Html.sig(ana.costChipMsPerToken().prefill()), "");
        h.row("cost decode (chip-ms/token)", Html.sig(sim.costChipMsPerToken().decode()),
                Html.sig(ana.costChipMsPerToken().decode()), "");
        h.raw("</table>\n<p>Analytical: the paper's model per pass, max(compute, weight + KV loading) + feedforward "
                + "communication at the chip's full interconnect bandwidth (Pope et al. 2022, sec. 2 and App. A).</p>\n");
        h.raw("<table>");
        h.headerRow("phase", "compute", "weight loading", "KV loading", "communication", "roofline",
                "roofline + comm", "no overlap");
        for (BatchResult.AnalyticalForms f : b.analyticalForms()) {
            h.row(f.phase(), Html.seconds(f.computeS()), Html.seconds(f.weightLoadS()), Html.seconds(f.kvLoadS()),
                    Html.seconds(f.communicationS()), Html.seconds(f.rooflineS()),
                    Html.seconds(f.rooflineWithCommunicationS()), Html.seconds(f.noOverlapS()));
        }
        h.raw("</table>\n<h2>Where the time goes (one chip)</h2>\n<table>");
        h.headerRow("phase", "span", "matmul compute", "weight loading", "KV loading", "vector ops", "fixed op costs",
                "communication exposed", "communication hidden", "idle");
        for (BatchResult.PhaseBreakdown p : b.breakdown()) {
            h.row(p.phase(), Html.seconds(p.spanS()), Html.seconds(p.matmulComputeS()), Html.seconds(p.weightLoadingS()),
                    Html.seconds(p.kvLoadingS()), Html.seconds(p.vectorS()), Html.seconds(p.fixedS()),
                    Html.seconds(p.communicationExposedS()), Html.seconds(p.communicationHiddenS()),
                    Html.seconds(p.idleS()));
        }
        h.raw("</table>\n<table>");
        h.headerRow("phase", "op category", "time");
        for (BatchResult.CategoryTime c : b.byOp()) {
            h.row(c.phase(), c.category(), Html.seconds(c.timeS()));
        }
        h.raw("</table>\n<h2>Memory per chip</h2>\n<table>");
        BatchResult.Memory m = b.memory();
        h.row("weights", Html.bytes(m.weightsBytes()));
        h.row("KV cache (largest context)", Html.bytes(m.kvCacheBytes()));
        h.row("activations", Html.bytes(m.activationsBytes()));
        h.row("capacity", Html.bytes(m.capacityBytes()));
        h.raw("</table>\n<h2>Link load per axis</h2>\n<table>");
        h.headerRow("axis", "link directions", "bytes (simulated passes)", "mean utilisation", "max utilisation");
        for (CollectiveResult.AxisLoad a : b.axisLoads()) {
            h.row(a.axis(), a.links(), Html.bytes(a.bytes()), Html.percent(a.meanUtilisation()),
                    Html.percent(a.maxUtilisation()));
        }
        h.raw("</table>\n");
    }

    private static String ratio(double a, double b) {
        return b > 0 ? Html.ratio(a / b) : "";
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
