package org.tpusim.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tpusim.engine.Engine;
import org.tpusim.engine.EngineBenchmark;
import org.tpusim.engine.RunStats;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.interconnect.PointToPointTransfer;
import org.tpusim.topology.ChipCoord;
import org.tpusim.topology.Slice;
import org.tpusim.topology.SliceShape;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tpusim bench}: wall time and events per second of the engine and of the simulated link model,
 * with DSOL's raw event rate and a plain priority-queue loop measured in the same run for reference.
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("tpusim bench (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ")");
        EngineBenchmark.Result best = null;
        for (int i = 0; i < repeat; i++) {
            EngineBenchmark.Result r = EngineBenchmark.measure(events);
            if (best == null || r.engineEventsPerSec() > best.engineEventsPerSec()) {
                best = r;
            }
        }
        out.printf(Locale.ROOT, "engine/raw          %,d events  %.3f s wall  %.2f M events/s  (plain PriorityQueue loop: %.2f M events/s)%n",
                best.events(), best.engineWallNanos() / 1e9, best.engineEventsPerSec() / 1e6,
                best.plainQueueEventsPerSec() / 1e6);
        transfer(out, "transfer/1GiB-4KiB", SliceShape.of(8, 8, 8), 1L << 30, 4096);
        out.flush();
        return 0;
    }

    /** A long transfer across the slice in small chunks: exercises the link model's per-hop events. */
    private void transfer(PrintWriter out, String label, SliceShape shape, long bytes, long chunkBytes) {
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
        out.printf(Locale.ROOT, "%-19s %,d events  %.3f s wall  %.2f M events/s  (simulated %.3f ms)%n", label,
                best.events(), best.wallNanos() / 1e9, best.events() / (best.wallNanos() / 1e9) / 1e6,
                best.endTimeNs() / 1e6);
    }
}
