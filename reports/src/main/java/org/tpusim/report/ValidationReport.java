package org.tpusim.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tpusim.validation.Comparison;

/**
 * The validation report: every published figure against the simulation and the paper's analytical model,
 * with summaries per source and overall (mean absolute percentage error and worst point for times and
 * other quantities; mean and worst absolute difference in percentage points for MFU), as CSV and as a
 * self-contained HTML page with a log-log chart of simulated against published values.
 */
public final class ValidationReport {

    /** Summary of a set of comparisons. */
    public record Summary(String group, int points, double meanAbsError, double worstAbsError, String worstPoint,
                          int mfuPoints, double meanAbsMfuPoints, double worstAbsMfuPoints, String worstMfuPoint) {
    }

    private ValidationReport() {
    }

    public static Summary summarise(String group, List<Comparison> cs) {
        double sum = 0;
        double worst = 0;
        String worstName = "";
        int n = 0;
        double mfuSum = 0;
        double mfuWorst = 0;
        String mfuWorstName = "";
        int m = 0;
        for (Comparison c : cs) {
            double e = Math.abs(c.error());
            String id = c.scenario() + " " + c.key();
            if (c.fraction()) {
                m++;
                mfuSum += e;
                if (e >= mfuWorst) {
                    mfuWorst = e;
                    mfuWorstName = id;
                }
            } else {
                n++;
                sum += e;
                if (e >= worst) {
                    worst = e;
                    worstName = id;
                }
            }
        }
        return new Summary(group, n, n > 0 ? sum / n : 0, worst, worstName, m, m > 0 ? mfuSum / m : 0, mfuWorst,
                mfuWorstName);
    }

    /** Groups by source (the first entry of "Table 2; sec. 4.4" is the group). */
    public static Map<String, List<Comparison>> bySource(List<Comparison> cs) {
        Map<String, List<Comparison>> out = new LinkedHashMap<>();
        for (Comparison c : cs) {
            String group = c.source().split(";")[0].trim();
            out.computeIfAbsent(group, k -> new ArrayList<>()).add(c);
        }
        return out;
    }

    public static String csv(List<Comparison> cs) {
        StringBuilder b = new StringBuilder(
                "scenario,source,key,published,simulated,analytical,error_simulated,error_analytical,error_unit\n");
        for (Comparison c : cs) {
            b.append(String.format(Locale.ROOT, "%s,\"%s\",%s,%.6g,%.6g,%.6g,%.6f,%.6f,%s%n", c.scenario(),
                    c.source().replace("\"", "'"), c.key(), c.reference(), c.simulated(), c.analytical(), c.error(),
                    c.analyticalError(), c.fraction() ? "points/100" : "relative"));
        }
        return b.toString();
    }

    private static String err(Comparison c, double e) {
        return c.fraction() ? String.format(Locale.ROOT, "%+.1f pp", 100 * e)
                : String.format(Locale.ROOT, "%+.1f%%", 100 * e);
    }

    private static String value(Comparison c, double v) {
        return c.fraction() ? Html.percent(v) : Html.sig(v);
    }

    public static String html(List<Comparison> cs, String parameters) {
        return html(cs, parameters, name -> null);
    }

    /** The page; {@code report} gives the link to a scenario's report, or null when it has none. */
    public static String html(List<Comparison> cs, String parameters,
                              java.util.function.Function<String, String> report) {
        Html h = new Html().page("tpusim validation");
        h.raw("<h1>Validation against Pope et al. 2022</h1>\n<p class=\"sub\">").text(cs.size()
                + " published figures; " + parameters).raw("</p>\n");
        h.raw("<h2>Summary</h2>\n<table>");
        h.headerRow("source", "points", "mean |error|", "worst |error|", "worst point", "MFU points",
                "mean |MFU error|", "worst |MFU error|", "worst MFU point");
        Map<String, List<Comparison>> groups = bySource(cs);
        List<Summary> summaries = new ArrayList<>();
        groups.forEach((g, list) -> summaries.add(summarise(g, list)));
        summaries.add(summarise("all", cs));
        for (Summary s : summaries) {
            boolean times = s.points() > 0;
            boolean mfus = s.mfuPoints() > 0;
            h.row(s.group(), times ? s.points() : "no points", times ? Html.percent(s.meanAbsError()) : "",
                    times ? Html.percent(s.worstAbsError()) : "", s.worstPoint(), mfus ? s.mfuPoints() : "no points",
                    mfus ? String.format(Locale.ROOT, "%.1f pp", 100 * s.meanAbsMfuPoints()) : "",
                    mfus ? String.format(Locale.ROOT, "%.1f pp", 100 * s.worstAbsMfuPoints()) : "", s.worstMfuPoint());
        }
        h.raw("</table>\n<h2>Simulated against published (log-log)</h2>\n");
        h.raw(scatter(cs));
        h.raw("<h2>Every point</h2>\n<table>");
        h.headerRow("scenario", "source", "figure", "published", "simulated", "error", "analytical", "error");
        for (Comparison c : cs) {
            String href = report.apply(c.scenario());
            h.row(href == null ? c.scenario() : new Html.Link(c.scenario(), href), c.source(), c.key(), value(c, c.reference()), value(c, c.simulated()),
                    err(c, c.error()), value(c, c.analytical()), err(c, c.analyticalError()));
        }
        return h.raw("</table>\n").close();
    }

    /** An inline SVG scatter of simulated (y) against published (x) for the non-fraction figures. */
    private static String scatter(List<Comparison> cs) {
        List<Comparison> pts = cs.stream().filter(c -> !c.fraction() && c.reference() > 0 && c.simulated() > 0)
                .toList();
        if (pts.isEmpty()) {
            return "<p>No time figures.</p>";
        }
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (Comparison c : pts) {
            lo = Math.min(lo, Math.min(c.reference(), c.simulated()));
            hi = Math.max(hi, Math.max(c.reference(), c.simulated()));
        }
        double l0 = Math.floor(Math.log10(lo));
        double l1 = Math.ceil(Math.log10(hi));
        int w = 520;
        int size = 420;
        int pad = 60;
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"")
                .append(size + pad).append("\" font-size=\"11\" font-family=\"sans-serif\">");
        java.util.function.DoubleUnaryOperator px = v -> pad + (Math.log10(v) - l0) / (l1 - l0) * (size - pad);
        java.util.function.DoubleUnaryOperator py = v -> size - (Math.log10(v) - l0) / (l1 - l0) * (size - pad);
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                pad, pad, size - pad, size - pad));
        for (double d = l0; d <= l1; d++) {
            double v = Math.pow(10, d);
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">1e%d</text>",
                    px.applyAsDouble(v), size + 15, (int) d));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">1e%d</text>",
                    pad - 5, py.applyAsDouble(v) + 4, (int) d));
        }
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\" stroke-dasharray=\"4\"/>",
                pad, size, size, pad));
        for (Comparison c : pts) {
            String colour = Math.abs(c.error()) <= 0.1 ? "#2a7" : Math.abs(c.error()) <= 0.25 ? "#e90" : "#d33";
            b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>",
                    px.applyAsDouble(c.reference()), py.applyAsDouble(c.simulated()), colour));
            b.append(Html.escape(c.scenario() + " " + c.key() + ": published " + Html.sig(c.reference())
                    + ", simulated " + Html.sig(c.simulated())));
            b.append("</title></circle>");
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">published (s, ms or tokens, as the figure's key)</text>",
                (pad + size) / 2, size + 35));
        b.append(String.format(Locale.ROOT, "<text transform=\"translate(15 %d) rotate(-90)\" text-anchor=\"middle\">simulated (same unit)</text>",
                (pad + size) / 2));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">green within 10%%, amber within 25%%, red beyond; dashed: equality</text>",
                pad, pad - 10));
        return b.append("</svg>\n").toString();
    }
}
