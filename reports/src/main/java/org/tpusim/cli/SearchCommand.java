package org.tpusim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tpusim.figure.Format;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.model.Phase;
import org.tpusim.output.OutputDir;
import org.tpusim.report.SearchReport;
import org.tpusim.run.ScenarioBatch;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.sweep.LayoutSearch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code tpusim search FILE}: layout search for one phase of a batch scenario. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Rank every feasible layout of one phase of a batch scenario by the paper's analytical "
                + "model, simulate the best few, and print both rankings.")
final class SearchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "batch scenario file (YAML)")
    Path file;

    @Option(names = "--phase", paramLabel = "PHASE", defaultValue = "decode",
            description = "decode or prefill (default: ${DEFAULT-VALUE})")
    String phase;

    @Option(names = "--simulate", paramLabel = "K", defaultValue = "3",
            description = "simulate the K best by the analytical model (default: ${DEFAULT-VALUE})")
    int simulate;

    @Option(names = "--out", paramLabel = "DIR",
            description = "also write DIR/<scenario>/search-<phase>.csv (every candidate, both rankings)")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Phase p = switch (phase) {
            case "decode" -> Phase.DECODE;
            case "prefill" -> Phase.PREFILL;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--phase: expected decode or prefill, found '" + phase + "'");
        };
        if (simulate < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--simulate: expected K >= 0");
        }
        LayoutSearch.Result r = new LayoutSearch(ScenarioLoader.withBundledCatalog()).search(file, p, simulate,
                ScenarioBatch.defaultThreads());
        PrintWriter console = spec.commandLine().getOut();
        console.printf(Locale.ROOT, "%s, %s: layouts ranked by the analytical model, best %d simulated%n",
                r.scenario(), p.key(), simulate);
        console.printf(Locale.ROOT, "  %-16s %9s %14s %9s %14s  %s%n", "layout", "analytic", "analytical",
                "simulated", "simulated", "note");
        for (LayoutSearch.Candidate c : r.candidates()) {
            if (!c.feasible()) {
                console.printf(Locale.ROOT, "  %-16s %9s %14s %9s %14s  infeasible: %s%n", c.layout(), "-", "-",
                        "-", "-", c.reason());
                continue;
            }
            String note = c.simulated() && c.simulatedRank() != c.analyticalRank()
                    ? "the simulation ranks it differently" : "";
            console.printf(Locale.ROOT, "  %-16s %9d %14s %9s %14s  %s%n", c.layout(), c.analyticalRank(),
                    Format.millis(c.analyticalMs()), c.simulated() ? String.valueOf(c.simulatedRank()) : "-",
                    c.simulated() ? Format.millis(c.simulatedMs()) : "-", note);
        }
        PhaseLayout chosen = r.chosen();
        console.println(chosen == null ? "no feasible layout" : "chosen: " + chosen
                + (simulate > 0 ? " (fastest simulated)" : " (fastest analytical)"));
        if (out != null) {
            Path csv = new OutputDir(out).openFolder(r.scenario(), OutputDir.Kind.SCENARIO)
                    .write("search-" + p.key() + ".csv", SearchReport.csv(r));
            console.println("wrote " + csv);
        }
        return chosen == null ? TpusimCommand.INVALID_INPUT : 0;
    }
}
