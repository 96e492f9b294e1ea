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
import java.util.function.BiConsumer;
import org.tpusim.input.InfeasibleException;
import org.tpusim.input.InputException;
import org.tpusim.output.AtomicFiles;
import org.tpusim.result.RunResult;
import org.tpusim.run.ScenarioBatch;
import org.tpusim.run.ScenarioRunner;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;

/**
 * Runs the points of a sweep (or of one shard of it) on a {@link ScenarioBatch} of threads, each point a simulation
 * of its own engine. Every finished point is appended at once to the points file as one JSON line, so an interrupted
 * sweep loses only the points in flight: run again, the points already in the file are kept and skipped
 * (resume), failed points are retried. At the end the file is rewritten in index order, so its bytes depend
 * only on the sweep and the shard, not on thread timing.
 */
public final class SweepRun {
    private final Sweep sweep;
    private final ScenarioLoader loader;
    private final int threads;
    private BiConsumer<Sweep.Point, RunResult> onSimulated;

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

    /**
     * Hands every point simulated from now on, with its whole result, to {@code consumer} (on the worker thread that
     * ran it; e.g. to write the point's report). A failure there fails the sweep run, not the point: the points file
     * does not depend on it.
     */
    public SweepRun onSimulated(BiConsumer<Sweep.Point, RunResult> consumer) {
        this.onSimulated = consumer;
        return this;
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
        int resumed = done.size();
        ScenarioBatch<Integer, PointResult> batch = new ScenarioBatch<>(threads, "sweep-" + sweep.name(),
                index -> "sweep point " + sweep.point(index).label());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            List<PointResult> ran = batch.run(todo, index -> runPoint(sweep.point(index)),
                    new ScenarioBatch.Listener<>() {
                        @Override
                        public void finished(int i, Integer index, PointResult r, int count, int of) {
                            try {
                                out.write(r.toJsonLine());
                                out.write('\n');
                                out.flush();
                            } catch (IOException e) {
                                throw new UncheckedIOException("cannot write " + file, e);
                            }
                            if (listener != null) {
                                listener.finished(r, resumed + count, shardTotal);
                            }
                        }
                    });
            for (PointResult r : ran) {
                done.put(r.index(), r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        List<PointResult> all = new ArrayList<>(done.values());
        write(file, all);
        return all;
    }

    /**
     * Loads and simulates one point: an infeasible point (the loader's {@link org.tpusim.input.InfeasibleException},
     * which covers every layout and program check) is recorded with the reason, a run failure as failed.
     */
    PointResult runPoint(Sweep.Point p) {
        StringBuilder reason = new StringBuilder();
        Optional<Scenario> s;
        try {
            s = sweep.tryLoad(p, loader, reason);
        } catch (RuntimeException e) {
            return PointResult.failed(p, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (s.isEmpty()) {
            return PointResult.infeasible(p, reason.toString());
        }
        RunResult r;
        PointResult point;
        try {
            r = new ScenarioRunner().run(s.get());
            point = PointResult.of(p, s.get(), r);
        } catch (InfeasibleException e) {
            return PointResult.infeasible(p, Sweep.reasonOf(e));
        } catch (RuntimeException e) {
            return PointResult.failed(p, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (onSimulated != null) {
            onSimulated.accept(p, r);
        }
        return point;
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
