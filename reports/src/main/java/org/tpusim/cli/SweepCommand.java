package org.tpusim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tpusim.figure.Figure;
import org.tpusim.input.InputException;
import org.tpusim.output.OutputDir;
import org.tpusim.output.OutputName;
import org.tpusim.report.RunOutput;
import org.tpusim.report.SweepReport;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.sweep.PointResult;
import org.tpusim.sweep.Sweep;
import org.tpusim.sweep.SweepRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code tpusim sweep FILE [--out DIR] [--threads N] [--shard i/n] [--merge]}: expands a sweep file, runs its
 * points in parallel into {@code DIR/<name>/points.jsonl} (resuming a previous run), and writes the Pareto
 * report; with {@code --shard} only one shard's points into a shard file, with {@code --merge} the shard files
 * into the whole result.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run a sweep file (a scenario with a sweep: block); write DIR/<name>/points.jsonl, "
                + "pareto.csv and pareto.html (and slo.csv with an slo: block). Points already in points.jsonl are "
                + "skipped (resume).")
final class SweepCommand implements Callable<Integer> {
    private static final Pattern SHARD_FILE = Pattern.compile("points\\.shard-(\\d+)-of-(\\d+)\\.jsonl");

    @Parameters(index = "0", paramLabel = "FILE", description = "sweep file (YAML)")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "points run at once (default: all cores)")
    Integer threads;

    @Option(names = "--shard", paramLabel = "i/n", description = "run only the points whose index modulo n is i, "
            + "into DIR/<name>/points.shard-i-of-n.jsonl (no Pareto report: merge the shards for it)")
    String shard;

    @Option(names = "--merge", description = "merge DIR/<name>/points.shard-*-of-n.jsonl into points.jsonl and "
            + "write the Pareto report; every point must be in exactly one shard file")
    boolean merge;

    @Option(names = "--reports", description = "also write each point simulated by this run as a result folder "
            + "DIR/<name>.point<index>/ (results.json, report.html), linked from pareto.html")
    boolean reports;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ScenarioLoader loader = ScenarioLoader.withBundledCatalog();
        Sweep sweep = Sweep.read(file, loader);
        SweepRun.Shard part = SweepRun.Shard.ALL;
        if (shard != null) {
            try {
                part = SweepRun.Shard.parse(shard);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (merge && shard != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--merge and --shard exclude each other");
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads: expected at least 1, found " + n);
        }
        PrintWriter console = spec.commandLine().getOut();
        RunOutput output = new RunOutput(out);
        if (reports) {
            if (merge) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--reports writes the points this run "
                        + "simulates; --merge simulates none (give --reports to the shard runs)");
            }
            OutputName.problem(pointFolder(sweep.name(), sweep.size() - 1)).ifPresent(p -> {
                throw new InputException(sweep.source(), 0, "name", "--reports: the point folders "
                        + pointFolder(sweep.name(), sweep.size() - 1) + " would break the name rule: " + p
                        + " (shorten the sweep's name)");
            });
            for (int i = 0; i < sweep.size(); i++) {
                if (part.contains(i)) {
                    output.checkFolder(pointFolder(sweep.name(), i));   // before anything runs
                }
            }
        }
        OutputDir.Folder folder = new OutputDir(out).openFolder(sweep.name(), OutputDir.Kind.SWEEP);
        List<PointResult> points;
        if (merge) {
            List<Path> shards = shardFiles(folder.path());
            points = SweepRun.merge(sweep, shards);
            Path merged = folder.file(SweepRun.Shard.ALL.fileName());
            SweepRun.write(merged, points);
            console.printf(Locale.ROOT, "merged %d shard files into %s%n", shards.size(), merged);
        } else {
            points = run(sweep, loader, part, n, folder.file(part.fileName()), console,
                    reports ? output : null);
        }
        long failed = points.stream().filter(p -> PointResult.FAILED.equals(p.status())).count();
        if (part.count() == 1) {
            Path root = output.outDir();
            Path html = SweepReport.write(folder, sweep.name(), sweep.source(), points, sweep.reference(), sweep.slo(), p -> {
                // a point's report, when one was written (by this run or an earlier --reports run of the sweep)
                String name = pointFolder(sweep.name(), p.index());
                return OutputDir.kindOf(root.resolve(name)).orElse(null) == OutputDir.Kind.SCENARIO
                        && Files.isRegularFile(root.resolve(name).resolve("report.html")) ? "../" + name
                        + "/report.html" : null;
            });
            console.println("pareto: " + html);
            if (sweep.slo() != null) {
                console.println("slo " + sweep.slo().describe() + ":");
                for (String line : SweepReport.sloLines(sweep.slo().evaluate(points))) {
                    console.println("  " + line);
                }
                console.println("slo: " + folder.file("slo.csv"));
            }
        }
        console.println("index: " + output.writeIndex());
        if (failed > 0) {
            spec.commandLine().getErr().println("tpusim: " + failed + " points failed (status failed in the points "
                    + "file, with the reason); run again to retry them");
            return TpusimCommand.FAILURE;
        }
        return 0;
    }

    /** The result folder of point {@code index} written with --reports. */
    static String pointFolder(String sweepName, int index) {
        return sweepName + ".point" + index;
    }

    private static List<PointResult> run(Sweep sweep, ScenarioLoader loader, SweepRun.Shard part, int threads,
                                         Path pointsFile, PrintWriter console, RunOutput reports) {
        SweepRun run = new SweepRun(sweep, loader, threads);
        if (reports != null) {
            run.onSimulated((p, r) -> reports.writeScenario(pointFolder(sweep.name(), p.index()), r));
        }
        int resumed = run.finished(pointsFile, part).size();
        int inShard = 0;
        for (int i = 0; i < sweep.size(); i++) {
            inShard += part.contains(i) ? 1 : 0;
        }
        console.printf(Locale.ROOT, "sweep %s: %d points%s, %d already done, %d threads%n", sweep.name(), inShard,
                part.count() > 1 ? " in shard " + part.index() + "/" + part.count() + " of " + sweep.size() : "",
                resumed, threads);
        console.flush();
        long start = System.nanoTime();
        List<PointResult> points = run.run(pointsFile, part, (p, done, total) -> {
            console.printf(Locale.ROOT, "[%d/%d] %s: %s%n", done, total, p.label(), summary(p));
            console.flush();
        });
        double wallS = (System.nanoTime() - start) / 1e9;
        long ok = points.stream().filter(PointResult::ok).count();
        long infeasible = points.stream().filter(p -> PointResult.INFEASIBLE.equals(p.status())).count();
        int ran = inShard - resumed;
        console.printf(Locale.ROOT, "%d points: %d simulated, %d infeasible, %d failed; %d run in %.1f s (%.0f points"
                        + " per minute)%n", points.size(), ok, infeasible, points.size() - ok - infeasible, ran, wallS,
                wallS > 0 ? ran / wallS * 60 : 0);
        console.println("points: " + pointsFile);
        return points;
    }

    private static String summary(PointResult p) {
        if (!p.ok()) {
            return p.status();
        }
        if (p.trace()) {
            PointResult.Serving v = p.serving();
            return String.format(Locale.ROOT, "%s, %d chips: %.4g tokens/s (%.4g per chip), TTFT p99 %.4g ms, "
                    + "TPOT p99 %s", v.policy(), p.chips(), v.throughputTokensPerS(), v.throughputPerChip(),
                    v.ttftP99Ms(), v.tpotP99Ms() == null ? "-" : String.format(Locale.ROOT, "%.4g ms", v.tpotP99Ms()));
        }
        PointResult.Figures s = p.simulated();
        return String.format(Locale.ROOT, "%s, %d chips, batch %d: %.4g ms/token, %.4g chip-ms/token, MFU %.1f%%",
                p.decodeLayout(), p.chips(), p.batch(), s.get(Figure.DECODE_PER_TOKEN_MS), s.get(Figure.COST_DECODE),
                100 * s.get(Figure.MFU_DECODE));
    }

    /** The shard files of one split (all of the same n) in the folder. */
    private static List<Path> shardFiles(Path folder) {
        List<Path> files = new ArrayList<>();
        Integer count = null;
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "points.shard-*.jsonl")) {
                for (Path p : ds) {
                    Matcher m = SHARD_FILE.matcher(p.getFileName().toString());
                    if (!m.matches()) {
                        continue;
                    }
                    int n = Integer.parseInt(m.group(2));
                    if (count != null && count != n) {
                        throw InputException.forFile(folder, "holds shard files of different splits (of " + count
                                + " and of " + n + "); keep one split");
                    }
                    count = n;
                    files.add(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }
        if (files.isEmpty()) {
            throw InputException.forFile(folder, "no shard files points.shard-i-of-n.jsonl to merge");
        }
        files.sort(null);
        return files;
    }
}
