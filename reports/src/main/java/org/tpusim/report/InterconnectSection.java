package org.tpusim.report;

import java.util.ArrayList;
import java.util.List;
import org.tpusim.report.chart.BarChart;
import org.tpusim.report.chart.Heatmap;
import org.tpusim.report.chart.Ticks;
import org.tpusim.result.CollectiveResult;
import org.tpusim.result.LinkLoad;
import org.tpusim.result.LinkPlane;

/** How the interconnect was loaded: per axis (table and chart), per link, and per-axis heatmaps of one plane. */
final class InterconnectSection {
    private InterconnectSection() {
    }

    static void write(Html h, List<CollectiveResult.AxisLoad> axes, List<LinkLoad> busiest, List<LinkPlane> planes,
                      String over) {
        h.raw("<h2>The interconnect</h2>\n<p class=\"note\">").text("Utilisation: time a link direction spent "
                + "sending / " + over + ".").raw("</p>\n<table>");
        h.headerRow("axis", "link directions", "bytes", "mean utilisation", "max utilisation");
        for (CollectiveResult.AxisLoad a : axes) {
            h.numericRow(a.axis(), a.links(), Html.bytes(a.bytes()), Html.percent(a.meanUtilisation()),
                    Html.percent(a.maxUtilisation()));
        }
        h.raw("</table>\n");
        if (!axes.isEmpty()) {
            BarChart chart = new BarChart("Link utilisation per axis", List.of("mean over the axis's links",
                    "the busiest link (above the mean)"), BarChart.Mode.ABSOLUTE, "utilisation (%)", Ticks::percent)
                    .width(640);
            for (CollectiveResult.AxisLoad a : axes) {
                chart.add(new BarChart.Bar("axis " + a.axis(), List.of(a.meanUtilisation(),
                        Math.max(0, a.maxUtilisation() - a.meanUtilisation()))));
            }
            h.chart(chart.render());
        }
        if (!planes.isEmpty()) {
            h.raw("<h3>Link utilisation over one plane of chips</h3>\n<p class=\"note\">").text("One map per axis "
                    + "and direction: the cell at (column, row) is the link leaving that chip along the axis. Uneven "
                    + "colour within a map is contention; grey: no link (the end of a line).").raw("</p>\n");
            double max = 0;
            for (LinkPlane p : planes) {
                for (List<Double> row : p.utilisation()) {
                    for (double u : row) {
                        max = Math.max(max, u);
                    }
                }
            }
            double top = Heatmap.scaleFor(max);
            h.chart(Heatmap.key("link utilisation (busy time / " + over + ")", top));
            h.raw("<div class=\"charts\">");
            List<String> maps = new ArrayList<>();
            for (LinkPlane p : planes) {
                maps.add(new Heatmap(p.direction() + p.axis() + " links, " + p.plane(), p.axis(), p.rowAxis(),
                        p.utilisation(), top).render());
            }
            for (String m : maps) {
                h.chart(m);
            }
            h.raw("</div>\n");
        }
        if (!busiest.isEmpty()) {
            h.raw("<h3>Busiest links</h3>\n<table>");
            h.headerRow("link", "axis", "bytes", "busy", "utilisation");
            for (LinkLoad l : busiest) {
                h.row(l.link(), l.axis(), Html.bytes(l.bytes()), Html.seconds(l.busyS()),
                        Html.percent(l.utilisation()));
            }
            h.raw("</table>\n");
        }
    }
}
