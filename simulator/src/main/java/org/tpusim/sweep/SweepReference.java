package org.tpusim.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tpusim.figure.Figure;
import org.tpusim.input.YamlNode;
import org.tpusim.model.DType;

/**
 * The optional {@code reference:} block of a sweep file: published points to draw beside the sweep's frontiers
 * (e.g. the labelled points of Pope et al. 2022, Figure 1). It names points and their figures only; it changes no
 * point of the sweep.
 *
 * <pre>
 * reference:
 *   source: "Pope et al. 2022, Figure 1"
 *   points:
 *     - {chips: 64, batch: 64, weights: int8, decode_per_token_ms: 27.85, cost_chip_ms_per_token_decode: 27.85}
 * </pre>
 *
 * Figures are named by a sweep point figure's flat key ({@code cost_chip_ms_per_token_decode}) or its results.json
 * key ({@code cost_chip_ms_per_token.decode}); {@code model} is optional (default: every model of the sweep).
 *
 * @param source what the points are from, as the chart's legend names them
 * @param points the points, in file order
 */
public record SweepReference(String source, List<Point> points) {
    /** At most this many points (they are drawn, not run). */
    public static final int MAX_POINTS = 1_000;

    public SweepReference {
        points = List.copyOf(points);
    }

    /**
     * One published point.
     *
     * @param chips   chips of the slice
     * @param batch   batch size
     * @param weights weight dtype key (bf16, int8)
     * @param model   model preset name, or null for any
     * @param figures its published figures
     * @param line    the line of the sweep file it is on
     */
    public record Point(int chips, int batch, String weights, String model, Map<Figure, Double> figures, int line) {
        public Point {
            figures = Collections.unmodifiableMap(new EnumMap<>(figures));
        }

        /** True when the point belongs to the frontier group of {@code model} and {@code weights}. */
        public boolean matches(String groupModel, String groupWeights) {
            return weights.equals(groupWeights) && (model == null || model.equals(groupModel));
        }
    }

    /** Reads and validates the block; errors name the file, line and key path (exit 2). */
    static SweepReference read(YamlNode node) {
        YamlNode.Mapping m = node.asMapping();
        m.onlyKeys(Set.of("source", "points"));
        String source = m.require("source", "what the points are from, e.g. \"Figure 1\"").asScalar().asString();
        if (source.isBlank()) {
            throw m.require("source", "").error("expected a non-empty source, e.g. \"Figure 1\"");
        }
        YamlNode pointsNode = m.require("points", "a list of points, each {chips, batch, weights, figures...}");
        if (!(pointsNode instanceof YamlNode.Sequence seq)) {
            throw pointsNode.error("expected a list of points, found " + pointsNode.describe());
        }
        if (seq.size() == 0) {
            throw pointsNode.error("empty list of points (expected at least one point)");
        }
        if (seq.size() > MAX_POINTS) {
            throw pointsNode.error("more than " + MAX_POINTS + " points (found " + seq.size() + ")");
        }
        List<Point> points = new ArrayList<>();
        for (YamlNode item : seq.items()) {
            points.add(point(item));
        }
        return new SweepReference(source, points);
    }

    private static Point point(YamlNode node) {
        if (!(node instanceof YamlNode.Mapping p)) {
            throw node.error("expected a point {chips, batch, weights, and figures such as decode_per_token_ms}, "
                    + "found " + node.describe());
        }
        int chips = positiveInt(p.require("chips", "the number of chips, e.g. 64"), 1 << 20);
        int batch = positiveInt(p.require("batch", "the batch size, e.g. 64"), 1 << 24);
        YamlNode wNode = p.require("weights", "the weight dtype: " + DType.allKeys());
        String weights = wNode.asScalar().asString();
        if (DType.fromKey(weights).isEmpty()) {
            throw wNode.error("unknown weight dtype '" + weights + "' (expected one of " + DType.allKeys() + ")");
        }
        String model = p.has("model") ? p.require("model", "").asScalar().asString() : null;
        Map<Figure, Double> figures = new EnumMap<>(Figure.class);
        for (Map.Entry<String, YamlNode> e : p.entrySet()) {
            String key = e.getKey();
            if (Set.of("chips", "batch", "weights", "model").contains(key)) {
                continue;
            }
            Figure f = figure(key);
            if (f == null) {
                throw e.getValue().error("unknown key '" + key + "' (expected chips, batch, weights, model or a "
                        + "figure: " + String.join(", ", Figure.POINT_FIGURES.stream().map(Figure::flatKey).toList())
                        + ")");
            }
            double v = e.getValue().asScalar().asDouble();
            if (!Double.isFinite(v) || v <= 0 || (f.fraction() && v > 1)) {
                throw e.getValue().error("expected " + (f.fraction() ? "a fraction in (0, 1]" : "a positive number")
                        + ", found " + v);
            }
            figures.put(f, v);
        }
        if (figures.isEmpty()) {
            throw p.error("the point names no figure (expected at least one of "
                    + String.join(", ", Figure.POINT_FIGURES.stream().map(Figure::flatKey).toList()) + ")");
        }
        return new Point(chips, batch, weights, model, figures, node.where().line());
    }

    private static Figure figure(String key) {
        for (Figure f : Figure.POINT_FIGURES) {
            if (f.flatKey().equals(key) || f.key().equals(key)) {
                return f;
            }
        }
        return null;
    }

    private static int positiveInt(YamlNode n, int max) {
        int v = n.asScalar().asInt();
        if (v < 1 || v > max) {
            throw n.error("expected a whole number from 1 to " + max + ", found " + v);
        }
        return v;
    }
}
