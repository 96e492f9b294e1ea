package org.tpusim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tpusim.input.InputException;
import org.tpusim.report.RunOutput;
import org.tpusim.result.RunResult;
import org.tpusim.run.ScenarioRunner;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.trace.TraceRecorder;
import org.tpusim.trace.TraceSelection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code tpusim run FILE... [--out DIR] [--trace ...]}: validates every file and flag first (so invalid input
 * writes nothing), then runs them in order, writing {@code DIR/<name>/results.json}, {@code report.html}, with
 * {@code --trace} also {@code trace.json}, and {@code DIR/index.html}. Shows progress when it runs several.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run scenario files; write DIR/<name>/results.json, DIR/<name>/report.html and DIR/index.html.")
final class RunCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "scenario files (YAML)")
    List<Path> files;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--trace", description = "also write DIR/<name>/trace.json: Chrome trace event JSON of the "
            + "selected chips and passes (open in Perfetto or chrome://tracing)")
    boolean trace;

    @Option(names = "--trace-chips", paramLabel = "LIST", defaultValue = "0-3",
            description = "chips to trace: ids and ranges, e.g. 0-3,8 (default: ${DEFAULT-VALUE})")
    String traceChips;

    @Option(names = "--trace-steps", paramLabel = "LIST", defaultValue = "prefill,decode:1",
            description = "batch passes to trace: prefill, decode:N, decode:A-B, decode (every step) or all, "
                    + "comma-separated (default: ${DEFAULT-VALUE}); other kinds are traced whole")
    String traceSteps;

    @Option(names = "--trace-max-events", paramLabel = "N", defaultValue = "" + TraceSelection.DEFAULT_MAX_EVENTS,
            description = "events kept at most per trace; the rest are counted as dropped (default: ${DEFAULT-VALUE})")
    int traceMaxEvents;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ScenarioLoader loader = ScenarioLoader.withBundledCatalog();
        List<Scenario> scenarios = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path f : files) {
            Scenario s = loader.load(f);
            String previous = seen.putIfAbsent(s.name(), s.source());
            if (previous != null) {
                throw new InputException(s.source(), 0, "name", "scenario name '" + s.name()
                        + "' is also used by " + previous + " (expected unique names: each names an output folder)");
            }
            scenarios.add(s);
        }
        TraceSelection selection = null;
        if (trace) {
            try {
                selection = TraceSelection.parse(traceChips, traceSteps, traceMaxEvents);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        RunOutput output = new RunOutput(out);
        output.check(scenarios.stream().map(Scenario::name).toList());   // before anything runs
        ScenarioRunner runner = new ScenarioRunner();
        List<RunResult> results = new ArrayList<>();
        var console = spec.commandLine().getOut();
        Progress progress = new Progress(console, Progress.stdoutIsTerminal(),
                scenarios.size());
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            progress.starting(i, s.name());
            TraceRecorder recorder = selection == null ? null
                    : new TraceRecorder(selection, s.system().slice(), s.name());
            RunResult r;
            try {
                r = runner.run(s, recorder);
            } catch (InputException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new IllegalStateException("scenario " + s.name() + " (" + s.source() + ") failed: "
                        + e.getMessage(), e);
            }
            Path folder = output.writeScenario(r, recorder);
            results.add(r);
            progress.clear();
            console.print(ConsoleSummary.of(r, folder));
            if (recorder != null) {
                console.println("  trace       " + folder.resolve("trace.json") + " (" + recorder.events().size()
                        + " events" + (recorder.dropped() > 0 ? ", " + recorder.dropped() + " dropped at the cap" : "")
                        + ")");
            }
            console.flush();
        }
        Path index = output.writeIndex(results);
        console.println("index: " + index);
        return 0;
    }
}
