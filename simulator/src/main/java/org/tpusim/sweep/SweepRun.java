package org.tpusim.sweep;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tpusim.analytical.StepShape;
import org.tpusim.input.InputException;
import org.tpusim.layout.Feasibility;
import org.tpusim.layout.MeshSplit;
import org.tpusim.output.AtomicFiles;
import org.tpusim.program.ProgramBuilder;
import org.tpusim.result.RunResult;
import org.tpusim.run.ScenarioRunner;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.scenario.Workload;

/**
 * Runs the points of a sweep (or of one shard of it) on a fixed pool of threads, each point a simulation of its
 * own engine. Every finished point is appended at once to the points file as one JSON line, so an interrupted
 * sweep loses only the points in flight: run again, the points already in the file are kept and skipped
 * (resume), failed points are retried. At the end the file is rewritten in index order, so its bytes depend
 * only on the sweep and the shard, not on thread timing.
 */
public final class SweepRun {
    private final Sweep sweep;
    private final ScenarioLoader loader;
    private final int threads;

    /** Told about every point as it finishes (from worker threads, one call at a time). */
    public interface Listener {
        void finished(PointResult point, int done, int total);
    }

    /**
     * Shard {@code index} of {@code count}: the points whose index modulo count is index. The shards of a sweep
     * are disjoint and together hold every point.
     */
    public record Shard(int index, int count) {
        public static final Shard ALL = new Shard(0, 1);

        public Shard {
            if (count < 1 || index < 0 || index >= count) {
                throw new IllegalArgumentException("shard " + index + "/" + count
                        + ": expected i/n with n >= 1 and 0 <= i < n");
            }
        }

        /** Parses {@code i/n}. */
        public static Shard parse(String text) {
            String[] parts = text.split("/");
            try {
                if (parts.length == 2) {
                    return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new IllegalArgumentException("shard '" + text + "': expected i/n such as 0/4");
        }

        public boolean contains(int pointIndex) {
            return pointIndex % count == index;
        }

        /** {@code points.jsonl} for the whole sweep, {@code points.shard-i-of-n.jsonl} for a shard. */
        public String fileName() {
            return count == 1 ? "points.jsonl" : "points.shard-" + index + "-of-" + count + ".jsonl";
        }
    }

    public SweepRun(Sweep sweep, ScenarioLoader loader, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, found " + threads);
        }
        this.sweep = sweep;
        this.loader = loader;
        this.threads = threads;
    }

    /** The points of the shard already finished in {@code file} (none if it does not exist). */
    public List<PointResult> finished(Path file, Shard shard) {
        List<PointResult> out = new ArrayList<>();
        for (PointResult r : read(file, sweep)) {
            if (!shard.contains(r.index())) {
                throw new InputException(file.toString(), 0, "", "holds point " + r.index()
                        + ", which is not in shard " + shard.index() + "/" + shard.count());
            }
            if (!PointResult.FAILED.equals(r.status())) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Runs the shard's points not yet in {@code file}, appending each as it finishes, then rewrites the file in
     * index order. Returns every point of the shard in index order.
     */
    public List<PointResult> run(Path file, Shard shard, Listener listener) {
        TreeMap<Integer, PointResult> done = new TreeMap<>();
        for (PointResult r : finished(file, shard)) {
            done.put(r.index(), r);
        }
        List<Integer> todo = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < sweep.size(); i++) {
            if (shard.contains(i)) {
                total++;
                if (!done.containsKey(i)) {
                    todo.add(i);
                }
            }
        }
        write(file, new ArrayList<>(done.values()));   // drops failed points and a line cut by an interruption
        int shardTotal = total;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sweep-" + sweep.name());
            t.setDaemon(true);
            return t;
        });
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            List<Future<PointResult>> futures = new ArrayList<>();
            int[] count = {done.size()};
            for (int index : todo) {
                futures.add(pool.submit(() -> {
                    PointResult r = runPoint(sweep.point(index));
                    synchronized (out) {
                        out.write(r.toJsonLine());
                        out.write('\n');
                        out.flush();
                        count[0]++;
                        if (listener != null) {
                            listener.finished(r, count[0], shardTotal);
                        }
                    }
                    return r;
                }));
            }
            for (Future<PointResult> f : futures) {
                PointResult r = f.get();
                done.put(r.index(), r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("sweep point failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<PointResult> all = new ArrayList<>(done.values());
        write(file, all);
        return all;
    }

    /** Loads and simulates one point; a loader rejection is an infeasible point, a run failure a failed one. */
    PointResult runPoint(Sweep.Point p) {
        StringBuilder reason = new StringBuilder();
        Optional<Scenario> s = sweep.tryLoad(p, loader, reason);
        if (s.isEmpty()) {
            return PointResult.infeasible(p, PointResult.INFEASIBLE, reason.toString());
        }
        String programProblem = programProblem(s.get());
        if (!programProblem.isEmpty()) {
            return PointResult.infeasible(p, PointResult.INFEASIBLE, programProblem);
        }
        try {
            RunResult r = new ScenarioRunner().run(s.get());
            return PointResult.of(p, s.get(), r);
        } catch (InputException e) {
            return PointResult.infeasible(p, PointResult.INFEASIBLE, Sweep.reasonOf(e));
        } catch (RuntimeException e) {
            return PointResult.infeasible(p, PointResult.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Why the partitioned program of a pass cannot be built, or empty. The scenario loader checks that layouts
     * divide the mesh and that the model fits; a few shapes pass those checks but not the program builder's (e.g.
     * batch-sharded attention at batch 1 on 256 chips: the all-to-all does not split over the chips), so the sweep
     * checks the first pass of each phase here and records such a point as infeasible rather than failed.
     */
    static String programProblem(Scenario s) {
        if (!(s.workload() instanceof Workload.Batch w)) {
            return "";
        }
        var model = s.model().orElseThrow();
        MeshSplit mesh = MeshSplit.of(s.system().slice().shape());
        List<String> problems = new ArrayList<>();
        if (w.inputTokens() > 0) {
            Feasibility f = ProgramBuilder.check(model, mesh, w.prefillLayout(),
                    StepShape.prefill(w.batch(), w.inputTokens(), w.cachedTokens()));
            if (!f.feasible()) {
                problems.add("prefill program (" + w.prefillLayout() + "): " + f.explain());
            }
        }
        if (w.outputTokens() > 0) {
            Feasibility f = ProgramBuilder.check(model, mesh, w.decodeLayout(),
                    StepShape.decode(w.batch(), w.cachedTokens() + w.inputTokens() + 1));
            if (!f.feasible()) {
                problems.add("decode program (" + w.decodeLayout() + "): " + f.explain());
            }
        }
        return String.join("; ", problems);
    }

    /**
     * Merges shard files into the points of the whole sweep, in index order. Every point must appear exactly once
     * (a missing or duplicated point is an input error naming it).
     */
    public static List<PointResult> merge(Sweep sweep, List<Path> shardFiles) {
        TreeMap<Integer, PointResult> all = new TreeMap<>();
        for (Path f : shardFiles) {
            for (PointResult r : read(f, sweep)) {
                if (all.put(r.index(), r) != null) {
                    throw new InputException(f.toString(), 0, "", "point " + r.index()
                            + " is also in another shard file (expected each point exactly once)");
                }
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < sweep.size() && missing.size() < 10; i++) {
            if (!all.containsKey(i)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            throw new InputException(sweep.source(), 0, "", "cannot merge: points " + missing
                    + (missing.size() == 10 ? " and maybe more" : "") + " are in none of the shard files "
                    + shardFiles + " (run the missing shards, then merge)");
        }
        return new ArrayList<>(all.values());
    }

    /**
     * Reads a points file of {@code sweep}; a line that does not parse at the end of the file (cut by an
     * interruption) is ignored, anywhere else it is an error, as is a point that belongs to another sweep.
     */
    public static List<PointResult> read(Path file, Sweep sweep) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file.toString(), 0, "", "cannot read: " + e.getMessage(), e);
        }
        List<PointResult> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            PointResult r;
            try {
                r = PointResult.fromJsonLine(lines.get(i));
            } catch (IllegalArgumentException e) {
                if (i == lines.size() - 1) {
                    break;
                }
                throw new InputException(file.toString(), i + 1, "", e.getMessage());
            }
            if (r.index() < 0 || r.index() >= sweep.size() || !r.label().equals(sweep.point(r.index()).label())) {
                throw new InputException(file.toString(), i + 1, "", "point '" + r.label()
                        + "' is not a point of sweep " + sweep.source() + " (a points file of another sweep? "
                        + "use another --out or delete the file)");
            }
            out.add(r);
        }
        out.sort(Comparator.comparingInt(PointResult::index));
        return out;
    }

    /** Writes points in index order, replacing the file atomically. */
    public static void write(Path file, List<PointResult> points) {
        List<PointResult> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingInt(PointResult::index));
        StringBuilder b = new StringBuilder();
        for (PointResult r : sorted) {
            b.append(r.toJsonLine()).append('\n');
        }
        AtomicFiles.write(file, b);
    }
}
