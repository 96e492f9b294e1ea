package org.tpusim.report.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import org.tpusim.figure.Format;

/**
 * Horizontal bars, one per row, each stacked from named segments (a bar with one segment is a plain bar). In
 * {@link Mode#SHARE} every bar is scaled to 100% of its own total, which is written at its end; in
 * {@link Mode#ABSOLUTE} all bars share one value axis. Segments keep their colour across rows; a legend names
 * them. Each segment's tooltip gives its value and share.
 */
public final class BarChart {
    public enum Mode { SHARE, ABSOLUTE }

    /** One bar: its label, and one value per segment (same order as the segment names; 0 for none). */
    public record Bar(String label, List<Double> values) {
        public Bar {
            values = List.copyOf(values);
        }

        double total() {
            double t = 0;
            for (double v : values) {
                t += Math.max(0, v);
            }
            return t;
        }
    }

    private final String title;
    private final List<String> segments;
    private final Mode mode;
    private final String valueTitle;
    private final DoubleFunction<String> valueFormat;
    private final List<Bar> bars = new ArrayList<>();
    private double width = 760;
    private DoubleFunction<String> tickFormat;
    private boolean byCategory;

    /**
     * @param segments    segment names, in stacking order
     * @param valueTitle  title of the value axis, with its unit
     * @param valueFormat format of values (tooltips, totals and, in ABSOLUTE mode, ticks)
     */
    public BarChart(String title, List<String> segments, Mode mode, String valueTitle,
                    DoubleFunction<String> valueFormat) {
        this.title = title;
        this.segments = List.copyOf(segments);
        this.mode = mode;
        this.valueTitle = valueTitle;
        this.valueFormat = valueFormat;
    }

    public BarChart add(Bar bar) {
        if (bar.values().size() != segments.size()) {
            throw new IllegalArgumentException("bar " + bar.label() + " has " + bar.values().size()
                    + " values for " + segments.size() + " segments");
        }
        bars.add(bar);
        return this;
    }

    /** Formats the ticks of an ABSOLUTE value axis (default: the value format), e.g. numbers in the axis's unit. */
    public BarChart ticks(DoubleFunction<String> format) {
        this.tickFormat = format;
        return this;
    }

    /**
     * Colours segments by their names' fixed category colours ({@link Palette#category}); a chart of one segment
     * colours each bar by its label instead (e.g. one bar per op category).
     */
    public BarChart byCategory() {
        this.byCategory = true;
        return this;
    }

    private String colour(int segment, Bar bar) {
        if (!byCategory) {
            return Palette.colour(segment);
        }
        return segments.size() == 1 ? Palette.category(bar.label()) : Palette.category(segments.get(segment));
    }

    public BarChart width(double px) {
        this.width = px;
        return this;
    }

    public String render() {
        double labelWidth = 0;
        double max = 0;
        double totalWidth = 0;
        for (Bar b : bars) {
            labelWidth = Math.max(labelWidth, Svg.textWidth(b.label()));
            max = Math.max(max, b.total());
            totalWidth = Math.max(totalWidth, Svg.textWidth(valueFormat.apply(b.total())));
        }
        double left = 16 + labelWidth + 10;
        double right = width - 20 - (mode == Mode.SHARE ? totalWidth + 10 : 0);
        double top = 34;
        double rowHeight = 26;
        double bottom = top + Math.max(1, bars.size()) * rowHeight + 6;
        Scale x = mode == Mode.SHARE ? Scale.linear(0, 1, left, right) : Scale.linear(0, max, left, right);
        boolean legend = segments.size() > 1;
        double legendTop = bottom + 52;
        double height = (legend ? legendTop + Frame.legendHeight(segments, 16, width - 20) : bottom + 46) + 8;
        Svg svg = new Svg().open(width, height, title);
        svg.text(width / 2, 18, "middle", title, "font-weight=\"600\" font-size=\"13\"");
        Frame.xAxis(svg, x, top, bottom, mode == Mode.SHARE ? Ticks.percentOf()
                : tickFormat != null ? tickFormat : valueFormat, valueTitle, left, right);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double y = top + 6 + i * rowHeight;
            svg.text(left - 10, y + 14, "end", b.label());
            double total = b.total();
            double acc = 0;
            for (int s = 0; s < segments.size(); s++) {
                double v = Math.max(0, b.values().get(s));
                if (v <= 0) {
                    continue;
                }
                double from = mode == Mode.SHARE ? acc / total : acc;
                double to = mode == Mode.SHARE ? (acc + v) / total : acc + v;
                svg.rect(x.px(from), y, x.px(to) - x.px(from), rowHeight - 8, colour(s, b),
                        b.label() + " \u00b7 " + segments.get(s) + ": " + valueFormat.apply(v) + " ("
                                + Format.percent(total > 0 ? v / total : 0) + ")");
                acc += v;
            }
            if (mode == Mode.SHARE) {
                svg.text(right + 8, y + 14, "start", valueFormat.apply(total));
            }
        }
        if (legend) {
            List<String> colours = new ArrayList<>();
            for (int s = 0; s < segments.size(); s++) {
                colours.add(byCategory ? Palette.category(segments.get(s)) : Palette.colour(s));
            }
            Frame.legend(svg, segments, colours, null, 16, width - 20, legendTop);
        }
        return svg.close();
    }
}
