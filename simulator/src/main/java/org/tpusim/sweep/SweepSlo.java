package org.tpusim.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.tpusim.input.YamlNode;

/**
 * The optional {@code slo:} block of a serving sweep file: upper bounds on latency percentiles that a point must meet,
 * and, per configuration (a point's swept values other than the arrival rate), the highest swept arrival rate whose
 * point meets every bound. It changes no point of the sweep.
 *
 * <pre>
 * slo: {ttft_p99_ms: 2000, tpot_p99_ms: 50}     # each key optional, at least one
 * </pre>
 *
 * <p>Rule: a point meets the SLO when it was simulated ({@code ok}) and each bounded figure is at most its bound
 * (equal meets); a point with no TPOT (no request has two output tokens) does not meet a TPOT bound. The answer
 * for a configuration is the highest swept rate whose own point meets the SLO, whatever the points at lower rates
 * do (latency need not rise monotonically with the rate in a finite random trace): every rate is simulated, none is
 * inferred from its neighbours.
 *
 * @param bounds the bounds in file order (key, ms)
 * @param line   the line of the block in the sweep file
 */
public record SweepSlo(Map<Bound, Double> bounds, int line) {
    /** The swept key that is the arrival rate; the other swept keys name a configuration. */
    public static final String RATE_KEY = "workload.synthetic.arrivals.rate_per_s";
    /**
     * Largest bound accepted, ms: one hour. A latency target above it is a typo (seconds written as ms), and a trace
     * whose p99 is an hour is not served.
     */
    public static final double MAX_MS = 3_600_000;

    /** A bounded figure of a trace point, by its key in the block and in points.jsonl. */
    public enum Bound {
        TTFT_P50("ttft_p50_ms", PointResult.Serving::ttftP50Ms),
        TTFT_P99("ttft_p99_ms", PointResult.Serving::ttftP99Ms),
        TPOT_P50("tpot_p50_ms", PointResult.Serving::tpotP50Ms),
        TPOT_P99("tpot_p99_ms", PointResult.Serving::tpotP99Ms);

        private final String key;
        private final Function<PointResult.Serving, Double> figure;

        Bound(String key, Function<PointResult.Serving, Double> figure) {
            this.key = key;
            this.figure = figure;
        }

        public String key() {
            return key;
        }

        /** The point's figure, or null when it has none (no TPOT). */
        public Double of(PointResult.Serving s) {
            return figure.apply(s);
        }

        static Bound ofKey(String key) {
            for (Bound b : values()) {
                if (b.key.equals(key)) {
                    return b;
                }
            }
            return null;
        }
    }

    public SweepSlo {
        bounds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bounds));
        if (bounds.isEmpty()) {
            throw new IllegalArgumentException("an SLO needs at least one bound");
        }
    }

    /** Reads and validates the block; errors name the file, line and key (exit 2). */
    static SweepSlo read(YamlNode node) {
        if (!(node instanceof YamlNode.Mapping m)) {
            throw node.error("expected a mapping of latency bounds in ms, e.g. {ttft_p99_ms: 2000, tpot_p99_ms: 50}, "
                    + "found " + node.describe());
        }
        Set<String> keys = new java.util.LinkedHashSet<>();
        for (Bound b : Bound.values()) {
            keys.add(b.key());
        }
        m.onlyKeys(keys);
        Map<Bound, Double> bounds = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : m.entrySet()) {
            double v = e.getValue().asScalar().asDouble();
            if (!Double.isFinite(v) || v <= 0 || v > MAX_MS) {
                throw e.getValue().error("expected a latency bound in ms above 0 and at most " + (long) MAX_MS
                        + " (one hour), found " + v);
            }
            bounds.put(Bound.ofKey(e.getKey()), v);
        }
        if (bounds.isEmpty()) {
            throw m.error("no bound (expected at least one of " + String.join(", ", keys) + ")");
        }
        return new SweepSlo(bounds, node.where().line());
    }

    /** The block as written: {@code ttft_p99_ms <= 2000, tpot_p99_ms <= 50}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        bounds.forEach((b, v) -> parts.add(b.key() + " <= " + Sweep.number(v)));
        return String.join(", ", parts);
    }

    /** Whether point {@code p} meets every bound (see the class comment for the rule). */
    public boolean meets(PointResult p) {
        if (!p.ok() || !p.trace()) {
            return false;
        }
        for (Map.Entry<Bound, Double> e : bounds.entrySet()) {
            Double v = e.getKey().of(p.serving());
            if (v == null || !(v <= e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * One configuration's answer.
     *
     * @param configuration the swept values other than the rate, {@code key=value} by short key name joined by
     *                      {@code ,} (the point's label part when the rate is not swept); empty when only the rate is
     * @param rates         the swept rates of its points, in index order (empty when the rate is not swept)
     * @param meeting       the rates whose points meet the SLO, in index order
     * @param best          the point at the highest rate meeting the SLO (the point itself when the rate is not
     *                      swept and it meets), or null when none does
     * @param points        its points, in index order
     */
    public record Row(String configuration, List<String> rates, List<String> meeting, PointResult best,
                      List<PointResult> points) {
        /** The highest rate meeting the SLO as written in the sweep file, or null. */
        public String bestRate() {
            return best == null ? null : best.params().get(RATE_KEY);
        }
    }

    /**
     * The answer per configuration, in the order of each configuration's first point. Points are grouped by their
     * swept values other than {@link #RATE_KEY}; when the rate is not swept each point is its own configuration.
     */
    public List<Row> evaluate(List<PointResult> points) {
        List<PointResult> sorted = new ArrayList<>(points);
        sorted.sort(java.util.Comparator.comparingInt(PointResult::index));
        Map<String, List<PointResult>> configs = new LinkedHashMap<>();
        for (PointResult p : sorted) {
            configs.computeIfAbsent(configuration(p), k -> new ArrayList<>()).add(p);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<PointResult>> e : configs.entrySet()) {
            List<String> rates = new ArrayList<>();
            List<String> meeting = new ArrayList<>();
            PointResult best = null;
            for (PointResult p : e.getValue()) {
                String rate = p.params().get(RATE_KEY);
                if (rate != null) {
                    rates.add(rate);
                }
                if (!meets(p)) {
                    continue;
                }
                if (rate != null) {
                    meeting.add(rate);
                }
                if (best == null || rate != null && Double.parseDouble(rate)
                        > Double.parseDouble(best.params().get(RATE_KEY))) {
                    best = p;
                }
            }
            rows.add(new Row(e.getKey(), rates, meeting, best, e.getValue()));
        }
        return rows;
    }

    /** A point's configuration: its swept values but the rate, or its index when the rate is not swept. */
    private static String configuration(PointResult p) {
        if (!p.params().containsKey(RATE_KEY)) {
            return "#" + p.index() + " " + valuesLabel(p.params());
        }
        Map<String, String> rest = new LinkedHashMap<>(p.params());
        rest.remove(RATE_KEY);
        return valuesLabel(rest);
    }

    private static String valuesLabel(Map<String, String> params) {
        List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> parts.add(k.substring(k.lastIndexOf('.') + 1) + "=" + v));
        return String.join(",", parts);
    }
}
