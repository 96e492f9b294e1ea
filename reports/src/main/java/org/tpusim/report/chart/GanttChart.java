package org.tpusim.report.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tpusim.figure.Format;

/**
 * A timeline: lanes of intervals (e.g. the compute core and the collectives of one chip), coloured by category,
 * on a shared time axis in seconds. Intervals that overlap within a lane are stacked on sub-rows, so none hides
 * another. Names are written inside intervals wide enough to hold them; every interval has a tooltip.
 */
public final class GanttChart {
    /** One interval, seconds from the start of the timeline. */
    public record Span(String lane, String name, String category, double startS, double endS) {
    }

    private final String title;
    private final List<Span> spans = new ArrayList<>();
    private double width = 1000;
    private List<String> categoryOrder = List.of();

    public GanttChart(String title) {
        this.title = title;
    }

    /** Fixes the order of the categories in the legend (their colours are {@link Palette#category}, the same everywhere). */
    public GanttChart categories(List<String> order) {
        this.categoryOrder = List.copyOf(order);
        return this;
    }

    public GanttChart add(Span s) {
        spans.add(s);
        return this;
    }

    public GanttChart width(double px) {
        this.width = px;
        return this;
    }

    public String render() {
        Map<String, List<List<Span>>> lanes = new LinkedHashMap<>();
        Map<String, Integer> categories = new LinkedHashMap<>();
        for (String c : categoryOrder) {
            categories.putIfAbsent(c, categories.size());
        }
        Map<String, Boolean> used = new LinkedHashMap<>();
        double end = 0;
        for (Span s : spans) {
            categories.putIfAbsent(s.category(), categories.size());
            used.put(s.category(), true);
            end = Math.max(end, s.endS());
            List<List<Span>> rows = lanes.computeIfAbsent(s.lane(), k -> new ArrayList<>());
            place(rows, s);
        }
        double labelWidth = 0;
        for (String lane : lanes.keySet()) {
            labelWidth = Math.max(labelWidth, Svg.textWidth(lane));
        }
        double left = 16 + labelWidth + 10;
        double right = width - 20;
        double top = 34;
        double rowHeight = 20;
        double laneGap = 10;
        double y = top + 6;
        Ticks.TimeUnit unit = Ticks.timeUnit(end);
        Scale x = Scale.linear(0, end > 0 ? end : 1e-6, left, right);
        int rowsTotal = 0;
        for (List<List<Span>> rows : lanes.values()) {
            rowsTotal += rows.size();
        }
        double bottom = top + 6 + rowsTotal * rowHeight + Math.max(0, lanes.size()) * laneGap;
        // the legend names the categories this chart shows, in the fixed order
        List<String> names = new ArrayList<>();
        for (String c : categories.keySet()) {
            if (used.containsKey(c)) {
                names.add(c);
            }
        }
        double legendTop = bottom + 52;
        double height = legendTop + Frame.legendHeight(names, 16, right) + 8;
        Svg svg = new Svg().open(width, height, title);
        svg.text(width / 2, 18, "middle", title, "font-weight=\"600\" font-size=\"13\"");
        Frame.xAxis(svg, x, top, bottom, unit.format(), "time from the start of the layer (" + unit.name() + ")",
                left, right);
        for (Map.Entry<String, List<List<Span>>> lane : lanes.entrySet()) {
            double laneTop = y;
            for (List<Span> row : lane.getValue()) {
                for (Span s : row) {
                    String colour = Palette.category(s.category());
                    double x0 = x.px(s.startS());
                    double w = Math.max(1, x.px(s.endS()) - x0);
                    svg.rect(x0, y + 1, w, rowHeight - 3, colour, s.name() + " (" + s.category() + "): "
                            + Format.seconds(s.startS()) + " \u2013 " + Format.seconds(s.endS()) + ", "
                            + Format.seconds(s.endS() - s.startS()));
                    if (Svg.textWidth(s.name()) + 6 < w) {
                        svg.text(x0 + 3, y + rowHeight - 6, "start", s.name(), "fill=\"#fff\" font-size=\"11\"");
                    }
                }
                y += rowHeight;
            }
            svg.text(left - 10, (laneTop + y) / 2 + 4, "end", lane.getKey());
            y += laneGap;
        }
        List<String> colours = new ArrayList<>();
        for (String c : names) {
            colours.add(Palette.category(c));
        }
        Frame.legend(svg, names, colours, null, 16, right, legendTop);
        return svg.close();
    }

    /** Puts s on the first sub-row where it overlaps nothing (spans arrive in any order). */
    private static void place(List<List<Span>> rows, Span s) {
        for (List<Span> row : rows) {
            boolean free = true;
            for (Span o : row) {
                if (s.startS() < o.endS() && o.startS() < s.endS()) {
                    free = false;
                    break;
                }
            }
            if (free) {
                row.add(s);
                return;
            }
        }
        List<Span> row = new ArrayList<>();
        row.add(s);
        rows.add(row);
    }
}
