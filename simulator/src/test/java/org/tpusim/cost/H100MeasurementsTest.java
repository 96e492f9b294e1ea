package org.tpusim.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.tpusim.scenario.ChipCatalog;

/**
 * Validation tier: the chip cost model with the catalog's {@code h100} parameters against real H100
 * kernel timings (test resources {@code measured-h100/}, run 1 and {@code run2/}). Parameters come from
 * the data sheet, physical reasoning and a few documented whole-set fits (see chips.yaml), never one per
 * shape. Every shape must lie within 20% of the nearer run's median ({@link Residual}); the mean error is
 * held too, so a drift that keeps every shape inside the band still fails. Residual tables are written to
 * {@code target/cost-validation/}.
 */
class H100MeasurementsTest {
    private static final double TOLERANCE = 0.20;
    private static final Path OUT = Path.of("target", "cost-validation");

    private final ChipCostModel h100 = new ChipCostModel(ChipCatalog.bundled().find("h100").orElseThrow());

    @Test
    void gemmTimes_allShapes_withinTwentyPercentOfMeasured(TestReporter reporter) {
        // gemm_bf16.csv times torch.mm queued back to back on the GPU: kernel time plus the gap to the next
        // kernel, no host gaps, cold L2 -- the semantics of one OpDemand's total time.
        List<Residual> rs = compare("gemm_bf16.csv", "time_us", row -> {
            OpDemand op = OpDemand.matmul("gemm", row.whole("m"), row.whole("k"), row.whole("n"), 2, 2);
            return new Prediction(h100.time(op).totalNs() / 1e3, h100.time(op).bound().name());
        }, row -> row.text("m") + " x " + row.text("k") + " x " + row.text("n"));
        assertEquals(105, rs.size());
        check("gemm", rs, 0.06, reporter);
    }

    @Test
    void decoderLayerTimes_allRows_withinTwentyPercentOfMeasured(TestReporter reporter) {
        // time_gpu_queued_us: the layer's kernels queued behind a spin kernel, so the GPU runs them back to
        // back with no host gaps -- the same semantics as the GEMM table and as summing per-op times, for
        // decode and prefill alike. time_graph_us (decode only) also drops part of each launch gap, which
        // the fixed costs (taken from queued measurements) include; eager time_us adds host overhead.
        List<Residual> rs = compare("decoder_layer.csv", "time_gpu_queued_us", row -> {
            List<OpDemand> ops = MeasuredDecoderLayer.of(row);
            return new Prediction(h100.serialNs(ops) / 1e3, dominantBound(ops));
        }, row -> row.text("model") + " " + row.text("mode") + " b=" + row.text("b") + " l/ctx="
                + row.text("l_or_ctx"));
        assertEquals(26, rs.size());
        check("decoder_layer", rs, 0.10, reporter);
    }

    @Test
    void decodeAttentionTimes_allRows_withinTwentyPercentOfMeasured(TestReporter reporter) {
        // time_us: PyTorch's default SDPA (cuDNN), the call the decoder layer uses, queued like the GEMMs.
        List<Residual> rs = compare("mqa_decode_attention.csv", "time_us", row -> {
            OpDemand op = OpDemand.attentionOverCache("attention", row.whole("b"), 1, row.whole("h"),
                    row.whole("s"), row.whole("d"), 2);
            return new Prediction(h100.time(op).totalNs() / 1e3, h100.time(op).bound().name());
        }, row -> "h=" + row.text("h") + " b=" + row.text("b") + " s=" + row.text("s"));
        assertEquals(48, rs.size());
        check("mqa_decode_attention", rs, 0.08, reporter);
    }

    @Test
    void hbmCopyTimes_allSizes_withinTwentyPercentOfMeasured(TestReporter reporter) {
        // a contiguous copy is an elementwise op reading and writing size bytes (cold L2: time_us)
        List<Residual> rs = compare("hbm_copy.csv", "time_us", row -> {
            OpDemand op = OpDemand.vector("copy", row.number("size_bytes"), row.number("size_bytes"));
            return new Prediction(h100.time(op).totalNs() / 1e3, h100.time(op).bound().name());
        }, row -> row.text("size_label"));
        assertEquals(4, rs.size());
        check("hbm_copy", rs, 0.12, reporter);
    }

    /** A model time for one measured row, and what bounds it. */
    private record Prediction(double us, String bound) {
    }

    private static List<Residual> compare(String file, String column, Function<MeasuredTable.Row, Prediction> model,
                                          Function<MeasuredTable.Row, String> shape) {
        List<MeasuredTable.Row> run1 = MeasuredTable.read("measured-h100/" + file).rows();
        List<MeasuredTable.Row> run2 = MeasuredTable.read("measured-h100/run2/" + file).rows();
        assertEquals(run1.size(), run2.size(), file + ": runs differ in length");
        List<Residual> out = new ArrayList<>();
        for (int i = 0; i < run1.size(); i++) {
            MeasuredTable.Row r1 = run1.get(i);
            assertEquals(shape.apply(r1), shape.apply(run2.get(i)), file + ": runs list shapes in different orders");
            Prediction p = model.apply(r1);
            out.add(new Residual(file, shape.apply(r1), p.us(), r1.number(column), run2.get(i).number(column),
                    p.bound()));
        }
        return out;
    }

    /** The bound that accounts for most of a serial op list's time (e.g. "MEMORY 81%"). */
    private String dominantBound(List<OpDemand> ops) {
        Map<Bound, Double> byBound = new EnumMap<>(Bound.class);
        double total = 0;
        for (OpDemand op : ops) {
            OpTime t = h100.time(op);
            byBound.merge(t.bound(), t.totalNs(), Double::sum);
            total += t.totalNs();
        }
        Map.Entry<Bound, Double> top = byBound.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        return String.format(Locale.ROOT, "%s %.0f%%", top.getKey(), 100 * top.getValue() / total);
    }

    private static void check(String name, List<Residual> rs, double meanLimit, TestReporter reporter) {
        double max = rs.stream().mapToDouble(r -> Math.abs(r.error())).max().orElseThrow();
        double mean = rs.stream().mapToDouble(r -> Math.abs(r.error())).average().orElseThrow();
        Path file = write(name, rs, max, mean);
        String summary = String.format(Locale.ROOT, "h100 %s: %d shapes, max |error| %.1f%%, mean |error| %.1f%% (%s)",
                name, rs.size(), 100 * max, 100 * mean, file);
        reporter.publishEntry("h100-" + name, summary);
        System.out.println(summary);
        List<Residual> outside = rs.stream().filter(r -> Math.abs(r.error()) > TOLERANCE).collect(Collectors.toList());
        assertTrue(outside.isEmpty(), name + ": outside +-20% of the nearer run: " + outside);
        assertTrue(mean <= meanLimit, String.format(Locale.ROOT, "%s: mean |error| %.3f above %.2f", name, mean,
                meanLimit));
    }

    private static Path write(String name, List<Residual> rs, double max, double mean) {
        StringBuilder sb = new StringBuilder();
        sb.append("# h100 ").append(name).append(": chip cost model vs measured\n\n");
        sb.append(String.format(Locale.ROOT, "max |error| %.1f%%, mean |error| %.1f%%, %d shapes. Error = predicted / "
                + "nearer run's median - 1.%n%n", 100 * max, 100 * mean, rs.size()));
        sb.append("| shape | predicted us | run 1 us | run 2 us | run spread | error | bound |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Residual r : rs) {
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f%% | %+.1f%% | %s |%n", r.shape(),
                    r.predictedUs(), r.run1Us(), r.run2Us(), 100 * r.spread(), 100 * r.error(), r.bound()));
        }
        sb.append("\nWorst five:\n\n");
        rs.stream().sorted(Comparator.comparingDouble((Residual r) -> -Math.abs(r.error()))).limit(5)
                .forEach(r -> sb.append(String.format(Locale.ROOT, "- %s: %+.1f%% (%s)%n", r.shape(),
                        100 * r.error(), r.bound())));
        try {
            Files.createDirectories(OUT);
            Path file = OUT.resolve("h100-" + name + ".md");
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
