package org.tpusim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tpusim.scenario.ChipCatalog;
import org.tpusim.hardware.ChipParameter;
import org.tpusim.input.InputException;
import org.tpusim.input.YamlEdit;
import org.tpusim.input.YamlNode;
import org.tpusim.input.YamlReader;
import org.tpusim.output.OutputDir;
import org.tpusim.report.RunOutput;
import org.tpusim.report.ValidationReport;
import org.tpusim.result.RunResult;
import org.tpusim.run.ScenarioBatch;
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
            description = "set a key in every scenario before it is validated: a chip parameter, e.g. --set "
                    + "hop_latency_ns=1500, the execution's multi_axis (concurrent | sequential | flat-ring), or any "
                    + "key path, e.g. --set execution.overlap=async; for calibration")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--threads", defaultValue = "0", description = "parallel runs (default: one per core)")
    int threads;

    @Option(names = "--reports", description = "also write each scenario's result folder DIR/<scenario>/ "
            + "(results.json, report.html, as run writes it), linked from validation.html")
    boolean reports;

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
        List<YamlEdit> edits = edits(overrides);
        List<Scenario> loaded = new ArrayList<>();
        for (Path f : files) {
            loaded.add(load(loader, f, edits));
        }
        OutputDir output = new OutputDir(out);
        output.checkFolder(OutputDir.VALIDATION_FOLDER, OutputDir.Kind.VALIDATION);   // before anything runs
        RunOutput results = new RunOutput(out);
        Set<String> written = new HashSet<>();
        if (reports) {
            results.check(loaded.stream().map(Scenario::name).toList());
        }
        int n = threads > 0 ? threads : ScenarioBatch.defaultThreads();
        List<Comparison> all = new ArrayList<>();
        ScenarioRunner runner = new ScenarioRunner();
        new ScenarioBatch<Scenario, RunResult>(n, "validate", s -> "validation scenario " + s.source())
                .run(loaded, runner::run, new ScenarioBatch.Listener<>() {
                    @Override
                    public void inOrder(int i, Scenario s, RunResult r) {
                        all.addAll(Comparison.of(s, r));
                        if (reports) {
                            results.writeScenario(r);
                            written.add(s.name());
                        }
                        console.printf(Locale.ROOT, "[%d/%d] %s%n", i + 1, loaded.size(), s.name());
                        console.flush();
                    }
                });
        all.addAll(MemoryReference.table1(ChipCatalog.bundled().find("tpu-v4").orElseThrow()));
        OutputDir.Folder folder = output.openFolder(OutputDir.VALIDATION_FOLDER, OutputDir.Kind.VALIDATION);
        String params = (overrides.isEmpty() ? "chip parameters from the catalog" : "overrides " + overrides)
                + "; program collectives over several axes: "
                + overrides.stream().map(String::trim).filter(o -> o.startsWith("multi_axis="))
                        .reduce((a, b) -> b).map(o -> o.substring("multi_axis=".length()))
                        .orElse(Scenario.Execution.DEFAULT.multiAxis().key() + " (default)");
        Path csv = folder.write("validation.csv", ValidationReport.csv(all));
        // only the reports of this run are linked: an earlier one may have other --set values
        Path html = folder.write("validation.html", ValidationReport.html(all, params,
                name -> written.contains(name) ? "../" + name + "/report.html" : null));
        for (Map.Entry<String, List<Comparison>> g : ValidationReport.bySource(all).entrySet()) {
            print(console, ValidationReport.summarise(g.getKey(), g.getValue()));
        }
        print(console, ValidationReport.summarise("all", all));
        console.println("wrote " + html + ", " + csv + (reports ? " and " + written.size() + " result folders" : ""));
        console.println("index: " + results.writeIndex());
        return 0;
    }

    private static void print(PrintWriter out, ValidationReport.Summary s) {
        if (s.points() > 0) {
            out.printf(Locale.ROOT, "%-12s %3d points: mean |error| %5.1f%%, worst %6.1f%% (%s)", s.group(), s.points(),
                    100 * s.meanAbsError(), 100 * s.worstAbsError(), s.worstPoint());
        } else {
            out.printf(Locale.ROOT, "%-12s no time points", s.group());
        }
        if (s.mfuPoints() > 0) {
            out.printf(Locale.ROOT, "; MFU %d points: mean %.1f pp, worst %.1f pp (%s)", s.mfuPoints(),
                    100 * s.meanAbsMfuPoints(), 100 * s.worstAbsMfuPoints(), s.worstMfuPoint());
        }
        out.println();
    }

    /**
     * The {@code --set KEY=VALUE} flags as edits of every scenario: KEY is a full key path
     * ({@code system.overrides.hop_latency_ns}), a chip parameter ({@code hop_latency_ns}, meaning
     * {@code system.overrides.hop_latency_ns}) or {@code multi_axis} ({@code execution.multi_axis}). The values are
     * checked by the scenario loader with everything else, and its messages name the flag.
     */
    static List<YamlEdit> edits(List<String> overrides) {
        List<YamlEdit> out = new ArrayList<>();
        for (String o : overrides) {
            String origin = "--set " + o;
            String[] kv = o.split("=", 2);
            String key = kv[0].trim();
            if (kv.length < 2) {
                throw new InputException(origin, 0, "", "expected KEY=VALUE");
            }
            String path;
            if (key.equals("multi_axis")) {
                path = "execution.multi_axis";
            } else if (ChipParameter.fromKey(key).isPresent()) {
                path = "system.overrides." + key;
            } else if (key.contains(".") && YamlEdit.KEY_PATH.matcher(key).matches()) {
                path = key;
            } else {
                throw new InputException(origin, 0, "", "unknown key '" + key + "' (expected a scenario key path "
                        + "such as system.overrides.hop_latency_ns, multi_axis, or one of the chip parameters "
                        + ChipParameter.allKeys() + ")");
            }
            out.add(YamlEdit.scalar(path, kv[1].trim(), origin, 0));
        }
        return out;
    }

    /** A validation scenario with the --set edits, through the loader's checks (the HBM check included). */
    private Scenario load(ScenarioLoader loader, Path file, List<YamlEdit> edits) {
        YamlNode root = YamlReader.read(file);
        Path baseDir = file.getParent() != null ? file.getParent() : Path.of("");
        try {
            return loader.load(file.toString(), baseDir, root, edits);
        } catch (InputException e) {
            if (edits.isEmpty() || e.file().orElse("").startsWith("--set ")) {
                throw e;
            }
            // the error is in the scenario file, but the --set values may be what made it so
            throw new InputException(e.file().orElse(null), e.line(), e.keyPath(), e.problem() + " (with "
                    + String.join(", ", overrides.stream().map(o -> "--set " + o).toList()) + ")", e);
        }
    }

    /** The repository root: TPUSIM_HOME (set by the ./tpusim launcher) or the working directory. */
    static Path home() {
        String h = System.getenv("TPUSIM_HOME");
        return h != null && !h.isBlank() ? Path.of(h) : Path.of("");
    }
}
