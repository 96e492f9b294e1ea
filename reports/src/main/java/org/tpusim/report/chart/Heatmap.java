package org.tpusim.report.chart;

import java.util.List;
import java.util.Locale;

/**
 * A grid of values in [0, 1] (e.g. link utilisation) as coloured cells, white (0) to dark blue (1), with row and
 * column indices; cells below 0 mean "nothing here" and are drawn hatched grey. Each cell has a tooltip.
 */
public final class Heatmap {
    private static final double CELL = 22;

    private final String title;
    private final String columnTitle;
    private final String rowTitle;
    private final List<List<Double>> cells;

    /**
     * @param columnTitle what the columns index, e.g. "x"
     * @param rowTitle    what the rows index, e.g. "y"
     * @param cells       [row][column], values in [0, 1] or negative for none
     */
    public Heatmap(String title, String columnTitle, String rowTitle, List<List<Double>> cells) {
        this.title = title;
        this.columnTitle = columnTitle;
        this.rowTitle = rowTitle;
        this.cells = cells;
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
        svg.verticalText(12, top + rows * CELL / 2, rowTitle + " \u2192");
        for (int r = 0; r < rows; r++) {
            svg.text(left - 4, top + r * CELL + 15, "end", String.valueOf(r), "font-size=\"10\"");
            for (int c = 0; c < cols; c++) {
                double v = cells.get(r).get(c);
                String tip = columnTitle + "=" + c + ", " + rowTitle + "=" + r + ": "
                        + (v < 0 ? "no link" : Ticks.percent(v) + " busy");
                svg.rect(left + c * CELL, top + r * CELL, CELL - 1, CELL - 1, v < 0 ? "#d7d9de" : colour(v), tip);
            }
        }
        for (int c = 0; c < cols; c++) {
            svg.text(left + c * CELL + CELL / 2, bottom + 14, "middle", String.valueOf(c), "font-size=\"10\"");
        }
        return svg.close();
    }

    /** A horizontal colour bar from 0% to 100%, as a key for the heatmaps beside it. */
    public static String key(String title) {
        double width = 300;
        Svg svg = new Svg().open(width, 52, title);
        svg.text(8, 16, "start", title);
        int steps = 20;
        double w = (width - 40) / steps;
        for (int i = 0; i < steps; i++) {
            svg.rect(20 + i * w, 24, w + 0.5, 12, colour((i + 0.5) / steps), null);
        }
        svg.text(20, 50, "middle", "0%", "font-size=\"10\"");
        svg.text(20 + steps * w / 2, 50, "middle", "50%", "font-size=\"10\"");
        svg.text(20 + steps * w, 50, "middle", "100%", "font-size=\"10\"");
        return svg.close();
    }
}
