package org.tpusim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.tpusim.collective.MultiAxis;
import org.tpusim.scenario.ChipCatalog;
import org.tpusim.hardware.ChipParameter;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.input.InputException;
import org.tpusim.output.OutputDir;
import org.tpusim.report.ValidationReport;
import org.tpusim.result.RunResult;
import org.tpusim.run.ScenarioRunner;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.validation.Comparison;
import org.tpusim.validation.MemoryReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code tpusim validate}: runs every scenario under {@code scenarios/paper/}, compares each with the
 * published figures in its {@code reference:} block (and Table 1 through the memory model), and writes
 * {@code DIR/validation/validation.csv} and {@code validation.html}.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Run the paper-validation scenarios and write a validation report (HTML + CSV).")
final class ValidateCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--scenarios", paramLabel = "DIR",
            description = "folder of validation scenarios (default: scenarios/paper of this tpusim)")
    Path scenarios;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "override a chip parameter in every scenario, e.g. --set hop_latency_ns=1500, or the "
                    + "execution's multi_axis (concurrent | sequential | flat-ring), for calibration")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--threads", defaultValue = "0", description = "parallel runs (default: one per core)")
    int threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        Path dir = scenarios != null ? scenarios : home().resolve("scenarios/paper");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new InputException(dir.toString(), 0, "", "cannot list validation scenarios: " + e.getMessage());
        }
        ScenarioLoader loader = ScenarioLoader.withBundledCatalog();
        List<Scenario> loaded = new ArrayList<>();
        for (Path f : files) {
            loaded.add(withOverrides(loader.load(f)));
        }
        OutputDir output = new OutputDir(out);
        output.checkFolder(OutputDir.VALIDATION_FOLDER, OutputDir.Kind.VALIDATION);   // before anything runs
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Comparison> all = new ArrayList<>();
        try {
            List<Future<RunResult>> futures = new ArrayList<>();
            ScenarioRunner runner = new ScenarioRunner();
            for (Scenario s : loaded) {
                futures.add(pool.submit(() -> runner.run(s)));
            }
            for (int i = 0; i < loaded.size(); i++) {
                RunResult r;
                try {
                    r = futures.get(i).get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("validation scenario " + loaded.get(i).source() + " failed: "
                            + e.getCause().getMessage(), e.getCause());
                }
                all.addAll(Comparison.of(loaded.get(i), r));
                console.printf(Locale.ROOT, "[%d/%d] %s%n", i + 1, loaded.size(), loaded.get(i).name());
                console.flush();
            }
        } finally {
            pool.shutdownNow();
        }
        all.addAll(MemoryReference.table1(ChipCatalog.bundled().find("tpu-v4").orElseThrow()));
        OutputDir.Folder folder = output.openFolder(OutputDir.VALIDATION_FOLDER, OutputDir.Kind.VALIDATION);
        String params = (overrides.isEmpty() ? "chip parameters from the catalog" : "overrides " + overrides)
                + "; program collectives over several axes: "
                + overrides.stream().map(String::trim).filter(o -> o.startsWith("multi_axis="))
                        .reduce((a, b) -> b).map(o -> o.substring("multi_axis=".length()))
                        .orElse(Scenario.Execution.DEFAULT.multiAxis().key() + " (default)");
        Path csv = folder.write("validation.csv", ValidationReport.csv(all));
        Path html = folder.write("validation.html", ValidationReport.html(all, params));
        for (Map.Entry<String, List<Comparison>> g : ValidationReport.bySource(all).entrySet()) {
            print(console, ValidationReport.summarise(g.getKey(), g.getValue()));
        }
        print(console, ValidationReport.summarise("all", all));
        console.println("wrote " + html + ", " + csv);
        return 0;
    }

    private static void print(PrintWriter out, ValidationReport.Summary s) {
        out.printf(Locale.ROOT, "%-12s %3d points: mean |error| %5.1f%%, worst %6.1f%% (%s)", s.group(), s.points(),
                100 * s.meanAbsError(), 100 * s.worstAbsError(), s.worstPoint());
        if (s.mfuPoints() > 0) {
            out.printf(Locale.ROOT, "; MFU %d points: mean %.1f pp, worst %.1f pp (%s)", s.mfuPoints(),
                    100 * s.meanAbsMfuPoints(), 100 * s.worstAbsMfuPoints(), s.worstMfuPoint());
        }
        out.println();
    }

    private Scenario withOverrides(Scenario s) {
        ChipSpec chip = s.system().chip();
        Scenario.Execution execution = s.execution();
        for (String o : overrides) {
            String[] kv = o.split("=", 2);
            if (kv[0].trim().equals("multi_axis")) {
                String value = kv.length > 1 ? kv[1].trim() : "";
                execution = new Scenario.Execution(execution.overlap(), MultiAxis.fromKey(value).orElseThrow(() ->
                        new InputException(null, 0, "--set multi_axis", "unknown multi_axis '" + value
                                + "' (expected one of " + MultiAxis.allKeys() + ")")));
                continue;
            }
            ChipParameter p = ChipParameter.fromKey(kv[0].trim()).orElseThrow(() -> new InputException(null, 0,
                    "--set", "unknown chip parameter '" + kv[0] + "' (expected multi_axis or one of "
                            + ChipParameter.allKeys() + ")"));
            double v;
            try {
                v = Double.parseDouble(kv.length > 1 ? kv[1].trim() : "");
            } catch (NumberFormatException e) {
                throw new InputException(null, 0, "--set", "expected KEY=NUMBER, found '" + o + "'");
            }
            p.rejection(v).ifPresent(why -> {
                throw new InputException(null, 0, "--set " + p.key(), why);
            });
            chip = chip.withOverride(p, v, "validate --set " + o);
        }
        return new Scenario(s.source(), s.name(), s.description(), s.seed(),
                new Scenario.SystemConfig(chip, s.system().slice()), s.simulation(), s.model(), execution,
                s.workload(), s.reference());
    }

    /** The repository root: TPUSIM_HOME (set by the ./tpusim launcher) or the working directory. */
    static Path home() {
        String h = System.getenv("TPUSIM_HOME");
        return h != null && !h.isBlank() ? Path.of(h) : Path.of("");
    }
}
