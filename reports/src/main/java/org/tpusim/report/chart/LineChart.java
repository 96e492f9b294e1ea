package org.tpusim.report.chart;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A line chart of one or more series over a shared x axis, each axis linear or log10, with ticks, unit labels,
 * a legend and a tooltip per point. Points that a log axis cannot show (zero or negative) are left out.
 */
public final class LineChart {
    /** One data point; a non-null label is written beside it (e.g. "64 chips, b 16" on a Pareto frontier). */
    public record Point(double x, double y, String label) {
        public Point(double x, double y) {
            this(x, y, null);
        }
    }

    /** A named series; dashed draws it as a dashed line (e.g. an analytical form beside the simulation). */
    public record Series(String name, List<Point> points, boolean dashed) {
        public Series {
            points = List.copyOf(points);
        }
    }

    /**
     * How one axis is drawn: its title (with the unit), log or linear, the format of its ticks, and whether a log
     * axis of byte counts ticks at powers of two.
     */
    public record AxisSpec(String title, boolean log, DoubleFunction<String> format, boolean binary) {
        public AxisSpec(String title, boolean log, DoubleFunction<String> format) {
            this(title, log, format, false);
        }

        Scale scale(double min, double max, double pxFrom, double pxTo) {
            if (!log) {
                return Scale.linear(min, max, pxFrom, pxTo);
            }
            return binary ? Scale.logBinary(min, max, pxFrom, pxTo) : Scale.log(min, max, pxFrom, pxTo);
        }
    }

    private final String title;
    private final AxisSpec xAxis;
    private final AxisSpec yAxis;
    private final List<Series> series = new ArrayList<>();
    private double width = 520;
    private double plotHeight = 260;

    public LineChart(String title, AxisSpec xAxis, AxisSpec yAxis) {
        this.title = title;
        this.xAxis = xAxis;
        this.yAxis = yAxis;
    }

    public LineChart add(Series s) {
        series.add(s);
        return this;
    }

    public LineChart size(double widthPx, double plotHeightPx) {
        this.width = widthPx;
        this.plotHeight = plotHeightPx;
        return this;
    }

    private boolean shown(Point p) {
        return Double.isFinite(p.x()) && Double.isFinite(p.y()) && (!xAxis.log() || p.x() > 0)
                && (!yAxis.log() || p.y() > 0);
    }

    public String render() {
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (Point p : s.points()) {
                if (shown(p)) {
                    xmin = Math.min(xmin, p.x());
                    xmax = Math.max(xmax, p.x());
                    ymin = Math.min(ymin, p.y());
                    ymax = Math.max(ymax, p.y());
                }
            }
        }
        if (xmin > xmax) {
            xmin = xAxis.log() ? 1 : 0;
            xmax = xAxis.log() ? 10 : 1;
            ymin = yAxis.log() ? 1 : 0;
            ymax = yAxis.log() ? 10 : 1;
        }
        if (!yAxis.log()) {
            ymin = Math.min(0, ymin);
        }
        double top = 34;
        double bottom = top + plotHeight;
        // the y tick labels decide the left margin
        Scale probe = yAxis.scale(ymin, ymax, bottom, top);
        double left = 30 + Frame.widestLabel(probe, yAxis.format()) + 12;
        // room for half of the last x tick label beyond the plot
        List<Double> xTicks = xAxis.scale(xmin, xmax, 0, 1).ticks();
        double lastLabel = Svg.textWidth(xAxis.format().apply(xTicks.get(xTicks.size() - 1)));
        double right = width - Math.max(20, lastLabel / 2 + 6);
        Scale x = xAxis.scale(xmin, xmax, left, right);
        Scale y = probe;
        List<String> names = new ArrayList<>();
        List<String> colours = new ArrayList<>();
        List<String> dashes = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            names.add(series.get(i).name());
            colours.add(Palette.colour(i));
            dashes.add(series.get(i).dashed() ? "6 4" : null);
        }
        double legendTop = bottom + 52;
        double height = legendTop + Frame.legendHeight(names, left, right) + 8;
        Svg svg = new Svg().open(width, height, title);
        svg.text(width / 2, 18, "middle", title, "font-weight=\"600\" font-size=\"13\"");
        Frame.xAxis(svg, x, top, bottom, xAxis.format(), xAxis.title(), left, right);
        Frame.yAxis(svg, y, left, right, yAxis.format(), yAxis.title(), top, bottom, 14);
        // the first series (e.g. the simulation) is drawn last, on top of the ones it is compared with
        for (int i = series.size() - 1; i >= 0; i--) {
            Series s = series.get(i);
            List<Point> pts = new ArrayList<>();
            for (Point p : s.points()) {
                if (shown(p)) {
                    pts.add(p);
                }
            }
            pts.sort(Comparator.comparingDouble(Point::x));
            double[] xs = new double[pts.size()];
            double[] ys = new double[pts.size()];
            for (int k = 0; k < pts.size(); k++) {
                xs[k] = x.px(pts.get(k).x());
                ys[k] = y.px(pts.get(k).y());
            }
            if (pts.size() > 1) {
                svg.polyline(xs, ys, colours.get(i), dashes.get(i));
            }
            for (int k = 0; k < pts.size(); k++) {
                String label = pts.get(k).label();
                svg.circle(xs[k], ys[k], s.dashed() ? 2.5 : 3.5, colours.get(i), s.name() + ": "
                        + (label != null ? label + ": " : "") + xAxis.format().apply(pts.get(k).x())
                        + " \u2192 " + yAxis.format().apply(pts.get(k).y()));
                if (label != null) {
                    svg.text(xs[k] + 5, ys[k] - 4, "start", label, "font-size=\"9\" fill=\"" + colours.get(i) + "\"");
                }
            }
        }
        Frame.legend(svg, names, colours, dashes, left, right, legendTop);
        return svg.close();
    }
}
