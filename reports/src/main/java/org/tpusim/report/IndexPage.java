package org.tpusim.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tpusim.figure.Figure;
import org.tpusim.figure.Format;
import org.tpusim.input.InputException;
import org.tpusim.output.OutputDir;
import org.tpusim.report.chart.LineChart;
import org.tpusim.report.chart.Ticks;
import org.tpusim.result.RunResult;

/**
 * {@code index.html}: every result folder under the output folder that tpusim wrote (its manifest says scenario,
 * sweep or validation), newest first (by the modification time of results.json, ties by name), each linking its
 * report, with the figures that matter for its kind (one table per kind); links to the validation report, each
 * sweep's Pareto report and compare.html when present; and, for collectives run at several sizes, time and bandwidth
 * against message size, simulated and analytical, one pair of charts per collective, axes, slice and algorithm.
 */
public final class IndexPage {
    /** The figures of each kind's table, in column order. */
    private static final Map<String, List<Figure>> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("batch", List.of(Figure.PREFILL_S, Figure.DECODE_PER_TOKEN_MS, Figure.TOTAL_S, Figure.MFU_TOTAL));
        COLUMNS.put("trace", List.of(Figure.TTFT_P50_MS, Figure.TTFT_P99_MS, Figure.TPOT_P50_MS, Figure.TPOT_P99_MS,
                Figure.THROUGHPUT_TOKENS_PER_S));
        COLUMNS.put("collective", List.of(Figure.COLLECTIVE_TIME_S));
        COLUMNS.put("transfer", List.of(Figure.TRANSFER_TIME_S));
    }

    private static final Map<String, String> TITLES = Map.of("batch", "Batch runs", "trace", "Trace replays",
            "collective", "Collectives", "transfer", "Transfers");

    /** A page tpusim wrote under the output folder, linked from the index. */
    record Page(String title, String href, String what) {
    }

    private IndexPage() {
    }

    /** The index of what is in {@code outDir} now (only folders whose manifest says tpusim wrote them). */
    public static String render(Path outDir) {
        record Dated(ResultFile result, FileTime time) {
        }
        List<Dated> scenarios = new ArrayList<>();
        List<Page> pages = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        if (Files.isDirectory(outDir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(outDir)) {
                for (Path p : ds) {
                    if (!p.getFileName().toString().startsWith(".")) {
                        dirs.add(p);
                    }
                }
            } catch (IOException e) {
                throw InputException.forFile(outDir, "cannot be listed: " + e.getMessage());
            }
        }
        dirs.sort(null);
        if (Files.isRegularFile(outDir.resolve("compare.html"), LinkOption.NOFOLLOW_LINKS)) {
            pages.add(new Page("Comparison", "compare.html", "the last tpusim compare --out of this folder"));
        }
        // a sweep's point reports (sweep --reports: <sweep>.point<i>) are counted on the sweep's line, not listed
        Map<String, Integer> pointReports = new LinkedHashMap<>();
        for (Path dir : dirs) {
            if (OutputDir.kindOf(dir).orElse(null) == OutputDir.Kind.SWEEP) {
                pointReports.put(dir.getFileName().toString(), 0);
            }
        }
        for (Path dir : dirs) {
            Optional<OutputDir.Kind> kind = OutputDir.kindOf(dir);
            String name = dir.getFileName().toString();
            if (kind.isEmpty()) {
                continue;
            }
            switch (kind.get()) {
                case SCENARIO -> {
                    int point = name.lastIndexOf(".point");
                    if (point > 0 && pointReports.containsKey(name.substring(0, point))
                            && name.substring(point + 6).matches("\\d+")
                            && Files.isRegularFile(dir.resolve("report.html"), LinkOption.NOFOLLOW_LINKS)) {
                        pointReports.merge(name.substring(0, point), 1, Integer::sum);
                        continue;
                    }
                    Path json = dir.resolve("results.json");
                    if (Files.isRegularFile(json, LinkOption.NOFOLLOW_LINKS)) {
                        try {
                            scenarios.add(new Dated(ResultFile.read(json), Files.getLastModifiedTime(json)));
                        } catch (InputException | IOException e) {
                            // a results.json that cannot be read back is left out of the index, not fatal
                        }
                    }
                }
                case VALIDATION -> {
                    if (Files.isRegularFile(dir.resolve("validation.html"), LinkOption.NOFOLLOW_LINKS)) {
                        pages.add(new Page("Paper validation", name + "/validation.html",
                                "tpusim validate: every published figure against the simulation"));
                    }
                }
                case SWEEP -> {
                }
                default -> {
                }
            }
        }
        for (Map.Entry<String, Integer> sweep : pointReports.entrySet()) {
            String name = sweep.getKey();
            if (Files.isRegularFile(outDir.resolve(name).resolve("pareto.html"), LinkOption.NOFOLLOW_LINKS)) {
                pages.add(new Page("Sweep " + name, name + "/pareto.html", "Pareto frontiers of the sweep"
                        + (sweep.getValue() > 0 ? "; " + sweep.getValue() + " point reports (" + name
                        + ".point<i>/), linked from its frontier tables" : "")));
            }
        }
        scenarios.sort(Comparator.comparing(Dated::time, Comparator.reverseOrder())
                .thenComparing(d -> d.result().folder()));
        return render(scenarios.stream().map(Dated::result).toList(), pages);
    }

    /** The index of results in memory, in the given order (each linked as {@code <name>/report.html}). */
    public static String render(List<RunResult> results) {
        return render(results.stream().map(ResultFile::of).toList(), List.of());
    }

    static String render(List<ResultFile> results, List<Page> pages) {
        Html h = new Html().page("tpusim results");
        h.raw("<h1>tpusim results</h1>\n<p class=\"sub\">").text(results.size() + " result folder(s)"
                + (pages.isEmpty() ? "" : ", " + pages.size() + " other page(s)") + "; newest first").raw("</p>\n");
        if (!pages.isEmpty()) {
            h.raw("<h2>Pages</h2>\n<table>");
            for (Page p : pages) {
                h.raw("<tr><td><a href=\"").text(p.href()).raw("\">").text(p.title()).raw("</a></td>")
                        .element("td", p.what()).raw("</tr>\n");
            }
            h.raw("</table>\n");
        }
        for (Map.Entry<String, List<Figure>> kind : COLUMNS.entrySet()) {
            List<ResultFile> ofKind = results.stream().filter(r -> r.kind().equals(kind.getKey())).toList();
            if (!ofKind.isEmpty()) {
                table(h, kind.getKey(), kind.getValue(), ofKind);
            }
        }
        collectives(h, results);
        return h.close();
    }

    private static void table(Html h, String kind, List<Figure> figures, List<ResultFile> results) {
        boolean withAnalytical = figures.size() == 1;
        h.raw("<h2>").text(TITLES.get(kind)).raw("</h2>\n<table><tr><th>scenario</th><th>system</th><th>")
                .text(kind.equals("batch") ? "model" : "workload").raw("</th>");
        for (Figure f : figures) {
            h.raw("<th class=\"num\">").text(f.label()).raw("</th>");
            if (withAnalytical) {
                h.raw("<th class=\"num\">analytical</th>");
            }
        }
        boolean anyPublished = results.stream().anyMatch(r -> !published(r).isEmpty());
        h.raw("<th class=\"num\">ratio</th>");
        if (anyPublished) {
            h.raw("<th>simulated vs published</th>");
        }
        h.raw("</tr>\n");
        for (ResultFile r : results) {
            h.raw("<tr><td><a href=\"").text(r.folder() + "/report.html").raw("\">").text(r.folder()).raw("</a></td>");
            h.raw("<td style=\"white-space:nowrap\">").text(r.system()).raw("</td>");
            h.element("td", describe(r));
            for (Figure f : figures) {
                h.raw("<td class=\"num\">").text(shown(f, r.simulated(f))).raw("</td>");
                if (withAnalytical) {
                    h.raw("<td class=\"num\">").text(shown(f, r.analytical(f))).raw("</td>");
                }
            }
            h.raw("<td class=\"num\">").text(Double.isFinite(r.ratio()) ? Format.ratio(r.ratio()) : "\u2013")
                    .raw("</td>");
            if (anyPublished) {
                h.element("td", published(r));
            }
            h.raw("</tr>\n");
        }
        h.raw("</table>\n");
    }

    /**
     * The simulation against each figure the scenario's reference block publishes, e.g. "decode per token -10.5%,
     * MFU decode +1.5 pp"; empty without a reference block.
     */
    static String published(ResultFile r) {
        List<String> parts = new ArrayList<>();
        for (Figure f : Figure.of(r.kind())) {
            double ref = r.published(f);
            double sim = r.simulated(f);
            if (Double.isFinite(ref) && Double.isFinite(sim)) {
                parts.add(f.label() + " " + org.tpusim.validation.Comparison.errorText(f.error(sim, ref), f.fraction()));
            }
        }
        return String.join(", ", parts);
    }

    /** A figure's value, "–" where the run has none (no prefill, no second token). */
    private static String shown(Figure f, double v) {
        return v == 0 && f.unit() != org.tpusim.figure.Unit.FRACTION ? "\u2013" : ComparePage.cell(f.unit(), v);
    }

    /** What ran, in a few words, from the scenario echo. */
    static String describe(ResultFile r) {
        JsonNode s = r.scenario();
        JsonNode w = s.path("workload");
        return switch (r.kind()) {
            case "batch" -> (s.path("model").path("model").path("name").asText("") + " "
                    + s.path("model").path("weights").asText("")).trim() + ", batch " + w.path("batch").asText("?");
            case "trace" -> (s.path("model").path("model").path("name").asText("") + ", "
                    + w.path("batching").path("policy").asText(w.path("policy").asText("")) + " "
                    + (w.has("request_count") ? w.path("request_count").asText() + " requests" : "")).trim();
            case "collective" -> w.path("collective").asText("") + " of "
                    + Format.bytes(w.path("bytes_per_chip").asDouble()) + " per chip over " + w.path("axes").asText("");
            case "transfer" -> "transfer of " + Format.bytes(w.path("bytes").asDouble());
            default -> r.kind();
        };
    }

    /** Collective results of one collective, axes, slice and algorithm, by message size. */
    record Sweep(String title, List<ResultFile> runs) {
    }

    static List<Sweep> sweeps(List<RunResult> results) {
        return sweepsOf(results.stream().map(ResultFile::of).toList());
    }

    private static List<Sweep> sweepsOf(List<ResultFile> results) {
        Map<String, List<ResultFile>> groups = new LinkedHashMap<>();
        for (ResultFile r : results) {
            if (r.kind().equals("collective")) {
                JsonNode c = r.root();
                String key = c.path("collective").asText() + " over " + c.path("axes").asText() + " on " + r.system()
                        + " (" + c.path("algorithm").asText() + ", " + c.path("multi_axis").asText() + ")";
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
        }
        List<Sweep> out = new ArrayList<>();
        for (Map.Entry<String, List<ResultFile>> e : groups.entrySet()) {
            long sizes = e.getValue().stream().mapToLong(IndexPage::bytesPerChip).distinct().count();
            if (sizes >= 2) {
                List<ResultFile> runs = new ArrayList<>(e.getValue());
                runs.sort(Comparator.comparingLong(IndexPage::bytesPerChip));
                out.add(new Sweep(e.getKey(), List.copyOf(runs)));
            }
        }
        return out;
    }

    private static long bytesPerChip(ResultFile r) {
        return r.root().path("bytes_per_chip").asLong();
    }

    private static void collectives(Html h, List<ResultFile> results) {
        List<Sweep> sweeps = sweepsOf(results);
        if (sweeps.isEmpty()) {
            return;
        }
        h.raw("<h2>Collectives: time and bandwidth vs message size</h2>\n<p class=\"note\">").text("Solid: simulated; "
                + "dashed: the paper's bandwidth-only form and the latency-bandwidth form of the simulated algorithm, "
                + "for the same inputs. Bus bandwidth: bytes per chip / time x the collective's bus factor ((K-1)/K; "
                + "all-reduce 2(K-1)/K). Both axes are logarithmic.").raw("</p>\n");
        LineChart.AxisSpec size = new LineChart.AxisSpec("bytes per chip, D (B, log scale)", true, Ticks::bytes,
                true);
        for (Sweep sweep : sweeps) {
            List<LineChart.Point> sim = new ArrayList<>();
            List<LineChart.Point> paper = new ArrayList<>();
            List<LineChart.Point> lb = new ArrayList<>();
            List<LineChart.Point> simBw = new ArrayList<>();
            List<LineChart.Point> paperBw = new ArrayList<>();
            List<LineChart.Point> lbBw = new ArrayList<>();
            for (ResultFile r : sweep.runs()) {
                JsonNode s = r.root().path("simulated");
                JsonNode a = r.root().path("analytical");
                double d = bytesPerChip(r);
                double algBw = s.path("algorithmic_bandwidth_bytes_per_s").asDouble();
                double busBw = s.path("bus_bandwidth_bytes_per_s").asDouble();
                double factor = algBw > 0 ? busBw / algBw : 0;
                double paperS = a.path("time_s").asDouble();
                double lbS = a.path("latency_bandwidth_s").asDouble();
                sim.add(new LineChart.Point(d, s.path("time_s").asDouble()));
                paper.add(new LineChart.Point(d, paperS));
                lb.add(new LineChart.Point(d, lbS));
                simBw.add(new LineChart.Point(d, busBw));
                paperBw.add(new LineChart.Point(d, paperS > 0 ? factor * d / paperS : 0));
                lbBw.add(new LineChart.Point(d, lbS > 0 ? factor * d / lbS : 0));
            }
            h.raw("<h3>").text(sweep.title()).raw("</h3>\n<div class=\"charts\">");
            h.chart(new LineChart("time", size, new LineChart.AxisSpec("time (s, log scale)", true, Ticks::seconds))
                    .add(new LineChart.Series("simulated", sim, false))
                    .add(new LineChart.Series("paper form", paper, true))
                    .add(new LineChart.Series("latency-bandwidth form", lb, true)).render());
            h.chart(new LineChart("bus bandwidth", size,
                    new LineChart.AxisSpec("bus bandwidth (B/s, log scale)", true, Ticks::bandwidth))
                    .add(new LineChart.Series("simulated", simBw, false))
                    .add(new LineChart.Series("paper form", paperBw, true))
                    .add(new LineChart.Series("latency-bandwidth form", lbBw, true)).render());
            h.raw("</div>\n");
        }
    }
}
