package org.tpusim.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tpusim.collective.Collective;
import org.tpusim.collective.CollectiveAlgorithm;
import org.tpusim.collective.CollectiveCosts;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.collective.CollectiveSpec;
import org.tpusim.collective.MultiAxis;
import org.tpusim.engine.Engine;
import org.tpusim.engine.EngineBenchmark;
import org.tpusim.engine.RunStats;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.interconnect.NetworkModel;
import org.tpusim.interconnect.PointToPointTransfer;
import org.tpusim.result.BatchResult;
import org.tpusim.result.RunResult;
import org.tpusim.run.ScenarioRunner;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.topology.ChipCoord;
import org.tpusim.topology.MeshAxes;
import org.tpusim.topology.Slice;
import org.tpusim.topology.SliceShape;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tpusim bench}: wall time and events per second of the engine, the link model and collectives at
 * scale (all-to-all over 8x8x8 with 1 MiB per chip; all-gather over 16x16x16 with 64 MiB per chip), each
 * as a share of DSOL's raw event rate measured in the same run, with peak heap use.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure simulation throughput (events/s, wall time). Prints figures; asserts nothing.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "2000000", description = "events for the raw engine loop (default: ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--repeat", defaultValue = "3", description = "repetitions of each measurement; the best is kept (default: ${DEFAULT-VALUE})")
    int repeat;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private double dsolDefault;

    @Option(names = "--serving-only", description = "run only the serving benchmark (100,000 requests, chunked "
            + "prefill and paged KV, PaLM 540B on 4x4x4)")
    boolean servingOnly;

    @Option(names = "--serving-requests", defaultValue = "100000",
            description = "requests of the serving benchmark (default: ${DEFAULT-VALUE})")
    int servingRequests;

    private void serving(PrintWriter out) {
        org.tpusim.run.TraceBenchmark.ServingFigures s = org.tpusim.run.TraceBenchmark.serving(servingRequests);
        org.tpusim.run.TraceBenchmark.Figures t = s.figures();
        out.printf(Locale.ROOT, "%-26s %,11d requests %7.3f s wall  %,d events  (%d pass shapes, %d of them mixed,"
                        + " simulated in %.2f s; %,d mixed passes; %d preemptions; %.0f s served)%n",
                "serving/chunked-paged", t.requests(), t.wallS(), s.events(), t.shapesSimulated(), s.mixedShapes(),
                t.passWallS(), s.mixedPasses(), s.preemptions(), t.simulatedDurationS());
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("tpusim bench (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ")");
        if (servingOnly) {
            out.println("load average: " + loadAverage());
            serving(out);
            out.flush();
            return 0;
        }
        EngineBenchmark.Result best = null;
        for (int i = 0; i < repeat; i++) {
            EngineBenchmark.Result r = EngineBenchmark.measure(events);
            if (best == null || r.engineEventsPerSec() > best.engineEventsPerSec()) {
                best = r;
            }
        }
        out.printf(Locale.ROOT, "%-26s %,11d events  %7.3f s wall  %5.2f M events/s (DSOL's default event list: %.2f M/s;"
                        + " plain PriorityQueue loop: %.2f M/s)%n",
                "engine/raw",
                best.events(), best.engineWallNanos() / 1e9, best.engineEventsPerSec() / 1e6,
                best.dsolDefaultEventsPerSec() / 1e6, best.plainQueueEventsPerSec() / 1e6);
        double raw = best.engineEventsPerSec();
        dsolDefault = best.dsolDefaultEventsPerSec();
        out.println("load average: " + loadAverage());
        loops(out, "loops/tokens-" + events / 1000 + "k", () -> EngineBenchmark.tokens(events));
        Slice a2aSlice = Slice.of(SliceShape.of(8, 8, 8));
        loops(out, "loops/a2a-8x8x8-chunk", () -> collectiveModel(a2aSlice, CollectiveKind.ALL_TO_ALL, 1L << 20,
                MultiAxis.CONCURRENT, NetworkModel.CHUNK));
        loops(out, "loops/ag-flat-8x8x8-chunk", () -> collectiveModel(a2aSlice, CollectiveKind.ALL_GATHER, 1L << 20,
                MultiAxis.FLAT_RING, NetworkModel.CHUNK));
        growth(out);
        segmentGrowth(out);
        transfer(out, "transfer/1GiB-4KiB", SliceShape.of(8, 8, 8), 1L << 30, 4096, raw);
        collective(out, "a2a/xyz-8x8x8-1MiB-chunk", SliceShape.of(8, 8, 8), CollectiveKind.ALL_TO_ALL, 1L << 20, raw,
                NetworkModel.CHUNK);
        collective(out, "a2a/xyz-8x8x8-1MiB-sym", SliceShape.of(8, 8, 8), CollectiveKind.ALL_TO_ALL, 1L << 20, raw,
                NetworkModel.SYMMETRIC);
        collective(out, "a2a/xyz-16x16x16-1MiB-sym", SliceShape.of(16, 16, 16), CollectiveKind.ALL_TO_ALL, 1L << 20,
                raw, NetworkModel.SYMMETRIC);
        collective(out, "a2a/xyz-16x16x16-1MiB-auto", SliceShape.of(16, 16, 16), CollectiveKind.ALL_TO_ALL, 1L << 20,
                raw, NetworkModel.AUTO);
        collective(out, "ag/xyz-16x16x16-64MiB-auto", SliceShape.of(16, 16, 16), CollectiveKind.ALL_GATHER, 64L << 20,
                raw, NetworkModel.AUTO);
        if (inference) {
            inference(out, raw);
            org.tpusim.run.TraceBenchmark.Figures t = org.tpusim.run.TraceBenchmark.run();
            out.printf(Locale.ROOT, "%-26s %,11d requests %7.3f s wall  %,.0f simulated requests per wall second"
                            + "  (%d pass shapes simulated in %.2f s; %.0f s served)%n", "trace/10k-chat-continuous",
                    t.requests(), t.wallS(), t.simulatedRequestsPerWallS(), t.shapesSimulated(), t.passWallS(),
                    t.simulatedDurationS());
            serving(out);
        }
        out.flush();
        return 0;
    }

    @Option(names = "--inference", negatable = true, defaultValue = "true",
            description = "also run the PaLM 540B inference benchmarks (default: ${DEFAULT-VALUE})")
    boolean inference;

    private static final String PALM_540B = """
            name: %s
            system: {chip: tpu-v4, topology: 4x4x4}
            simulation: {detail: %s}
            model: {preset: palm-540b, pad_heads_to: 64, weights: int8}
            layout: {prefill: {ffn: ws-2d, attention: head}, decode: {ffn: ws-2d, attention: batch}}
            workload: %s
            """;

    /** PaLM 540B on 4x4x4: full-detail passes, a 64-token decode, and the whole of Table D.2's shape. */
    private void inference(PrintWriter out, double raw) {
        ScenarioLoader loader = ScenarioLoader.withBundledCatalog();
        ScenarioRunner runner = new ScenarioRunner();
        inferenceCase(out, raw, loader, runner, "540b/prefill-1x2048-full", "full",
                "{kind: batch, batch: 1, input_tokens: 2048, output_tokens: 0}");
        inferenceCase(out, raw, loader, runner, "540b/decode-step-b64-full", "full",
                "{kind: batch, batch: 64, cached_tokens: 2047, output_tokens: 1}");
        inferenceCase(out, raw, loader, runner, "540b/decode-64tok-b64", "fast",
                "{kind: batch, batch: 64, cached_tokens: 2048, output_tokens: 64}");
        mixtral(out, raw, loader, runner);
        long wall = 0;
        long events = 0;
        int[] batches = {4, 8, 16, 32, 64, 128, 256, 512, 1024};
        for (int b : batches) {
            RunResult r = runner.run(loader.parse("bench", PALM_540B.formatted("bench-d2-" + b, "fast",
                    "{kind: batch, batch: %d, input_tokens: 20, output_tokens: 8}".formatted(b))));
            wall += (long) (r.run().wallTimeS() * 1e9);
            events += r.run().events();
        }
        out.printf(Locale.ROOT, "%-26s %,11d events  %7.3f s wall  %5.2f M events/s  (Table D.2 shape: batch 4..1024,"
                + " 20 input + 8 output tokens, %d runs)%n", "540b/table-d2", events, wall / 1e9,
                events / (wall / 1e9) / 1e6, batches.length);
        palmAtScale(out, raw, loader, runner);
        tableD2(out, loader, runner);
    }

    private static final String PALM_540B_AT = """
            name: %s
            system: {chip: tpu-v4, topology: %s}
            simulation: {detail: %s, network: %s}
            model: {preset: palm-540b, pad_heads_to: 64, weights: int8, pad_shards: true}
            layout: {prefill: {ffn: ws-2d, attention: head}, decode: {ffn: ws-2d, attention: batch}}
            workload: {kind: batch, batch: %d, cached_tokens: 2047, output_tokens: 1}
            """;

    /**
     * One PaLM 540B decode step per detail and network model: batch 512 on 8x8x8, batch 4096 on 16x16x16 (whose
     * d_model of 18432 does not split over 4,096 chips: model.pad_shards pads it; on 8x8x8 every split divides and
     * padding changes nothing).
     */
    private void palmAtScale(PrintWriter out, double raw, ScenarioLoader loader, ScenarioRunner runner) {
        String[][] cases = {{"8x8x8", "full", "auto"}, {"8x8x8", "full", "symmetric"}, {"8x8x8", "fast", "auto"},
                {"16x16x16", "fast", "auto"}};
        for (String[] c : cases) {
            int batch = c[0].equals("16x16x16") ? 4096 : 512;
            String label = "540b/decode-b" + batch + "-" + c[0] + "-" + c[1] + "-" + c[2];
            try {
                RunResult r = runner.run(loader.parse("bench", PALM_540B_AT.formatted("bench", c[0], c[1], c[2],
                        batch)));
                BatchResult b = (BatchResult) r.result();
                RunStats st = new RunStats(r.run().simulatedEndS() * 1e9, r.run().events(),
                        (long) (r.run().wallTimeS() * 1e9));
                print(out, label, st, raw, String.format(Locale.ROOT, "(decode %.3f ms/token)",
                        b.simulated().decodePerTokenMs()));
            } catch (RuntimeException e) {
                out.printf(Locale.ROOT, "%-26s not run: %s%n", label, e.getMessage());
            }
        }
    }

    /** The 18 bundled Table D.2 scenarios (scenarios/paper/tabled2-*.yaml) at fast and full detail. */
    private void tableD2(PrintWriter out, ScenarioLoader loader, ScenarioRunner runner) {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getenv().getOrDefault("TPUSIM_HOME", "."), "scenarios",
                "paper");
        List<java.nio.file.Path> files;
        try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().startsWith("tabled2-")).sorted().toList();
        } catch (java.io.IOException e) {
            out.println("table-d2 scenarios not found under " + dir + ": " + e.getMessage());
            return;
        }
        // auto is the reference's figures on one representative chip per collective (symmetric is the same here)
        String[][] cases = {{"fast", "auto"}, {"full", "auto"}};
        for (String[] c : cases) {
            String detail = c[0];
            NetworkModel network = NetworkModel.ofKey(c[1]);
            {
                long events = 0;
                long start = System.nanoTime();
                for (java.nio.file.Path f : files) {
                    Scenario s = loader.load(f);
                    Scenario t = new Scenario(s.source(), s.name(), s.description(), s.seed(), s.system(),
                            new Scenario.SimulationSettings(s.simulation().chunkBytes(), detail.equals("full"), network),
                            s.model(), s.execution(), s.workload(), s.reference());
                    events += runner.run(t).run().events();
                }
                double wall = (System.nanoTime() - start) / 1e9;
                out.printf(Locale.ROOT, "%-26s %,11d events  %7.3f s wall  %5.2f M events/s  (%d scenarios)%n",
                        "tabled2/" + detail + "-" + network.key(), events, wall, events / wall / 1e6, files.size());
            }
        }
    }

    /** Mixtral 8x22B (int8) on 4x4x4, experts over x: one decode step at batch 64, full detail (the MoE benchmark). */
    private static final String MIXTRAL_8X22B = """
            name: bench-mixtral
            system: {chip: tpu-v4, topology: 4x4x4}
            simulation: {detail: full}
            model: {preset: mixtral-8x22b, weights: int8}
            layout: {decode: {ffn: ws-2d, attention: batch, experts: x}}
            workload: {kind: batch, batch: 64, cached_tokens: 2047, output_tokens: 1}
            """;

    private void mixtral(PrintWriter out, double raw, ScenarioLoader loader, ScenarioRunner runner) {
        RunResult r = runner.run(loader.parse("bench", MIXTRAL_8X22B));
        BatchResult b = (BatchResult) r.result();
        RunStats s = new RunStats(r.run().simulatedEndS() * 1e9, r.run().events(), (long) (r.run().wallTimeS() * 1e9));
        print(out, "8x22b/decode-step-b64-full", s, raw, String.format(Locale.ROOT, "(decode %.2f ms/token)",
                b.simulated().decodePerTokenMs()));
    }

    private void inferenceCase(PrintWriter out, double raw, ScenarioLoader loader, ScenarioRunner runner, String label,
                               String detail, String workload) {
        RunResult r = runner.run(loader.parse("bench", PALM_540B.formatted("bench", detail, workload)));
        BatchResult b = (BatchResult) r.result();
        RunStats s = new RunStats(r.run().simulatedEndS() * 1e9, r.run().events(), (long) (r.run().wallTimeS() * 1e9));
        print(out, label, s, raw, String.format(Locale.ROOT, "(prefill %.1f ms, decode %.2f ms/token)",
                b.simulated().prefillS() * 1e3, b.simulated().decodePerTokenMs()));
    }

    /** A collective on every group of a slice at TPU v4 link figures, default chunking. */
    private void collective(PrintWriter out, String label, SliceShape shape, CollectiveKind kind, long bytes, double raw,
                            NetworkModel network) {
        Slice slice = Slice.of(shape);
        CollectiveSpec spec = new CollectiveSpec(kind, MeshAxes.parse("xyz"), bytes, CollectiveAlgorithm.BIDIRECTIONAL_RING,
                MultiAxis.CONCURRENT, Scenario.SimulationSettings.DEFAULT_CHUNK_BYTES);
        RunStats best = null;
        long peakHeap = 0;
        for (int i = 0; i < repeat; i++) {
            Interconnect net = new Interconnect(slice, 45e9, 1000, null, network);
            Collective c = Collective.create(net, spec, new CollectiveCosts(2000, 400));
            HeapSampler heap = HeapSampler.start();
            RunStats s = Engine.run("bench-" + label, sched -> c.start(sched, t -> { }));
            peakHeap = Math.max(peakHeap, heap.stop());
            if (best == null || s.wallNanos() < best.wallNanos()) {
                best = s;
            }
        }
        print(out, label, best, raw, String.format(Locale.ROOT, "peak heap %.0f MiB", peakHeap / 1048576.0));
    }

    private void print(PrintWriter out, String label, RunStats s, double raw, String extra) {
        double rate = s.events() / (s.wallNanos() / 1e9);
        out.printf(Locale.ROOT, "%-26s %,11d events  %7.3f s wall  %5.2f M events/s = %3.0f%% of raw (%3.0f%% of DSOL default)"
                        + "  simulated %.3f ms  %s%n", label, s.events(), s.wallNanos() / 1e9, rate / 1e6, 100 * rate / raw,
                100 * rate / dsolDefault, s.endTimeNs() / 1e6, extra);
    }

    /** A collective over xyz on every group of a slice, TPU v4 link figures, as a model for any loop. */
    private static org.tpusim.engine.Model collectiveModel(Slice slice, CollectiveKind kind, long bytes, MultiAxis multi,
                                                        NetworkModel network) {
        CollectiveSpec spec = new CollectiveSpec(kind, MeshAxes.parse("xyz"), bytes,
                CollectiveAlgorithm.BIDIRECTIONAL_RING, multi, Scenario.SimulationSettings.DEFAULT_CHUNK_BYTES);
        Interconnect net = new Interconnect(slice, 45e9, 1000, null, network);
        Collective c = Collective.create(net, spec, new CollectiveCosts(2000, 400));
        return sched -> c.start(sched, t -> { });
    }

    /**
     * The same model through tpusim's engine, a plain DSOL DevsSimulator and a bare PriorityQueue loop, interleaved;
     * min and median wall time of each and the ratios of event rates (engine / loop).
     */
    private void loops(PrintWriter out, String label, java.util.function.Supplier<org.tpusim.engine.Model> model) {
        EngineBenchmark.Loops l = EngineBenchmark.interleaved(model, Math.max(3, repeat));
        long e = EngineBenchmark.Loops.min(l.engineNanos());
        long d = EngineBenchmark.Loops.min(l.dsolNanos());
        long p = EngineBenchmark.Loops.min(l.plainNanos());
        out.printf(Locale.ROOT, "%-26s %,11d events  engine %.3f/%.3f s, DSOL DevsSimulator %.3f/%.3f s, PriorityQueue"
                        + " %.3f/%.3f s (min/median of %d, interleaved)  engine rate = %.2fx PriorityQueue, %.2fx DSOL%n",
                label, l.events(), e / 1e9, EngineBenchmark.Loops.median(l.engineNanos()) / 1e9, d / 1e9,
                EngineBenchmark.Loops.median(l.dsolNanos()) / 1e9, p / 1e9,
                EngineBenchmark.Loops.median(l.plainNanos()) / 1e9, l.engineNanos().length, (double) p / e,
                (double) d / e);
    }

    /** Events of collectives over xyz on full tori of 64, 512 and 4,096 chips, and their growth exponent. */
    private void growth(PrintWriter out) {
        int[] sides = {4, 8, 16};
        record Case(String label, CollectiveKind kind, long bytes, MultiAxis multi, NetworkModel network, int maxSide) {}
        List<Case> cases = List.of(
                new Case("a2a 1MiB symmetric", CollectiveKind.ALL_TO_ALL, 1L << 20, MultiAxis.CONCURRENT,
                        NetworkModel.SYMMETRIC, 16),
                new Case("a2a 1MiB chunk", CollectiveKind.ALL_TO_ALL, 1L << 20, MultiAxis.CONCURRENT,
                        NetworkModel.CHUNK, 8),
                new Case("ag 1MiB flat-ring auto", CollectiveKind.ALL_GATHER, 1L << 20, MultiAxis.FLAT_RING,
                        NetworkModel.AUTO, 16),
                new Case("ag 1MiB flat-ring chunk", CollectiveKind.ALL_GATHER, 1L << 20, MultiAxis.FLAT_RING,
                        NetworkModel.CHUNK, 8),
                new Case("a2a 1MiB auto", CollectiveKind.ALL_TO_ALL, 1L << 20, MultiAxis.CONCURRENT,
                        NetworkModel.AUTO, 16),
                new Case("ag 1MiB concurrent auto", CollectiveKind.ALL_GATHER, 1L << 20, MultiAxis.CONCURRENT,
                        NetworkModel.AUTO, 16),
                new Case("ag 1MiB concurrent symmetric", CollectiveKind.ALL_GATHER, 1L << 20, MultiAxis.CONCURRENT,
                        NetworkModel.SYMMETRIC, 16),
                new Case("ar 1MiB concurrent auto", CollectiveKind.ALL_REDUCE, 1L << 20, MultiAxis.CONCURRENT,
                        NetworkModel.AUTO, 16),
                new Case("ar 1MiB concurrent symmetric", CollectiveKind.ALL_REDUCE, 1L << 20, MultiAxis.CONCURRENT,
                        NetworkModel.SYMMETRIC, 16));
        for (Case c : cases) {
            StringBuilder b = new StringBuilder();
            long first = 0;
            long second = 0;
            long last = 0;
            int lastSide = 0;
            for (int side : sides) {
                if (side > c.maxSide()) {
                    continue;
                }
                long start = System.nanoTime();
                RunStats s = Engine.run("growth", collectiveModel(Slice.of(SliceShape.of(side, side, side)), c.kind(),
                        c.bytes(), c.multi(), c.network()));
                b.append(String.format(Locale.ROOT, "  %d chips: %,d events %.2f s", side * side * side, s.events(),
                        (System.nanoTime() - start) / 1e9));
                if (first == 0) {
                    first = s.events();
                } else if (second == 0) {
                    second = s.events();
                }
                last = s.events();
                lastSide = side;
            }
            double exponent = Math.log((double) last / first) / Math.log(Math.pow((double) lastSide / sides[0], 3));
            // the exponent over 512 to 4,096 chips beside the one from 64 (where the all-to-all's representative moves
            // chunks over routes of K^(1/3) hops, and from 1,024 chips books route segments)
            String podScale = lastSide > sides[1] ? String.format(Locale.ROOT, ", ^%.2f from 512", Math.log(
                    (double) last / second) / Math.log(Math.pow((double) lastSide / sides[1], 3))) : "";
            out.printf(Locale.ROOT, "%-26s%s  -> events ~ chips^%.2f (64 to %d chips%s)%n", "growth/" + c.label(), b,
                    exponent, lastSide * lastSide * lastSide, podScale);
        }
    }

    /**
     * Events of the all-to-all over xyz under auto from 1,024 chips (8x8x16, 8x16x16, 16x16x16), where its
     * representative books route segments ({@code AllToAll.FLOW_MIN_GROUP}), and their growth exponent.
     */
    private void segmentGrowth(PrintWriter out) {
        int[][] shapes = {{8, 8, 16}, {8, 16, 16}, {16, 16, 16}};
        StringBuilder b = new StringBuilder();
        long first = 0;
        long last = 0;
        for (int[] sh : shapes) {
            long start = System.nanoTime();
            RunStats s = Engine.run("growth", collectiveModel(Slice.of(SliceShape.of(sh[0], sh[1], sh[2])),
                    CollectiveKind.ALL_TO_ALL, 1L << 20, MultiAxis.CONCURRENT, NetworkModel.AUTO));
            b.append(String.format(Locale.ROOT, "  %d chips: %,d events %.2f s", sh[0] * sh[1] * sh[2], s.events(),
                    (System.nanoTime() - start) / 1e9));
            first = first == 0 ? s.events() : first;
            last = s.events();
        }
        out.printf(Locale.ROOT, "%-26s%s  -> events ~ chips^%.2f (1,024 to 4,096 chips)%n", "growth/a2a 1MiB auto",
                b, Math.log((double) last / first) / Math.log(4));
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Samples used heap every few milliseconds on a daemon thread while a benchmark runs. */
    private static final class HeapSampler implements Runnable {
        private volatile boolean running = true;
        private volatile long peak;
        private final Thread thread = new Thread(this, "bench-heap-sampler");

        static HeapSampler start() {
            System.gc();
            HeapSampler h = new HeapSampler();
            h.thread.setDaemon(true);
            h.thread.start();
            return h;
        }

        @Override
        public void run() {
            Runtime rt = Runtime.getRuntime();
            while (running) {
                peak = Math.max(peak, rt.totalMemory() - rt.freeMemory());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long stop() {
            running = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return peak;
        }
    }

    /** A long transfer across the slice in small chunks: exercises the link model's per-hop events. */
    private void transfer(PrintWriter out, String label, SliceShape shape, long bytes, long chunkBytes, double raw) {
        Slice slice = Slice.of(shape);
        RunStats best = null;
        for (int i = 0; i < repeat; i++) {
            Interconnect net = new Interconnect(slice, 45e9, 1000);
            PointToPointTransfer t = new PointToPointTransfer(net, slice.id(new ChipCoord(0, 0, 0)),
                    slice.id(new ChipCoord(4, 4, 4)), bytes, chunkBytes);
            RunStats s = Engine.run("bench-" + label, sched -> t.start(sched, time -> { }));
            if (best == null || s.wallNanos() < best.wallNanos()) {
                best = s;
            }
        }
        print(out, label, best, raw, "");
    }
}
