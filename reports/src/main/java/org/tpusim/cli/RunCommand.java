package org.tpusim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tpusim.engine.Heartbeat;
import org.tpusim.input.InputException;
import org.tpusim.input.YamlNode;
import org.tpusim.input.YamlReader;
import org.tpusim.report.RunOutput;
import org.tpusim.result.RunResult;
import org.tpusim.run.ScenarioBatch;
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
 * writes nothing), then runs them (one {@link ScenarioBatch}; {@code --threads N} runs N at once) and writes, in file
 * order, {@code DIR/<name>/results.json}, {@code report.html}, with
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

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "scenarios run at once (default: ${DEFAULT-VALUE}); output stays in file order")
    int threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A sweep file (a top-level sweep: key) is run by {@code tpusim sweep}; say so rather than reject the key. */
    private static void refuseSweepFile(Path f) {
        if (Files.isRegularFile(f) && YamlReader.read(f) instanceof YamlNode.Mapping m && m.has("sweep")) {
            throw new InputException(f.toString(), m.optional("sweep").get().where().line(), "sweep", "is a sweep file (it has a sweep: "
                    + "block); run it with 'tpusim sweep " + f + "'");
        }
    }

    /** A finished scenario and its trace (null without --trace). */
    private record Ran(RunResult result, TraceRecorder recorder) {
    }

    @Override
    public Integer call() {
        ScenarioLoader loader = ScenarioLoader.withBundledCatalog();
        List<Scenario> scenarios = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path f : files) {
            refuseSweepFile(f);
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
        if (threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads: expected at least 1, found "
                    + threads);
        }
        ScenarioRunner runner = new ScenarioRunner();
        TraceSelection traced = selection;
        List<RunResult> results = new ArrayList<>();
        var console = spec.commandLine().getOut();
        Progress progress = new Progress(console, Progress.stdoutIsTerminal(),
                scenarios.size());
        progress.starting(0, scenarios.get(0).name());
        // results come back in file order: each is written and summarised as soon as it and those before it are done
        new ScenarioBatch<Scenario, Ran>(threads, "run", s -> "scenario " + s.name() + " (" + s.source() + ")")
                .run(scenarios, s -> {
                    TraceRecorder recorder = traced == null ? null
                            : new TraceRecorder(traced, s.system().slice(), s.name());
                    long start = System.nanoTime();
                    try (AutoCloseable beat = Heartbeat.install((events, done, total, unit) ->
                            progress.heartbeat(s.name(), start, events, done, total, unit))) {
                        return new Ran(runner.run(s, recorder), recorder);
                    }
                }, new ScenarioBatch.Listener<>() {
                    @Override
                    public void inOrder(int i, Scenario s, Ran ran) {
                        RunResult r = ran.result();
                        TraceRecorder recorder = ran.recorder();
                        Path folder = output.writeScenario(r, recorder);
                        results.add(r);
                        progress.clear();
                        console.print(ConsoleSummary.of(r, folder));
                        if (recorder != null) {
                            console.println("  trace       " + folder.resolve("trace.json") + " ("
                                    + recorder.size() + " events" + (recorder.dropped() > 0 ? ", "
                                    + recorder.dropped() + " dropped at the cap" : "") + ")");
                        }
                        console.flush();
                        if (i + 1 < scenarios.size()) {
                            progress.starting(i + 1, scenarios.get(i + 1).name());
                        }
                    }
                });
        Path index = output.writeIndex();
        console.println("index: " + index);
        return 0;
    }
}
