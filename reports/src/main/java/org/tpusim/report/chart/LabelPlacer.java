package org.tpusim.report.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * Places point labels so that no two overlap (greedy): each label, in the given order, takes the first of a fixed
 * list of positions around its point (right, left, above, below, then the same further out) whose box stays inside
 * the bounds and overlaps no label placed before it, preferring positions that also cover no point marker. A label
 * with no free position is left out (its point's tooltip still names it).
 */
final class LabelPlacer {
    /** A box, top-left corner and size, px. */
    record Box(double x, double y, double w, double h) {
        boolean overlaps(Box o) {
            return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
        }

        boolean inside(Box b) {
            return x >= b.x && y >= b.y && x + w <= b.x + b.w && y + h <= b.y + b.h;
        }
    }

    /** Font size of labels, px, and the size of a label's box. */
    static final double FONT_PX = 9;
    static final double HEIGHT = 11;
    /** Half the size of the box around a marker that labels avoid. */
    static final double MARKER = 4;

    private LabelPlacer() {
    }

    static double width(String text) {
        return text.length() * Svg.CHAR_PX * FONT_PX / 12 + 2;
    }

    /**
     * The box of each label (null when it has no room), same order as the anchors.
     *
     * @param xs      anchor x of each label (its point), px
     * @param ys      anchor y, px
     * @param texts   the labels
     * @param markers every marker of the chart (x, y pairs), which labels avoid where they can
     * @param bounds  where labels may go
     */
    static List<Box> place(double[] xs, double[] ys, List<String> texts, List<double[]> markers, Box bounds) {
        List<Box> markerBoxes = new ArrayList<>();
        for (double[] m : markers) {
            markerBoxes.add(new Box(m[0] - MARKER, m[1] - MARKER, 2 * MARKER, 2 * MARKER));
        }
        List<Box> placed = new ArrayList<>();
        List<Box> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            double w = width(texts.get(i));
            Box chosen = null;
            // first a position that covers no marker, then one that only avoids other labels
            for (int pass = 0; pass < 2 && chosen == null; pass++) {
                for (Box c : candidates(xs[i], ys[i], w)) {
                    if (c.inside(bounds) && free(c, placed) && (pass == 1 || free(c, markerBoxes))) {
                        chosen = c;
                        break;
                    }
                }
            }
            out.add(chosen);
            if (chosen != null) {
                placed.add(chosen);
            }
        }
        return out;
    }

    private static boolean free(Box c, List<Box> others) {
        for (Box o : others) {
            if (c.overlaps(o)) {
                return false;
            }
        }
        return true;
    }

    /** Positions around (x, y), nearest first: right, left, above, below and the diagonals, at 1 to 3 steps out. */
    static List<Box> candidates(double x, double y, double w) {
        double h = HEIGHT;
        List<Box> out = new ArrayList<>();
        for (int ring = 0; ring < 3; ring++) {
            double d = 5 + ring * 9;
            out.add(new Box(x + d, y - h / 2, w, h));                 // right
            out.add(new Box(x + d, y - h - d / 2, w, h));             // right, up
            out.add(new Box(x + d, y + d / 2, w, h));                 // right, down
            out.add(new Box(x - d - w, y - h / 2, w, h));             // left
            out.add(new Box(x - d - w, y - h - d / 2, w, h));         // left, up
            out.add(new Box(x - d - w, y + d / 2, w, h));             // left, down
            out.add(new Box(x - w / 2, y - d - h, w, h));             // above
            out.add(new Box(x - w / 2, y + d, w, h));                 // below
        }
        return out;
    }
}
