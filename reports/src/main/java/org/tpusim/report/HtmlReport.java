package org.tpusim.report;

import org.tpusim.figure.Format;
import org.tpusim.result.BatchResult;
import org.tpusim.result.CollectiveResult;
import org.tpusim.result.RunResult;
import org.tpusim.result.ScenarioEcho;
import org.tpusim.result.TraceResult;
import org.tpusim.result.TransferResult;
import org.tpusim.scenario.Workload;

/**
 * The self-contained {@code report.html} of one scenario run: inline CSS and inline SVG charts, no scripts, no
 * network. A header says what ran; a section per workload kind shows the headline figures, every simulated figure
 * beside its analytical form, where the time went and how the interconnect was loaded; the system and its
 * parameters close the page.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static String render(RunResult r) {
        ScenarioEcho s = r.scenario();
        Html h = new Html().page("tpusim: " + s.name());
        h.raw("<h1>").text(s.name()).raw("</h1>\n");
        if (!s.description().isEmpty()) {
            h.raw("<p class=\"sub\">").text(s.description()).raw("</p>\n");
        }
        header(h, r);
        // one section per workload kind
        if (r.result() instanceof TransferResult t) {
            TransferSection.write(h, (Workload.Transfer) s.workload(), t);
        } else if (r.result() instanceof CollectiveResult c) {
            CollectiveSection.write(h, c, s);
        } else if (r.result() instanceof BatchResult b) {
            BatchSection.write(h, (Workload.Batch) s.workload(), b, r);
        } else if (r.result() instanceof TraceResult t) {
            TraceSection.write(h, t, s);
        }
        system(h, s);
        h.raw("<footer>").text("tpusim " + r.tpusimVersion() + " \u00b7 scenario file " + s.file()
                + " \u00b7 " + r.run().events() + " events \u00b7 simulated " + Html.seconds(r.result().headlineSimulatedS())
                + " \u00b7 wall time " + Html.seconds(r.run().wallTimeS())).raw("</footer>\n");
        return h.close();
    }

    private static void header(Html h, RunResult r) {
        ScenarioEcho s = r.scenario();
        h.raw("<table class=\"header\">");
        h.row("scenario", s.name() + " (" + s.file() + ")");
        h.row("system", s.system().chip() + " \u00d7 " + s.system().chips() + " chips, slice " + s.system().topology()
                + (s.system().twisted() ? ", twisted torus" : "") + " (wraparound x, y, z: " + s.system().wraparound() + ")");
        if (s.model() != null) {
            h.row("model", s.model().model().name() + ", weights " + s.model().weights().key() + ", activations "
                    + s.model().activations().key() + ", KV cache " + s.model().kvCache().key());
        }
        if (r.result() instanceof BatchResult b) {
            h.row("layouts", "prefill: ffn " + b.layouts().prefillFfn() + ", attention " + b.layouts().prefillAttention()
                    + (b.layouts().prefillExperts() == null ? "" : ", experts " + b.layouts().prefillExperts())
                    + " \u00b7 decode: ffn " + b.layouts().decodeFfn() + ", attention " + b.layouts().decodeAttention()
                    + (b.layouts().decodeExperts() == null ? "" : ", experts " + b.layouts().decodeExperts()));
        }
        h.row("workload", workload(s.workload()));
        h.row("seed", s.seed());
        if (r.scenario().reference() != null) {
            h.row("published", r.scenario().reference().source() + (r.scenario().reference().note().isEmpty() ? ""
                    : " (" + r.scenario().reference().note() + ")") + "; times are compared as relative error, MFU "
                    + "as a difference in percentage points");
        }
        org.tpusim.validation.CalibrationRegion.Check calibration =
                org.tpusim.validation.CalibrationRegion.bundled().check(s);
        if (calibration != null) {
            h.row("calibration", calibration.summary() + (calibration.inside() ? ""
                    : " \u2014 the figures are an extrapolation of parameters fitted inside it (docs/calibration.md)"));
        }
        h.row("run", "tpusim " + r.tpusimVersion() + " \u00b7 " + r.run().events() + " events \u00b7 wall time "
                + Html.seconds(r.run().wallTimeS()) + " \u00b7 simulated time " + Html.seconds(r.result()
                .headlineSimulatedS()));
        h.raw("</table>\n");
    }

    static String workload(Workload w) {
        if (w instanceof Workload.Transfer t) {
            return "transfer of " + Html.bytes(t.bytes()) + " from " + t.from() + " to " + t.to();
        }
        if (w instanceof Workload.Collective c) {
            return c.collective().key() + " of " + Html.bytes(c.bytesPerChip()) + " per chip over " + c.axes()
                    + " (" + c.algorithm().key() + ", " + c.multiAxis().key() + ")";
        }
        if (w instanceof Workload.Batch b) {
            return "batch " + b.batch() + ": " + b.inputTokens() + " input tokens on " + b.cachedTokens()
                    + " cached, " + b.outputTokens() + " decode steps";
        }
        return w.kind();
    }

    static void card(Html h, String key, String value) {
        h.raw("<div class=\"card\"><div class=\"k\">").text(key).raw("</div><div class=\"v\">").text(value)
                .raw("</div></div>");
    }

    /** A card with a second, smaller line under the value (e.g. the published figure). */
    static void card(Html h, String key, String value, String below) {
        h.raw("<div class=\"card\"><div class=\"k\">").text(key).raw("</div><div class=\"v\">").text(value)
                .raw("</div><div class=\"k\">").text(below).raw("</div></div>");
    }

    static String ratio(double a, double b) {
        return b > 0 ? Html.ratio(a / b) : "\u2013";
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
            h.row(p.key(), Format.quantity(p.value(), p.unit()), p.unit(), p.source());
        }
        h.raw("</table>\n");
    }
}
