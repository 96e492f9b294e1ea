package org.tpusim.report.chart;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import java.util.Locale;

/** An SVG fragment under construction: markup written here, text and attribute values always escaped. */
final class Svg {
    private static final Escaper ESCAPER = HtmlEscapers.htmlEscaper();
    /** Approximate width of one character of the 12 px chart font, px (for layout only). */
    static final double CHAR_PX = 6.8;

    private final StringBuilder out = new StringBuilder(4096);

    static String escape(String s) {
        return ESCAPER.escape(s == null ? "" : s);
    }

    /** A coordinate with at most one decimal. */
    static String n(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    Svg open(double width, double height, String label) {
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"").append(n(width))
                .append("\" height=\"").append(n(height)).append("\" viewBox=\"0 0 ").append(n(width)).append(' ')
                .append(n(height)).append("\" role=\"img\" aria-label=\"").append(escape(label))
                .append("\" font-family=\"system-ui,sans-serif\" font-size=\"12\">");
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double width, String dash) {
        out.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"")
                .append(n(width)).append('"');
        if (dash != null) {
            out.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        out.append("/>");
        return this;
    }

    /** A rectangle with a hover tooltip (null: none). */
    Svg rect(double x, double y, double w, double h, String fill, String tooltip) {
        out.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"")
                .append(n(Math.max(w, 0))).append("\" height=\"").append(n(Math.max(h, 0))).append("\" fill=\"")
                .append(fill).append('"');
        return closeWithTitle("rect", tooltip);
    }

    Svg circle(double cx, double cy, double r, String fill, String tooltip) {
        out.append("<circle class=\"pt\" cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
                .append("\" fill=\"").append(fill).append('"');
        return closeWithTitle("circle", tooltip);
    }

    /** A hollow marker: a diamond (or a square) outlined in {@code stroke}, with a tooltip. */
    Svg diamond(double cx, double cy, double r, String stroke, String tooltip) {
        out.append("<path class=\"pt\" d=\"M").append(n(cx)).append(' ').append(n(cy - r)).append(" L")
                .append(n(cx + r)).append(' ').append(n(cy)).append(" L").append(n(cx)).append(' ')
                .append(n(cy + r)).append(" L").append(n(cx - r)).append(' ').append(n(cy))
                .append(" Z\" fill=\"#fff\" stroke=\"").append(stroke).append("\" stroke-width=\"2\"");
        return closeWithTitle("path", tooltip);
    }

    Svg polyline(double[] xs, double[] ys, String stroke, String dash) {
        return polyline(xs, ys, stroke, dash, null);
    }

    /** A line through the points; a tooltip (null: none) names it on hover. */
    Svg polyline(double[] xs, double[] ys, String stroke, String dash, String tooltip) {
        out.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"2\"");
        if (dash != null) {
            out.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        out.append(" points=\"");
        for (int i = 0; i < xs.length; i++) {
            out.append(i == 0 ? "" : " ").append(n(xs[i])).append(',').append(n(ys[i]));
        }
        out.append('"');
        return closeWithTitle("polyline", tooltip);
    }

    /** Text; anchor is start, middle or end. */
    Svg text(double x, double y, String anchor, String text) {
        return text(x, y, anchor, text, null);
    }

    Svg text(double x, double y, String anchor, String text, String extra) {
        out.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" text-anchor=\"")
                .append(anchor).append('"');
        if (extra != null) {
            out.append(' ').append(extra);
        }
        out.append('>').append(escape(text)).append("</text>");
        return this;
    }

    /** Text rotated by -90 degrees around its anchor (a vertical axis label). */
    Svg verticalText(double x, double y, String text) {
        return text(x, y, "middle", text, "transform=\"rotate(-90 " + n(x) + " " + n(y) + ")\"");
    }

    private Svg closeWithTitle(String tag, String tooltip) {
        if (tooltip == null) {
            out.append("/>");
        } else {
            out.append("><title>").append(escape(tooltip)).append("</title></").append(tag).append('>');
        }
        return this;
    }

    String close() {
        return out.append("</svg>").toString();
    }

    /** Estimated width of a text in the chart font, px. */
    static double textWidth(String s) {
        return s.length() * CHAR_PX;
    }
}
