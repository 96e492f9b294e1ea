package org.tpusim.report.chart;

import java.util.List;
import java.util.Locale;

/**
 * A grid of values (e.g. link utilisation, 0 to 1) as coloured cells, white (0) to dark blue (the scale's top,
 * {@code scaleMax}: 1, or less so that light loads still show contrast), with row and column indices; cells below 0
 * mean "nothing here" and are drawn grey. Each cell has a tooltip with its value.
 */
public final class Heatmap {
    private static final double CELL = 22;

    private final String title;
    private final String columnTitle;
    private final String rowTitle;
    private final List<List<Double>> cells;
    private final double scaleMax;

    /**
     * @param columnTitle what the columns index, e.g. "x"
     * @param rowTitle    what the rows index, e.g. "y"
     * @param cells       [row][column], values in [0, 1] or negative for none
     * @param scaleMax    the value drawn darkest (values above it are drawn as it)
     */
    public Heatmap(String title, String columnTitle, String rowTitle, List<List<Double>> cells, double scaleMax) {
        this.title = title;
        this.columnTitle = columnTitle;
        this.rowTitle = rowTitle;
        this.cells = cells;
        this.scaleMax = scaleMax > 0 ? scaleMax : 1;
    }

    /** A scale top for values up to max: 1 (100%), or the next of 1, 2, 5 x 10^k above max when max < 0.5. */
    public static double scaleFor(double max) {
        if (max >= 0.5 || max <= 0) {
            return 1;
        }
        double pow = Math.pow(10, Math.floor(Math.log10(max)));
        double f = max / pow;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow;
    }

    /** White to dark blue. */
    static String colour(double f) {
        double t = Math.max(0, Math.min(1, f));
        int r = (int) Math.round(255 + t * (8 - 255));
        int g = (int) Math.round(255 + t * (48 - 255));
        int b = (int) Math.round(255 + t * (107 - 255));
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    public String render() {
        int rows = cells.size();
        int cols = rows == 0 ? 0 : cells.get(0).size();
        double left = 44;
        double top = 40;
        double width = Math.max(left + cols * CELL + 16, Svg.textWidth(title) + 16);
        double bottom = top + rows * CELL;
        double height = bottom + 28;
        Svg svg = new Svg().open(width, height, title);
        svg.text(8, 16, "start", title, "font-weight=\"600\"");
        svg.text(left + cols * CELL / 2, 32, "middle", columnTitle + " \u2192", "font-size=\"11\"");
        svg.text(left - 4, 32, "end", rowTitle + " \u2193", "font-size=\"11\"");
        for (int r = 0; r < rows; r++) {
            svg.text(left - 4, top + r * CELL + 15, "end", String.valueOf(r), "font-size=\"10\"");
            for (int c = 0; c < cols; c++) {
                double v = cells.get(r).get(c);
                String tip = columnTitle + "=" + c + ", " + rowTitle + "=" + r + ": "
                        + (v < 0 ? "no link" : Ticks.percent(v) + " busy");
                svg.rect(left + c * CELL, top + r * CELL, CELL - 1, CELL - 1, v < 0 ? "#d7d9de" : colour(v / scaleMax), tip);
            }
        }
        for (int c = 0; c < cols; c++) {
            svg.text(left + c * CELL + CELL / 2, bottom + 14, "middle", String.valueOf(c), "font-size=\"10\"");
        }
        return svg.close();
    }

    /** A horizontal colour bar from 0% to scaleMax (as a percentage), as a key for the heatmaps beside it. */
    public static String key(String title, double scaleMax) {
        double width = Math.max(300, Svg.textWidth(title) + 24);
        Svg svg = new Svg().open(width, 52, title);
        svg.text(8, 16, "start", title);
        int steps = 20;
        double w = (300 - 40) / (double) steps;
        for (int i = 0; i < steps; i++) {
            svg.rect(20 + i * w, 24, w + 0.5, 12, colour((i + 0.5) / steps), null);
        }
        svg.text(20, 50, "middle", "0%", "font-size=\"10\"");
        svg.text(20 + steps * w / 2, 50, "middle", Ticks.percent(scaleMax / 2), "font-size=\"10\"");
        svg.text(20 + steps * w, 50, "middle", Ticks.percent(scaleMax), "font-size=\"10\"");
        return svg.close();
    }
}
