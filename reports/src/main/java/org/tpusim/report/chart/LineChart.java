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
    /**
     * One data point; a non-null label is written beside it (e.g. "64c b16" on a Pareto frontier), placed so that
     * no two labels overlap; a non-null tooltip replaces the default hover text (series, label, x and y).
     */
    public record Point(double x, double y, String label, String tooltip) {
        public Point(double x, double y) {
            this(x, y, null, null);
        }

        public Point(double x, double y, String label) {
            this(x, y, label, null);
        }
    }

    /** How a series is drawn. */
    public enum Style {
        /** A solid line with a marker per point. */
        LINE,
        /** A dashed line with small markers (e.g. an analytical form beside the simulation). */
        DASHED,
        /** Hollow diamonds, no line (e.g. published points). */
        MARKERS,
        /** A solid line without markers (many points, e.g. a CDF). */
        CURVE
    }

    /** A named series; colour null takes the series' place in the palette. */
    public record Series(String name, List<Point> points, Style style, String colour) {
        public Series {
            points = List.copyOf(points);
        }

        /** dashed draws it as a dashed line (e.g. an analytical form beside the simulation). */
        public Series(String name, List<Point> points, boolean dashed) {
            this(name, points, dashed ? Style.DASHED : Style.LINE, null);
        }

        public boolean dashed() {
            return style == Style.DASHED;
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
        Scale xProbe = xAxis.scale(xmin, xmax, 0, 1);
        double lastLabel = Svg.textWidth(Ticks.tick(xAxis.format(), xProbe, xTicks.get(xTicks.size() - 1)));
        double right = width - Math.max(20, lastLabel / 2 + 6);
        Scale x = xAxis.scale(xmin, xmax, left, right);
        Scale y = probe;
        List<String> names = new ArrayList<>();
        List<String> colours = new ArrayList<>();
        List<String> dashes = new ArrayList<>();
        List<Boolean> markersOnly = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            names.add(s.name());
            colours.add(s.colour() != null ? s.colour() : Palette.colour(i));
            dashes.add(s.dashed() ? "6 4" : s.style() == Style.MARKERS ? "marker" : null);
            markersOnly.add(s.style() == Style.MARKERS);
        }
        double legendTop = bottom + 52;
        double height = legendTop + Frame.legendHeight(names, left, right) + 8;
        Svg svg = new Svg().open(width, height, title);
        svg.text(width / 2, 18, "middle", title, "font-weight=\"600\" font-size=\"13\"");
        Frame.xAxis(svg, x, top, bottom, xAxis.format(), xAxis.title(), left, right);
        Frame.yAxis(svg, y, left, right, yAxis.format(), yAxis.title(), top, bottom, 14);
        // the first series (e.g. the simulation) is drawn last, on top of the ones it is compared with
        List<double[]> markers = new ArrayList<>();
        List<double[]> labelled = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> labelColours = new ArrayList<>();
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
            String colour = colours.get(i);
            if (pts.size() > 1 && s.style() != Style.MARKERS) {
                svg.polyline(xs, ys, colour, s.dashed() ? "6 4" : null, s.style() == Style.CURVE ? s.name() : null);
            }
            if (s.style() == Style.CURVE) {
                continue;
            }
            for (int k = 0; k < pts.size(); k++) {
                Point p = pts.get(k);
                String tip = p.tooltip() != null ? p.tooltip() : s.name() + ": "
                        + (p.label() != null ? p.label() + ": " : "") + xAxis.format().apply(p.x())
                        + " \u2192 " + yAxis.format().apply(p.y());
                if (s.style() == Style.MARKERS) {
                    svg.diamond(xs[k], ys[k], 5, colour, tip);
                } else {
                    svg.circle(xs[k], ys[k], s.dashed() ? 2.5 : 3.5, colour, tip);
                }
                markers.add(new double[] {xs[k], ys[k]});
                if (p.label() != null) {
                    labelled.add(new double[] {xs[k], ys[k]});
                    labels.add(p.label());
                    labelColours.add(colour);
                }
            }
        }
        // labels last, on top, none over another (the first series' labels were collected last: place them first)
        int n = labels.size();
        double[] lx = new double[n];
        double[] ly = new double[n];
        List<String> order = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            lx[k] = labelled.get(n - 1 - k)[0];
            ly[k] = labelled.get(n - 1 - k)[1];
            order.add(labels.get(n - 1 - k));
        }
        List<LabelPlacer.Box> boxes = LabelPlacer.place(lx, ly, order, markers,
                new LabelPlacer.Box(left + 2, top - 12, width - left - 4, bottom - top + 10));
        for (int k = 0; k < n; k++) {
            LabelPlacer.Box b = boxes.get(k);
            if (b != null) {
                svg.text(b.x() + 1, b.y() + LabelPlacer.HEIGHT - 2.5, "start", order.get(k),
                        "font-size=\"9\" fill=\"" + labelColours.get(n - 1 - k)
                                + "\" stroke=\"#fff\" stroke-width=\"2.5\" paint-order=\"stroke\"");
            }
        }
        Frame.legend(svg, names, colours, dashes, left, right, legendTop);
        return svg.close();
    }
}
