package org.tpusim.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.Map;
import org.tpusim.result.BatchResult;
import org.tpusim.result.RunResult;
import org.tpusim.scenario.Scenario;

/**
 * The outcome of one sweep point, one line of {@code points.jsonl}. Deterministic: it holds no wall time, so the
 * same point always gives the same line, whichever machine, shard or thread ran it.
 *
 * @param index      the point's index in the sweep
 * @param label      {@code <name>/<index>-<key=value,...>}
 * @param params     the value of each varied key path
 * @param status     {@code ok}, {@code infeasible} (the loader rejected the point: reason says why) or
 *                   {@code failed} (the simulation failed: reason says why)
 * @param reason     empty when ok
 * @param model      model name (null unless ok)
 * @param weights    weight dtype key
 * @param topology   slice shape, e.g. 4x4x4
 * @param chips      chips in the slice
 * @param batch      sequences per batch
 * @param inputTokens  prefill tokens per sequence
 * @param outputTokens decode steps
 * @param prefillLayout layout of the prefill, e.g. {@code ws-2d + head}
 * @param decodeLayout  layout of decode
 * @param simulated  the simulated figures
 * @param analytical the paper's analytical figures for the same inputs
 * @param calibration whether the point lies in the region the calibration covers, and which dimensions do not
 *                   ({@link org.tpusim.validation.CalibrationRegion}; null unless ok)
 */
public record PointResult(int index, String label, Map<String, String> params, String status, String reason,
                          String model, String weights, String topology, Integer chips, Integer batch,
                          Long inputTokens, Long outputTokens, String prefillLayout, String decodeLayout,
                          Figures simulated, Figures analytical, Calibration calibration) {
    public static final String OK = "ok";
    public static final String INFEASIBLE = "infeasible";
    public static final String FAILED = "failed";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * Figures of one point (from {@link BatchResult.Figures}).
     *
     * @param prefillS          prefill time, s (0 without a prefill)
     * @param decodePerTokenMs  decode time per step, ms (0 without decode)
     * @param mfuPrefill        model FLOPs utilisation of the prefill
     * @param mfuDecode         model FLOPs utilisation of decode
     * @param costPrefillChipMsPerToken chips x prefill time / prefill tokens, chip-ms
     * @param costDecodeChipMsPerToken  chips x decode time / decoded tokens, chip-ms
     */
    public record Figures(double prefillS, double decodePerTokenMs, double mfuPrefill, double mfuDecode,
                          double costPrefillChipMsPerToken, double costDecodeChipMsPerToken) {
        static Figures of(BatchResult.Figures f) {
            return new Figures(f.prefillS(), f.decodePerTokenMs(), f.mfu().prefill(), f.mfu().decode(),
                    f.costChipMsPerToken().prefill(), f.costChipMsPerToken().decode());
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

    static PointResult infeasible(Sweep.Point p, String status, String reason) {
        return new PointResult(p.index(), p.label(), p.params(), status, reason, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    static PointResult of(Sweep.Point p, Scenario s, RunResult r) {
        if (!(r.result() instanceof BatchResult b)) {
            throw new IllegalArgumentException("sweeps run workload kind batch; point " + p.label() + " is "
                    + s.workload().kind());
        }
        var m = s.model().orElseThrow();
        var w = (org.tpusim.scenario.Workload.Batch) s.workload();
        return new PointResult(p.index(), p.label(), p.params(), OK, "", m.model().name(), m.weights().key(),
                s.system().slice().shape().toString(), s.system().slice().chipCount(), w.batch(), w.inputTokens(),
                w.outputTokens(), w.prefillLayout().toString(), w.decodeLayout().toString(),
                Figures.of(b.simulated()), Figures.of(b.analytical()),
                Calibration.of(org.tpusim.validation.CalibrationRegion.bundled().check(r.scenario())));
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
