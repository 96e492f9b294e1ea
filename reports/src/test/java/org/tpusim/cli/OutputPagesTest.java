package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages that tie an output folder together: index.html lists every result folder tpusim wrote there (not only
 * the last run's), newest first; validate --reports and sweep --reports write per-point reports, linked from
 * validation.html and pareto.html, and leave the default outputs unchanged.
 */
class OutputPagesTest {
    private static final String TINY_SWEEP = """
            name: tiny
            system: {chip: tpu-v4, topology: 2x2x1}
            model: {preset: palm-8b, weights: bf16}
            layout: auto
            workload: {kind: batch, batch: 4, input_tokens: 16, cached_tokens: 128, output_tokens: 1}
            sweep:
              workload.batch: [1, 8]
            """;

    @TempDir
    Path tmp;

    private Path write(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    private static void ok(String... args) {
        RunCommandTest.Outcome o = RunCommandTest.tpusim(args);
        assertEquals(0, o.code(), o.err());
    }

    @Test
    void theIndexListsEveryRunNewestFirst_andNoForeignFolder() throws IOException {
        Path out = tmp.resolve("out");
        ok("run", write("a.yaml", CompareCommandTest.COLLECTIVE.formatted("first", "")).toString(), "--out",
                out.toString());
        ok("run", write("b.yaml", CompareCommandTest.BATCH.formatted("second", 4)).toString(), "--out",
                out.toString());
        // a folder tpusim did not write, even one that looks like a result, is not listed
        Files.createDirectories(out.resolve("foreign"));
        Files.copy(out.resolve("first/results.json"), out.resolve("foreign/results.json"));
        ok("run", write("c.yaml", CompareCommandTest.COLLECTIVE.formatted("third", "")).toString(), "--out",
                out.toString());
        String index = Files.readString(out.resolve("index.html"));
        assertTrue(index.contains("href=\"first/report.html\"") && index.contains("href=\"second/report.html\"")
                && index.contains("href=\"third/report.html\""), index);
        assertFalse(index.contains("foreign"), "not written by tpusim: not listed");
        assertTrue(index.contains("Batch runs") && index.contains("Collectives"), index);
        assertTrue(index.contains("decode per token") && index.contains("MFU total"), "the batch figures");
        // newest first by results.json's time, ties by name: set the times to make the order certain
        Files.setLastModifiedTime(out.resolve("first/results.json"), FileTime.fromMillis(3_000_000));
        Files.setLastModifiedTime(out.resolve("third/results.json"), FileTime.fromMillis(1_000_000));
        ok("run", write("b.yaml", CompareCommandTest.BATCH.formatted("second", 4)).toString(), "--out",
                out.toString());
        index = Files.readString(out.resolve("index.html"));
        assertTrue(index.indexOf("first/report.html") < index.indexOf("third/report.html"), index);
        Files.setLastModifiedTime(out.resolve("third/results.json"), FileTime.fromMillis(3_000_000));
        ok("run", write("b.yaml", CompareCommandTest.BATCH.formatted("second", 4)).toString(), "--out",
                out.toString());
        String tie = Files.readString(out.resolve("index.html"));
        assertTrue(tie.indexOf("first/report.html") < tie.indexOf("third/report.html"), "a tie goes by name");
    }

    @Test
    void sweepReports_areLinkedFromParetoAndIndex_andPointsStayByteIdentical() throws IOException {
        Path file = write("tiny.yaml", TINY_SWEEP);
        Path plain = tmp.resolve("plain");
        Path with = tmp.resolve("with");
        ok("sweep", file.toString(), "--out", plain.toString(), "--threads", "1");
        ok("sweep", file.toString(), "--out", with.toString(), "--threads", "2", "--reports");
        assertEquals(Files.readString(plain.resolve("tiny/points.jsonl")),
                Files.readString(with.resolve("tiny/points.jsonl")), "--reports leaves points.jsonl as it is");
        assertEquals(Files.readString(plain.resolve("tiny/pareto.csv")), Files.readString(with.resolve("tiny/pareto.csv")));
        assertFalse(Files.exists(plain.resolve("tiny.point0")));
        assertTrue(Files.isRegularFile(with.resolve("tiny.point0/report.html")));
        assertTrue(Files.isRegularFile(with.resolve("tiny.point1/results.json")));
        String pareto = Files.readString(with.resolve("tiny/pareto.html"));
        assertTrue(pareto.contains("<a href=\"../tiny.point0/report.html\">#0</a>")
                || pareto.contains("<a href=\"../tiny.point1/report.html\">#1</a>"), pareto);
        assertFalse(Files.readString(plain.resolve("tiny/pareto.html")).contains("report.html"));
        String index = Files.readString(with.resolve("index.html"));
        assertTrue(index.contains("href=\"tiny/pareto.html\"") && index.contains("2 point reports"), index);
        assertFalse(index.contains("tiny.point0/report.html"), "point reports are reached from pareto.html");
        assertTrue(Files.readString(plain.resolve("index.html")).contains("href=\"tiny/pareto.html\""));
    }

    @Test
    void validateReports_areLinkedFromValidationHtml_andTheCsvStaysByteIdentical() throws IOException {
        write("paper/tiny-ref.yaml", CompareCommandTest.BATCH.formatted("tiny-ref", 4));
        Path plain = tmp.resolve("plain");
        Path with = tmp.resolve("with");
        String dir = tmp.resolve("paper").toString();
        ok("validate", "--scenarios", dir, "--out", plain.toString(), "--threads", "1");
        ok("validate", "--scenarios", dir, "--out", with.toString(), "--threads", "1", "--reports");
        assertEquals(Files.readString(plain.resolve("validation/validation.csv")),
                Files.readString(with.resolve("validation/validation.csv")));
        assertFalse(Files.exists(plain.resolve("tiny-ref")));
        assertTrue(Files.isRegularFile(with.resolve("tiny-ref/report.html")));
        assertTrue(Files.readString(with.resolve("validation/validation.html"))
                .contains("<a href=\"../tiny-ref/report.html\">tiny-ref</a>"));
        assertFalse(Files.readString(plain.resolve("validation/validation.html")).contains("report.html"));
        String index = Files.readString(with.resolve("index.html"));
        assertTrue(index.contains("href=\"validation/validation.html\"")
                && index.contains("href=\"tiny-ref/report.html\""), index);
    }
}
