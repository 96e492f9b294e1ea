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
        PREFILL_COST("prefill: cost vs latency of the pass", "prefill latency (s)", "cost (chip-ms per token)", false),
        /** Serving (trace points): output throughput per chip against the 99th percentile time to first token. */
        SERVING_TTFT("serving: throughput per chip vs TTFT p99", "TTFT p99 (ms)", "throughput (tokens/s per chip)",
                true),
        /** Serving (trace points): output throughput per chip against the 99th percentile time per output token. */
        SERVING_TPOT("serving: throughput per chip vs TPOT p99", "TPOT p99 (ms)", "throughput (tokens/s per chip)",
                true);

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

        /** Whether it plots the serving figures of trace points (else the figures of batch points). */
        public boolean serving() {
            return this == SERVING_TTFT || this == SERVING_TPOT;
        }

        /** The figure on the x axis (batch kinds only). */
        public Figure xFigure() {
            return switch (this) {
                case PREFILL_COST -> Figure.PREFILL_S;
                case DECODE_COST, DECODE_MFU -> Figure.DECODE_PER_TOKEN_MS;
                case SERVING_TTFT, SERVING_TPOT -> throw new IllegalStateException(this + " plots serving figures");
            };
        }

        /** The figure on the y axis (batch kinds only). */
        public Figure yFigure() {
            return switch (this) {
                case DECODE_COST -> Figure.COST_DECODE;
                case DECODE_MFU -> Figure.MFU_DECODE;
                case PREFILL_COST -> Figure.COST_PREFILL;
                case SERVING_TTFT, SERVING_TPOT -> throw new IllegalStateException(this + " plots serving figures");
            };
        }

        /** Whether point {@code p} has this kind's figures (a batch point for batch kinds, a trace point else). */
        public boolean applies(PointResult p) {
            return serving() ? p.serving() != null : p.simulated() != null;
        }

        /** The x value of a point (simulated figures); NaN when the point has none (no TPOT). */
        public double x(PointResult p) {
            return switch (this) {
                case SERVING_TTFT -> p.serving().ttftP99Ms();
                case SERVING_TPOT -> p.serving().tpotP99Ms() == null ? Double.NaN : p.serving().tpotP99Ms();
                default -> p.simulated().get(xFigure());
            };
        }

        /** The y value of a point (simulated figures). */
        public double y(PointResult p) {
            return serving() ? p.serving().throughputPerChip() : p.simulated().get(yFigure());
        }
    }

    /**
     * One frontier.
     *
     * @param kind       what it plots
     * @param group      model and weight dtype (and activation dtype when not bf16), e.g. {@code palm-540b int8}
     *                   ({@link #group(PointResult)})
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

    /**
     * The frontier group of a point: model and weight dtype, then the activation dtype when it is not bf16
     * ({@code palm-62b int8 a-int8} for w8a8 beside {@code palm-62b int8} for weight-only int8).
     */
    public static String group(PointResult p) {
        return p.model() + " " + p.weights() + (p.activations() == null ? "" : " a-" + p.activations());
    }

    /**
     * Every frontier of the feasible points: per group ({@link #group}, sorted by name), per kind that has points
     * (batch kinds over batch points, serving kinds over trace points).
     */
    public static List<Frontier> of(List<PointResult> points) {
        Map<String, List<PointResult>> groups = new TreeMap<>();
        for (PointResult p : points) {
            if (p.ok()) {
                groups.computeIfAbsent(group(p), k -> new ArrayList<>()).add(p);
            }
        }
        List<Frontier> out = new ArrayList<>();
        for (Map.Entry<String, List<PointResult>> g : groups.entrySet()) {
            for (Kind k : Kind.values()) {
                List<PointResult> members = g.getValue().stream().filter(k::applies).toList();
                int candidates = (int) members.stream().filter(p -> k.x(p) > 0 && k.y(p) > 0).count();
                if (candidates > 0) {
                    out.add(new Frontier(k, g.getKey(), candidates, frontier(members, k::x, k::y, k.maximiseY())));
                }
            }
        }
        return out;
    }
}
