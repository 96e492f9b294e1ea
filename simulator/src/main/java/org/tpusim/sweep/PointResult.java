package org.tpusim.sweep;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tpusim.figure.Figure;
import org.tpusim.result.BatchResult;
import org.tpusim.result.FigureValues;
import org.tpusim.result.RunResult;
import org.tpusim.result.TraceResult;
import org.tpusim.scenario.Scenario;

/**
 * The outcome of one sweep point, one line of {@code points.jsonl}. Deterministic: it holds no wall time, so the
 * same point always gives the same line, whichever machine, shard or thread ran it.
 *
 * @param index      the point's index in the sweep
 * @param label      {@code <name>/<index>-<key=value,...>}
 * @param params     the value of each varied key path
 * @param status     {@code ok}, {@code infeasible} (the physics rejects the point: reason says why) or
 *                   {@code failed} (the simulation failed: reason says why)
 * @param reason     empty when ok
 * @param model      model name (null unless ok)
 * @param weights    weight dtype key
 * @param activations  the matmul input dtype key ({@code model.activations}) when it is not bf16, else null (absent)
 * @param kvCacheDtype the KV cache's dtype key ({@code model.kv_cache_dtype}) when it is not bf16, else null (absent)
 * @param topology   slice shape, e.g. 4x4x4 (a trace point: {@code 2x 2x2x1} for two replicas, {@code 4x4x4+2x2x2} for
 *                   prefill and decode pools)
 * @param chips      chips in the slice (a trace point: in all its replicas or both its pools)
 * @param batch      sequences per batch (null for a trace point)
 * @param inputTokens  prefill tokens per sequence
 * @param outputTokens decode steps
 * @param prefillLayout layout of the prefill, e.g. {@code ws-2d + head}
 * @param decodeLayout  layout of decode
 * @param simulated  the simulated figures (null for a trace point)
 * @param analytical the paper's analytical figures for the same inputs (null for a trace point)
 * @param calibration whether the point lies in the region the calibration covers, and which dimensions do not
 *                   ({@link org.tpusim.validation.CalibrationRegion}; null unless ok)
 * @param serving    the serving figures of a trace point (workload kind {@code trace}); null (absent) for a batch point
 */
public record PointResult(int index, String label, Map<String, String> params, String status, String reason,
                          String model, String weights,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String activations,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String kvCacheDtype, String topology, Integer chips, Integer batch,
                          Long inputTokens, Long outputTokens, String prefillLayout, String decodeLayout,
                          Figures simulated, Figures analytical, Calibration calibration,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Serving serving) {
    public static final String OK = "ok";
    public static final String INFEASIBLE = "infeasible";
    public static final String FAILED = "failed";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * The figures of one point ({@link Figure#POINT_FIGURES}, read from the run's {@link BatchResult.Figures}),
     * written under their {@link Figure#flatKey()}s in that order.
     */
    public static final class Figures {
        /** Names of the cost figures in points files written before figures were defined once; read, never written. */
        private static final Map<String, Figure> LEGACY = Map.of("cost_prefill_chip_ms_per_token", Figure.COST_PREFILL,
                "cost_decode_chip_ms_per_token", Figure.COST_DECODE);

        private final EnumMap<Figure, Double> values;

        private Figures(EnumMap<Figure, Double> values) {
            this.values = values;
        }

        static Figures of(BatchResult.Figures f) {
            EnumMap<Figure, Double> v = new EnumMap<>(Figure.class);
            for (Figure fig : Figure.POINT_FIGURES) {
                v.put(fig, FigureValues.of(fig, f));
            }
            return new Figures(v);
        }

        /** Figures from values in the order of {@link Figure#POINT_FIGURES}. */
        public static Figures of(double... inPointFigureOrder) {
            if (inPointFigureOrder.length != Figure.POINT_FIGURES.size()) {
                throw new IllegalArgumentException("expected " + Figure.POINT_FIGURES.size() + " values");
            }
            EnumMap<Figure, Double> v = new EnumMap<>(Figure.class);
            for (int i = 0; i < inPointFigureOrder.length; i++) {
                v.put(Figure.POINT_FIGURES.get(i), inPointFigureOrder[i]);
            }
            return new Figures(v);
        }

        /** The value of {@code f}, one of {@link Figure#POINT_FIGURES}. */
        public double get(Figure f) {
            Double v = values.get(f);
            if (v == null) {
                throw new IllegalArgumentException(f.key() + " is not a figure of a sweep point");
            }
            return v;
        }

        @JsonValue
        Map<String, Double> toJson() {
            Map<String, Double> out = new LinkedHashMap<>();
            for (Figure f : Figure.POINT_FIGURES) {
                out.put(f.flatKey(), values.get(f));
            }
            return out;
        }

        @JsonCreator
        static Figures fromJson(Map<String, Double> json) {
            EnumMap<Figure, Double> v = new EnumMap<>(Figure.class);
            for (Map.Entry<String, Double> e : json.entrySet()) {
                Figure f = LEGACY.get(e.getKey());
                if (f == null) {
                    f = Figure.POINT_FIGURES.stream().filter(x -> x.flatKey().equals(e.getKey())).findFirst()
                            .orElse(null);
                }
                if (f != null && e.getValue() != null) {
                    v.put(f, e.getValue());
                }
            }
            for (Figure f : Figure.POINT_FIGURES) {
                if (!v.containsKey(f)) {
                    throw new IllegalArgumentException("point figures lack " + f.flatKey());
                }
            }
            return new Figures(v);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Figures f && f.values.equals(values);
        }

        @Override
        public int hashCode() {
            return values.hashCode();
        }

        @Override
        public String toString() {
            return toJson().toString();
        }
    }

    /** A point's place against the calibrated region: inside, or the dimensions outside it. */
    public record Calibration(boolean inside, java.util.List<String> outside) {
        static Calibration of(org.tpusim.validation.CalibrationRegion.Check c) {
            return c == null ? null : new Calibration(c.inside(), c.outside());
        }
    }

    public boolean ok() {
        return OK.equals(status);
    }

    /** A point the physics rejects (the loader's infeasibility: layout, program, HBM), with the reason. */
    static PointResult infeasible(Sweep.Point p, String reason) {
        return withoutFigures(p, INFEASIBLE, reason);
    }

    /** A point whose simulation failed, with the reason (a re-run retries it). */
    static PointResult failed(Sweep.Point p, String reason) {
        return withoutFigures(p, FAILED, reason);
    }

    private static PointResult withoutFigures(Sweep.Point p, String status, String reason) {
        return new PointResult(p.index(), p.label(), p.params(), status, reason, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    /**
     * The serving figures of a trace point, from its simulated run ({@link TraceResult}).
     *
     * @param policy               {@code batching.policy}
     * @param maxBatch             {@code batching.max_batch}
     * @param replicas             identical slices behind the router (1 without {@code replicas:})
     * @param requests             requests served
     * @param outputTokens         output tokens of all completed requests
     * @param makespanS            first arrival to last completion, s
     * @param throughputTokensPerS outputTokens / makespanS
     * @param throughputPerChip    throughputTokensPerS / chips (all replicas' or both pools' chips), tokens/s per chip
     * @param ttftP50Ms            time to first token, median, ms
     * @param ttftP99Ms            time to first token, 99th percentile (nearest rank), ms
     * @param tpotP50Ms            time per output token after the first, median, ms (null when no request has two
     *                             output tokens)
     * @param tpotP99Ms            its 99th percentile, ms
     * @param preemptions          requests preempted (null without a paged KV cache)
     * @param prefixHitRate        prefix cache hits / lookups (null without a prefix cache)
     */
    public record Serving(String policy, int maxBatch, int replicas, int requests, long outputTokens, double makespanS,
                          double throughputTokensPerS, double throughputPerChip, double ttftP50Ms, double ttftP99Ms,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double tpotP50Ms,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double tpotP99Ms,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Long preemptions,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double prefixHitRate) {
        /**
         * The serving figures of a trace run's simulated result on {@code chips} chips in all: throughput is the
         * completed requests' output tokens over the makespan.
         */
        static Serving of(TraceResult t, int chips) {
            TraceResult.Figures f = t.simulated();
            long tokens = 0;
            for (TraceResult.RequestRow row : t.requests()) {
                tokens += row.outputTokens();
            }
            double throughput = f.durationS() > 0 ? tokens / f.durationS() : 0;
            TraceResult.Serving sv = t.serving();
            return new Serving(t.policy(), t.maxBatch(),
                    sv != null && sv.replicas() != null ? sv.replicas().count() : 1, f.requests(), tokens,
                    f.durationS(), throughput, throughput / chips, f.ttftMs().p50(), f.ttftMs().p99(),
                    f.tpotMs() == null ? null : f.tpotMs().p50(), f.tpotMs() == null ? null : f.tpotMs().p99(),
                    sv != null && sv.pagedKv() != null ? sv.pagedKv().preemptions() : null,
                    sv != null && sv.prefixCache() != null ? sv.prefixCache().hitRate() : null);
        }
    }

    /** A dtype's key, or null when it is bf16 (the default, left out of points.jsonl). */
    private static String unlessBf16(org.tpusim.model.DType d) {
        return d == org.tpusim.model.DType.BF16 ? null : d.key();
    }

    static PointResult of(Sweep.Point p, Scenario s, RunResult r) {
        var m = s.model().orElseThrow();
        var calibration = Calibration.of(org.tpusim.validation.CalibrationRegion.bundled().check(r.scenario()));
        String activations = unlessBf16(m.activations());
        String kv = unlessBf16(m.kvCache());
        if (r.result() instanceof TraceResult t) {
            int chips = s.system().slice().chipCount();
            TraceResult.Serving sv = t.serving();
            String topology = s.system().slice().shape().toString();
            if (sv != null && sv.pools() != null) {
                chips = sv.pools().prefill().chips() + sv.pools().decode().chips();
                topology = sv.pools().prefill().topology() + "+" + sv.pools().decode().topology();
            } else if (sv != null && sv.replicas() != null) {
                chips *= sv.replicas().count();
                topology = sv.replicas().count() > 1 ? sv.replicas().count() + "x " + topology : topology;
            }
            return new PointResult(p.index(), p.label(), p.params(), OK, "", m.model().name(), m.weights().key(),
                    activations, kv, topology, chips, null, null, null, null, null, null, null, calibration,
                    Serving.of(t, chips));
        }
        if (!(r.result() instanceof BatchResult b)) {
            throw new IllegalArgumentException("sweeps run workload kinds batch and trace; point " + p.label()
                    + " is " + s.workload().kind());
        }
        var w = (org.tpusim.scenario.Workload.Batch) s.workload();
        return new PointResult(p.index(), p.label(), p.params(), OK, "", m.model().name(), m.weights().key(),
                activations, kv, s.system().slice().shape().toString(), s.system().slice().chipCount(), w.batch(),
                w.inputTokens(), w.outputTokens(), w.prefillLayout().toString(), w.decodeLayout().toString(),
                Figures.of(b.simulated()), Figures.of(b.analytical()), calibration, null);
    }

    /** Whether this is a trace point (its figures are {@link #serving}). */
    public boolean trace() {
        return serving != null;
    }

    /** One line of JSON (no newline). */
    public String toJsonLine() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write point " + label, e);
        }
    }

    /** Reads a line written by {@link #toJsonLine}. */
    public static PointResult fromJsonLine(String line) {
        try {
            return JSON.readValue(line, PointResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a sweep point line: " + e.getOriginalMessage(), e);
        }
    }
}
