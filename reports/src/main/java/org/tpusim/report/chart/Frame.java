package org.tpusim.report.chart;

import java.util.List;
import java.util.function.DoubleFunction;

/** Draws an axis with ticks, tick labels, grid lines and a title, below or left of a plot area. */
final class Frame {
    private Frame() {
    }

    /** The horizontal axis at y = bottom, grid up to top. */
    static void xAxis(Svg svg, Scale x, double top, double bottom, DoubleFunction<String> format, String title,
                      double left, double right) {
        svg.line(left, bottom, right, bottom, "#555", 1, null);
        List<Double> ticks = x.ticks();
        double lastEnd = Double.NEGATIVE_INFINITY;
        for (Double t : ticks) {
            double px = x.px(t);
            svg.line(px, top, px, bottom, "#e3e6ec", 1, null);
            svg.line(px, bottom, px, bottom + 5, "#555", 1, null);
            String label = Ticks.tick(format, x, t);
            double w = Svg.textWidth(label);
            // skip a label that would overlap the one before it
            if (px - w / 2 > lastEnd + 4) {
                svg.text(px, bottom + 18, "middle", label);
                lastEnd = px + w / 2;
            }
        }
        svg.text((left + right) / 2, bottom + 38, "middle", title, "font-weight=\"600\"");
    }

    /** The vertical axis at x = left, grid across to right. Returns nothing; labels right-aligned left of the axis. */
    static void yAxis(Svg svg, Scale y, double left, double right, DoubleFunction<String> format, String title,
                      double top, double bottom, double titleX) {
        svg.line(left, top, left, bottom, "#555", 1, null);
        for (Double t : y.ticks()) {
            double py = y.px(t);
            svg.line(left, py, right, py, "#e3e6ec", 1, null);
            svg.line(left - 5, py, left, py, "#555", 1, null);
            svg.text(left - 8, py + 4, "end", Ticks.tick(format, y, t));
        }
        svg.verticalText(titleX, (top + bottom) / 2, title);
    }

    /** Widest tick label of a vertical axis, px. */
    static double widestLabel(Scale y, DoubleFunction<String> format) {
        double w = 0;
        for (Double t : y.ticks()) {
            w = Math.max(w, Svg.textWidth(Ticks.tick(format, y, t)));
        }
        return w;
    }

    /**
     * A legend of coloured swatches, wrapped into rows within [left, right], starting at y = top. Returns the
     * height used.
     */
    static double legend(Svg svg, List<String> names, List<String> colours, List<String> dashes, double left,
                         double right, double top) {
        double x = left;
        double y = top;
        for (int i = 0; i < names.size(); i++) {
            double w = 28 + Svg.textWidth(names.get(i)) + 16;
            if (x + w > right && x > left) {
                x = left;
                y += 18;
            }
            String dash = dashes == null ? null : dashes.get(i);
            if (dashes != null && "marker".equals(dash)) {
                svg.diamond(x + 11, y + 8, 5, colours.get(i), null);
            } else if (dashes != null) {
                svg.line(x, y + 8, x + 22, y + 8, colours.get(i), 2.5, dash);
            } else {
                svg.rect(x + 6, y + 2, 12, 12, colours.get(i), null);
            }
            svg.text(x + 28, y + 12, "start", names.get(i));
            x += w;
        }
        return y - top + 18;
    }

    /** Height a legend will take (same wrapping as {@link #legend}). */
    static double legendHeight(List<String> names, double left, double right) {
        double x = left;
        double rows = names.isEmpty() ? 0 : 1;
        for (String name : names) {
            double w = 28 + Svg.textWidth(name) + 16;
            if (x + w > right && x > left) {
                x = left;
                rows++;
            }
            x += w;
        }
        return rows * 18;
    }
}
