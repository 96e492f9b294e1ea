package org.tpusim.validation;

import java.util.ArrayList;
import java.util.List;
import org.tpusim.figure.Figure;
import org.tpusim.result.FigureValues;
import org.tpusim.result.RunResult;
import org.tpusim.scenario.Reference;
import org.tpusim.scenario.Scenario;

/**
 * One published figure against the simulation and the paper's analytical model.
 *
 * @param scenario        scenario name
 * @param source          where the figure was published
 * @param key             result key, e.g. decode_per_token_ms
 * @param reference       the published value
 * @param simulated       the simulated value
 * @param analytical      the analytical model's value
 * @param error           simulated vs reference: relative for times, percentage points / 100 for MFU
 * @param analyticalError the same for the analytical model
 * @param fraction        true when the figure is a fraction (MFU)
 */
public record Comparison(String scenario, String source, String key, double reference, double simulated,
                         double analytical, double error, double analyticalError, boolean fraction) {

    /** The comparisons of one run against its scenario's reference figures (none without a reference). */
    public static List<Comparison> of(Scenario s, RunResult r) {
        return of(s.name(), s.reference().orElse(null), r);
    }

    /** The comparisons of one run against the reference figures its result echoes (none without a reference). */
    public static List<Comparison> of(RunResult r) {
        return of(r.scenario().name(), r.scenario().reference(), r);
    }

    private static List<Comparison> of(String scenario, Reference ref, RunResult r) {
        List<Comparison> out = new ArrayList<>();
        if (ref == null) {
            return out;
        }
        for (Reference.Figure f : ref.figures()) {
            Figure k = Figure.find(r.result().kind(), f.key()).orElseThrow();
            double sim = FigureValues.simulated(k, r.result());
            double ana = FigureValues.analytical(k, r.result());
            out.add(new Comparison(scenario, ref.source(), f.key(), f.value(), sim, ana, k.error(sim, f.value()),
                    k.error(ana, f.value()), k.fraction()));
        }
        return out;
    }

    /** The figure compared. */
    public Figure figure(String workloadKind) {
        return Figure.find(workloadKind, key).orElseThrow();
    }

    /** The error as people read it: "+15.5%" for times, "+1.6 pp" for fractions. */
    public String errorText() {
        return errorText(error, fraction);
    }

    /** {@code error} as "+15.5%" (relative) or "+1.6 pp" (a fraction's difference). */
    public static String errorText(double error, boolean fraction) {
        return fraction ? String.format(java.util.Locale.ROOT, "%+.1f pp", 100 * error)
                : String.format(java.util.Locale.ROOT, "%+.1f%%", 100 * error);
    }
}
