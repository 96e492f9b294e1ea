package org.tpusim.report;

import org.tpusim.result.LinkLoad;
import org.tpusim.result.TransferResult;
import org.tpusim.scenario.Workload;

/** The report of a point-to-point transfer: its time against the link model's closed form, and its route. */
final class TransferSection {
    private TransferSection() {
    }

    static void write(Html h, Workload.Transfer w, TransferResult t) {
        h.raw("<div class=\"cards\">");
        HtmlReport.card(h, "simulated time", Html.seconds(t.simulated().timeS()));
        HtmlReport.card(h, "analytical time", Html.seconds(t.analytical().timeS()));
        HtmlReport.card(h, "simulated / analytical", Html.ratio(t.ratio()));
        HtmlReport.card(h, "achieved bandwidth", Html.bandwidth(t.simulated().bandwidthBytesPerSec()));
        h.raw("</div>\n<h2>Simulated vs analytical</h2>\n<table>");
        h.headerRow("figure", "simulated", "analytical", "ratio");
        h.numericRow("transfer time", Html.seconds(t.simulated().timeS()), Html.seconds(t.analytical().timeS()),
                Html.ratio(t.ratio()));
        double analyticalBw = t.analytical().timeS() > 0 ? t.bytes() / t.analytical().timeS() : 0;
        h.numericRow("bandwidth (bytes / time)", Html.bandwidth(t.simulated().bandwidthBytesPerSec()),
                Html.bandwidth(analyticalBw), HtmlReport.ratio(t.simulated().bandwidthBytesPerSec(), analyticalBw));
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
}
