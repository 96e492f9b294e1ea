package org.tpusim.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;
import org.tpusim.result.ScenarioEcho;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.scenario.Workload;
import org.tpusim.workload.Request;

/**
 * The region of configurations the calibration covers, computed from the paper's reference scenarios
 * ({@code scenarios/paper/*.yaml}, on the classpath under {@code org/tpusim/paper/}): the range of chips, model
 * size (nominal parameters), batch and context, and the sets of chip types, weight dtypes and per-phase layouts
 * of the points the TPU v4 parameters were fitted on (docs/calibration.md). A result outside it is an
 * extrapolation: every batch, trace and sweep result says so ({@link #check}).
 *
 * @param chipTypes   chip catalog names of the reference points
 * @param chips       [min, max] chips in the slice
 * @param modelParams [min, max] nominal model parameters
 * @param batch       [min, max] sequences per batch
 * @param context     [min, max] longest context of a point (cached + input + output tokens)
 * @param weights     weight dtypes
 * @param layouts     per-phase layouts, e.g. {@code prefill wg-xyz/batch}, {@code decode ws-2d/batch}
 * @param points      reference scenarios the region is computed from
 */
public record CalibrationRegion(List<String> chipTypes, List<Long> chips, List<Long> modelParams, List<Long> batch,
                                List<Long> context, List<String> weights, List<String> layouts, int points) {

    /**
     * Whether one configuration lies in the region.
     *
     * @param inside  true when no dimension is outside
     * @param outside one entry per dimension outside, e.g. {@code chips 512 > 256}
     * @param region  the region checked against
     */
    public record Check(boolean inside, List<String> outside, CalibrationRegion region) {
        /** One line for a console or a report. */
        public String summary() {
            return inside ? "inside the calibrated region (" + region.points() + " paper points)"
                    : "OUTSIDE the calibrated region: " + String.join("; ", outside);
        }
    }

    private static volatile CalibrationRegion bundled;

    /** The region of the paper scenarios bundled with tpusim (computed once). */
    public static CalibrationRegion bundled() {
        CalibrationRegion r = bundled;
        if (r == null) {
            synchronized (CalibrationRegion.class) {
                if (bundled == null) {
                    bundled = of(bundledPaperScenarios());
                }
                r = bundled;
            }
        }
        return r;
    }

    /** The region covered by these reference scenarios (batch workloads; others are ignored). */
    public static CalibrationRegion of(List<Scenario> references) {
        TreeSet<String> chipTypes = new TreeSet<>();
        TreeSet<String> weights = new TreeSet<>();
        TreeSet<String> layouts = new TreeSet<>();
        long[] chips = {Long.MAX_VALUE, Long.MIN_VALUE};
        long[] params = {Long.MAX_VALUE, Long.MIN_VALUE};
        long[] batch = {Long.MAX_VALUE, Long.MIN_VALUE};
        long[] context = {Long.MAX_VALUE, Long.MIN_VALUE};
        int n = 0;
        for (Scenario s : references) {
            if (!(s.workload() instanceof Workload.Batch w) || s.model().isEmpty()) {
                continue;
            }
            n++;
            chipTypes.add(s.system().chip().name());
            ModelConfig m = s.model().get();
            weights.add(m.weights().key());
            widen(chips, s.system().slice().chipCount());
            widen(params, m.model().nominalParams());
            widen(batch, w.batch());
            widen(context, w.cachedTokens() + w.inputTokens() + w.outputTokens());
            layouts.addAll(layoutsOf(w));
        }
        if (n == 0) {
            throw new IllegalArgumentException("no batch reference scenarios to compute the calibrated region from");
        }
        return new CalibrationRegion(List.copyOf(chipTypes), List.of(chips[0], chips[1]), List.of(params[0], params[1]),
                List.of(batch[0], batch[1]), List.of(context[0], context[1]), List.copyOf(weights), List.copyOf(layouts), n);
    }

    /** The check of a scenario's configuration; null for workloads the calibration does not speak to. */
    public Check check(ScenarioEcho s) {
        if (s.model() == null) {
            return null;
        }
        if (s.workload() instanceof Workload.Batch w) {
            return check(s.system().chip(), s.system().chips(), s.model(), w.batch(),
                    w.cachedTokens() + w.inputTokens() + w.outputTokens(), layoutsOf(w));
        }
        if (s.workload() instanceof Workload.Trace t) {
            long longest = 0;
            for (Request r : t.requests().requests()) {
                longest = Math.max(longest, r.cachedTokens() + r.inputTokens() + r.outputTokens());
            }
            List<String> asked = new ArrayList<>();
            Workload.RequestedLayouts l = t.layout();
            if (l.prefillFfn() != null && l.prefillAttention() != null) {
                asked.add("prefill " + l.prefillFfn().key() + "/" + l.prefillAttention().key());
            }
            if (l.decodeFfn() != null && l.decodeAttention() != null) {
                asked.add("decode " + l.decodeFfn().key() + "/" + l.decodeAttention().key());
            }
            return check(s.system().chip(), s.system().chips(), s.model(), t.batching().maxBatch(), longest, asked);
        }
        return null;
    }

    /** The check of one configuration (a layout list entry is {@code <phase> <ffn>/<attention>}). */
    public Check check(String chipType, long chipCount, ModelConfig model, long batchSize, long contextTokens,
                       List<String> phaseLayouts) {
        List<String> out = new ArrayList<>();
        if (!chipTypes.contains(chipType)) {
            out.add("chip " + chipType + " not in " + chipTypes);
        }
        range(out, "chips", chipCount, chips, Long::toString);
        range(out, "model size", model.model().nominalParams(), modelParams, CalibrationRegion::params);
        range(out, "batch", batchSize, batch, Long::toString);
        range(out, "context", contextTokens, context, v -> v + " tokens");
        if (!weights.contains(model.weights().key())) {
            out.add("weights " + model.weights().key() + " not in " + weights);
        }
        // every calibration point multiplies in bf16 and caches K/V in bf16 (Pope et al. 2022)
        if (model.activations() != DType.BF16) {
            out.add("activations " + model.activations().key() + " not in [bf16]");
        }
        if (model.kvCache() != DType.BF16) {
            out.add("KV cache " + model.kvCache().key() + " not in [bf16]");
        }
        // every calibration point is a dense model attending to its whole context (PaLM, MT-NLG)
        if (model.moe().isPresent()) {
            out.add("mixture of experts (no MoE calibration point)");
        }
        if (model.hasSlidingWindow()) {
            out.add("sliding-window attention (no calibration point has one)");
        }
        for (String l : phaseLayouts) {
            if (!layouts.contains(l)) {
                out.add("layout " + l + " not calibrated");
            }
        }
        return new Check(out.isEmpty(), List.copyOf(out), this);
    }

    private static void range(List<String> out, String what, long v, List<Long> minMax,
                              java.util.function.LongFunction<String> fmt) {
        if (v < minMax.get(0)) {
            out.add(what + " " + fmt.apply(v) + " < " + fmt.apply(minMax.get(0)));
        } else if (v > minMax.get(1)) {
            out.add(what + " " + fmt.apply(v) + " > " + fmt.apply(minMax.get(1)));
        }
    }

    private static String params(long n) {
        return String.format(Locale.ROOT, "%.3gB", n / 1e9);
    }

    private static List<String> layoutsOf(Workload.Batch w) {
        List<String> l = new ArrayList<>();
        if (w.inputTokens() > 0) {
            l.add("prefill " + w.prefillLayout().ffn().key() + "/" + w.prefillLayout().attention().key());
        }
        if (w.outputTokens() > 0) {
            l.add("decode " + w.decodeLayout().ffn().key() + "/" + w.decodeLayout().attention().key());
        }
        return l;
    }

    private static void widen(long[] minMax, long v) {
        minMax[0] = Math.min(minMax[0], v);
        minMax[1] = Math.max(minMax[1], v);
    }

    /** The paper scenarios on the classpath ({@code org/tpusim/paper/*.yaml}, copied from scenarios/paper by the build). */
    static List<Scenario> bundledPaperScenarios() {
        URL anchor = CalibrationRegion.class.getResource("/org/tpusim/paper/table1.csv");
        if (anchor == null) {
            throw new IllegalStateException("the paper scenarios are not on the classpath (org/tpusim/paper/)");
        }
        ScenarioLoader loader = ScenarioLoader.withBundledCatalog();
        try {
            URI uri = anchor.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return load(loader, fs.provider().getPath(uri).getParent());
                } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                    return load(loader, FileSystems.getFileSystem(uri).provider().getPath(uri).getParent());
                }
            }
            return load(loader, Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot list the bundled paper scenarios: " + e.getMessage(), e);
        }
    }

    private static List<Scenario> load(ScenarioLoader loader, Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        List<Scenario> out = new ArrayList<>();
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                out.add(loader.parse(f.getFileName().toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
