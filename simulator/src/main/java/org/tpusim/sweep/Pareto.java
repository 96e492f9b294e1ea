package org.tpusim.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.tpusim.figure.Figure;

/**
 * Pareto frontiers of sweep points, as in Pope et al. 2022, Figure 1 (decode: cost vs latency per token, MFU vs
 * latency) and Figure C.1 (prefill: cost vs latency per forward pass), one per model and weight dtype.
 * A point is on a frontier when no other point is at least as good on both axes and better on one.
 */
public final class Pareto {
    private Pareto() {
    }

    /** What a frontier plots: x is always minimised; y is minimised, or maximised for MFU. */
    public enum Kind {
        /** Decode: cost (chip-ms per token) against latency per token (ms). */
        DECODE_COST("decode: cost vs latency per token", "latency per token (ms)", "cost (chip-ms per token)", false),
        /** Decode: MFU against latency per token. */
        DECODE_MFU("decode: MFU vs latency per token", "latency per token (ms)", "MFU", true),
        /** Prefill: cost (chip-ms per token) against the latency of the forward pass (s). */
        PREFILL_COST("prefill: cost vs latency of the pass", "prefill latency (s)", "cost (chip-ms per token)", false);

        private final String title;
        private final String xTitle;
        private final String yTitle;
        private final boolean maximiseY;

        Kind(String title, String xTitle, String yTitle, boolean maximiseY) {
            this.title = title;
            this.xTitle = xTitle;
            this.yTitle = yTitle;
            this.maximiseY = maximiseY;
        }

        public String title() {
            return title;
        }

        public String xTitle() {
            return xTitle;
        }

        public String yTitle() {
            return yTitle;
        }

        public boolean maximiseY() {
            return maximiseY;
        }

        /** The figure on the x axis. */
        public Figure xFigure() {
            return this == PREFILL_COST ? Figure.PREFILL_S : Figure.DECODE_PER_TOKEN_MS;
        }

        /** The figure on the y axis. */
        public Figure yFigure() {
            return switch (this) {
                case DECODE_COST -> Figure.COST_DECODE;
                case DECODE_MFU -> Figure.MFU_DECODE;
                case PREFILL_COST -> Figure.COST_PREFILL;
            };
        }

        /** The x value of a point (simulated figures). */
        public double x(PointResult p) {
            return p.simulated().get(xFigure());
        }

        /** The y value of a point (simulated figures). */
        public double y(PointResult p) {
            return p.simulated().get(yFigure());
        }
    }

    /**
     * One frontier.
     *
     * @param kind       what it plots
     * @param group      model and weight dtype, e.g. {@code palm-540b int8}
     * @param candidates the points of the group that have both figures
     * @param frontier   the non-dominated points, by increasing x
     */
    public record Frontier(Kind kind, String group, int candidates, List<PointResult> frontier) {
        public Frontier {
            frontier = List.copyOf(frontier);
        }
    }

    /**
     * The non-dominated items by increasing x (minimised) and y (minimised, or maximised when {@code maximiseY}).
     * Items with a non-finite or non-positive x or y are left out. Ties: of equal points the first in the input
     * order is kept.
     */
    public static <T> List<T> frontier(List<T> items, ToDoubleFunction<T> x, ToDoubleFunction<T> y,
                                       boolean maximiseY) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            double xv = x.applyAsDouble(items.get(i));
            double yv = y.applyAsDouble(items.get(i));
            if (Double.isFinite(xv) && Double.isFinite(yv) && xv > 0 && yv > 0) {
                order.add(i);
            }
        }
        double sign = maximiseY ? -1 : 1;
        // by x, then the better y first, then input order: each point then only needs to beat the best y so far
        order.sort(Comparator.<Integer>comparingDouble(i -> x.applyAsDouble(items.get(i)))
                .thenComparingDouble(i -> sign * y.applyAsDouble(items.get(i)))
                .thenComparingInt(i -> i));
        List<T> out = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (int i : order) {
            double yv = sign * y.applyAsDouble(items.get(i));
            if (yv < best) {
                out.add(items.get(i));
                best = yv;
            }
        }
        return out;
    }

    /** Every frontier of the feasible points: per model and dtype (sorted by name), per kind that has points. */
    public static List<Frontier> of(List<PointResult> points) {
        Map<String, List<PointResult>> groups = new TreeMap<>();
        for (PointResult p : points) {
            if (p.ok()) {
                groups.computeIfAbsent(p.model() + " " + p.weights(), k -> new ArrayList<>()).add(p);
            }
        }
        List<Frontier> out = new ArrayList<>();
        for (Map.Entry<String, List<PointResult>> g : groups.entrySet()) {
            for (Kind k : Kind.values()) {
                int candidates = (int) g.getValue().stream().filter(p -> k.x(p) > 0 && k.y(p) > 0).count();
                if (candidates > 0) {
                    out.add(new Frontier(k, g.getKey(), candidates, frontier(g.getValue(), k::x, k::y, k.maximiseY())));
                }
            }
        }
        return out;
    }
}
