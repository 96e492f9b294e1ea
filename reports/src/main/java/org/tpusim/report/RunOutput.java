package org.tpusim.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.tpusim.result.RunResult;
import org.tpusim.trace.ChromeTrace;
import org.tpusim.trace.TraceRecorder;

/**
 * Writes a run's files so that nothing half-written ever looks like a result: each scenario's folder is
 * assembled under a hidden temporary name and renamed into place only when complete; index.html is
 * replaced atomically.
 */
public final class RunOutput {
    private final Path outDir;

    public RunOutput(Path outDir) {
        this.outDir = outDir;
    }

    public Path outDir() {
        return outDir;
    }

    /** Writes {@code <out>/<name>/results.json} and {@code report.html}; returns the folder. */
    public Path writeScenario(RunResult r) {
        return writeScenario(r, null);
    }

    /** As {@link #writeScenario(RunResult)}, with {@code trace.json} when {@code trace} is not null. */
    public Path writeScenario(RunResult r, TraceRecorder trace) {
        String name = r.scenario().name();
        Path target = outDir.resolve(name);
        Path tmp = null;
        try {
            Files.createDirectories(outDir);
            tmp = Files.createTempDirectory(outDir, "." + name + ".tmp-");
            write(tmp.resolve("results.json"), ResultsJson.write(r));
            write(tmp.resolve("report.html"), HtmlReport.render(r));
            if (r.result() instanceof org.tpusim.result.TraceResult t) {
                write(tmp.resolve("requests.csv"), RequestsCsv.write(t));
            }
            if (trace != null) {
                try (BufferedWriter w = Files.newBufferedWriter(tmp.resolve("trace.json"), StandardCharsets.UTF_8)) {
                    ChromeTrace.write(trace, w);
                }
            }
            if (Files.exists(target)) {
                deleteTree(target);
            }
            move(tmp, target);
            tmp = null;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    /** Writes {@code <out>/index.html} over the given results. */
    public Path writeIndex(List<RunResult> results) {
        Path index = outDir.resolve("index.html");
        try {
            Files.createDirectories(outDir);
            Path tmp = Files.createTempFile(outDir, ".index.", ".tmp");
            try {
                write(tmp, IndexPage.render(results));
                move(tmp, index);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + index + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteQuietly(Path root) {
        try {
            deleteTree(root);
        } catch (IOException ignored) {
            // best effort: a leftover hidden temporary folder is not mistaken for a result
        }
    }
}
