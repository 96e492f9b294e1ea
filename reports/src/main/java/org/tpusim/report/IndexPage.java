package org.tpusim.report;

import java.util.List;
import org.tpusim.result.RunResult;

/** {@code index.html}: one row per scenario of a run, linking to each report. */
public final class IndexPage {
    private IndexPage() {
    }

    public static String render(List<RunResult> results) {
        Html h = new Html().page("tpusim run");
        h.raw("<h1>tpusim run</h1>\n<p class=\"sub\">").text(results.size() + " scenario(s)").raw("</p>\n<table>");
        h.headerRow("scenario", "kind", "system", "simulated", "analytical", "ratio", "events");
        for (RunResult r : results) {
            String name = r.scenario().name();
            h.raw("<tr><td><a href=\"").text(name + "/report.html").raw("\">").text(name).raw("</a></td>");
            h.element("td", r.result().kind());
            h.element("td", r.scenario().system().chip() + " " + r.scenario().system().topology());
            h.element("td", Html.seconds(r.result().headlineSimulatedS()));
            h.element("td", Html.seconds(r.result().headlineAnalyticalS()));
            h.element("td", Html.ratio(r.result().ratio()));
            h.element("td", r.run().events()).raw("</tr>\n");
        }
        return h.raw("</table>\n").close();
    }
}
