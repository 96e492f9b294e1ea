package org.tpusim.report;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tpusim.output.OutputDir;
import org.tpusim.result.RunResult;
import org.tpusim.result.TraceResult;
import org.tpusim.trace.ChromeTrace;
import org.tpusim.trace.TraceRecorder;

/**
 * Writes a run's files through {@link OutputDir}, so nothing half-written ever looks like a result and nothing
 * outside the output folder, or not written by tpusim, is touched: each scenario's folder is built under a hidden
 * temporary name and swapped in when complete; index.html is replaced atomically.
 */
public final class RunOutput {
    private final OutputDir out;

    public RunOutput(Path outDir) {
        this.out = new OutputDir(outDir);
    }

    public Path outDir() {
        return out.root();
    }

    /** Checks, before anything runs, that the folder of every named scenario and index.html may be written. */
    public void check(List<String> scenarioNames) {
        out.checkRoot();
        for (String name : scenarioNames) {
            out.checkFolder(name, OutputDir.Kind.SCENARIO);
        }
    }

    /** Writes {@code <out>/<name>/results.json} and {@code report.html}; returns the folder. */
    public Path writeScenario(RunResult r) {
        return writeScenario(r, null);
    }

    /** As {@link #writeScenario(RunResult)}, with {@code trace.json} when {@code trace} is not null. */
    public Path writeScenario(RunResult r, TraceRecorder trace) {
        return out.replaceFolder(r.scenario().name(), OutputDir.Kind.SCENARIO, folder -> {
            folder.write("results.json", ResultsJson.write(r));
            folder.write("report.html", HtmlReport.render(r));
            if (r.result() instanceof TraceResult t) {
                folder.write("requests.csv", RequestsCsv.write(t));
            }
            if (trace != null) {
                try (BufferedWriter w = Files.newBufferedWriter(folder.file("trace.json"), StandardCharsets.UTF_8)) {
                    ChromeTrace.write(trace, w);
                }
            }
        });
    }

    /**
     * Writes {@code <out>/<folder>/results.json} and {@code report.html} of a result whose folder is not named after
     * its scenario (a sweep point's report); returns the folder.
     */
    public Path writeScenario(String folderName, RunResult r) {
        return out.replaceFolder(folderName, OutputDir.Kind.SCENARIO, folder -> {
            folder.write("results.json", ResultsJson.write(r));
            folder.write("report.html", HtmlReport.render(r));
        });
    }

    /** Checks, before anything runs, that folder {@code name} may be written as a scenario's. */
    public void checkFolder(String name) {
        out.checkFolder(name, OutputDir.Kind.SCENARIO);
    }

    /** Writes {@code <out>/index.html} over every result folder tpusim wrote there (not only this run's). */
    public Path writeIndex() {
        return out.writeTopFile("index.html", IndexPage.render(out.root()));
    }
}
