package org.tpusim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tpusim.input.InputException;
import org.tpusim.output.OutputDir;
import org.tpusim.report.ComparePage;
import org.tpusim.report.ResultFile;
import org.tpusim.report.RunOutput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tpusim compare DIR_OR_RESULTS... [--out DIR]}: two or more results of one workload kind side by side (their
 * headline figures with ratios to the first, and what differs in their scenarios), on the console and, with
 * {@code --out}, as {@code DIR/compare.html}. Every input is read and checked before anything is written.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare two or more results of one kind: headline figures (simulated, analytical, published) "
                + "with ratios to the first, and the scenario keys that differ. Arguments: results.json files, "
                + "result folders, or folders of result folders (e.g. an --out folder).")
final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR_OR_RESULTS", description = "results.json files or folders")
    List<Path> inputs;

    @Option(names = "--out", paramLabel = "DIR",
            description = "also write DIR/compare.html (and refresh DIR/index.html); default: console only")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<ResultFile> results = new ArrayList<>();
        for (Path p : inputs) {
            results.addAll(ResultFile.expand(p));
        }
        if (results.size() < 2) {
            throw InputException.forFile(inputs.get(0), "holds one result; compare needs at least two (give more "
                    + "results.json files or folders)");
        }
        ResultFile first = results.get(0);
        for (ResultFile r : results) {
            if (!r.kind().equals(first.kind())) {
                throw InputException.forFile(r.file(), "is a " + r.kind() + " result, but " + first.file() + " is a "
                        + first.kind() + " result; compare results of one kind (their figures are not comparable)");
            }
        }
        ComparePage page = new ComparePage(results);
        var console = spec.commandLine().getOut();
        console.print(page.console());
        if (out != null) {
            OutputDir dir = new OutputDir(out);
            dir.checkRoot();
            Path html = dir.writeTopFile("compare.html", page.html(dir.root()));
            new RunOutput(out).writeIndex();
            console.println("wrote " + html);
        }
        console.flush();
        return 0;
    }
}
