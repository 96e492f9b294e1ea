package org.tpusim.report;

import java.util.Locale;
import org.tpusim.sweep.LayoutSearch;

/** The result of {@code tpusim search} as CSV: one row per candidate layout, in analytical order. */
public final class SearchReport {
    private SearchReport() {
    }

    /**
     * Columns: {@code layout, feasible, reason, analytical_rank, analytical_ms, simulated_rank, simulated_ms,
     * chosen}; ranks and times are empty where not computed (infeasible, or not among the simulated best).
     */
    public static String csv(LayoutSearch.Result r) {
        StringBuilder b = new StringBuilder(
                "layout,feasible,reason,analytical_rank,analytical_ms,simulated_rank,simulated_ms,chosen\n");
        for (LayoutSearch.Candidate c : r.candidates()) {
            boolean chosen = r.chosen() != null && r.chosen().equals(c.layout());
            b.append('"').append(c.layout()).append("\",").append(c.feasible()).append(",\"")
                    .append(c.reason().replace("\"", "'")).append("\",");
            if (c.feasible()) {
                b.append(c.analyticalRank()).append(',').append(String.format(Locale.ROOT, "%.6g", c.analyticalMs()));
            } else {
                b.append(',');
            }
            b.append(',');
            if (c.simulated()) {
                b.append(c.simulatedRank()).append(',').append(String.format(Locale.ROOT, "%.6g", c.simulatedMs()));
            } else {
                b.append(',');
            }
            b.append(',').append(chosen).append('\n');
        }
        return b.toString();
    }
}
