package org.tpusim.engine;

import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Throughput of {@link Engine} on a trivial model, against a plain {@link PriorityQueue} event loop running the same
 * model as a reference for what the JVM can do without DSOL.
 *
 * <p>The model: {@value #TOKENS} tokens, each rescheduling itself after a pseudo-random delay in [0, 100) ns drawn
 * from a fixed-seed {@link SplittableRandom}, until the requested number of events have been scheduled. Both loops
 * execute the same events in the same order, so their end times must agree; {@link #measure} checks that.
 */
public final class EngineBenchmark {

    static final int TOKENS = 1000;
    private static final long SEED = 20240601L;
    private static final double MAX_DELAY_NS = 100.0;
    private static final long WARMUP_EVENTS = 200_000;

    private EngineBenchmark() {}

    /**
     * Measured throughput.
     *
     * @param events model events executed per measured run
     * @param engineEventsPerSec events per wall-clock second through {@link Engine#run}, build and DSOL set-up included
     * @param plainQueueEventsPerSec events per wall-clock second through a plain {@link PriorityQueue} loop
     * @param engineWallNanos wall-clock time of the measured {@link Engine} run, in ns
     * @param dsolDefaultEventsPerSec the same through DSOL's own event list (red-black tree) and scheduleEvent()
     */
    public record Result(long events, double engineEventsPerSec, double plainQueueEventsPerSec, long engineWallNanos,
                         double dsolDefaultEventsPerSec) {}

    /** Runs both loops once untimed (JIT warm-up), then once timed, each executing {@code events} events. */
    public static Result measure(long events) {
        if (events < 1) {
            throw new IllegalArgumentException("events must be >= 1, got " + events);
        }
        long warmup = Math.min(events, WARMUP_EVENTS);
        Engine.run("bench-warmup", tokens(warmup));
        PlainQueue.run(tokens(warmup));

        new DsolRun("bench-warmup-default", true).run(tokens(warmup), Double.POSITIVE_INFINITY);
        RunStats dsolDefault = new DsolRun("bench-default", true).run(tokens(events), Double.POSITIVE_INFINITY);
        RunStats engine = Engine.run("bench", tokens(events));
        long plainStart = System.nanoTime();
        double plainEndNs = PlainQueue.run(tokens(events));
        long plainNanos = System.nanoTime() - plainStart;

        if (engine.events() != events || engine.endTimeNs() != plainEndNs) {
            throw new IllegalStateException("engine and reference queue disagree: engine ran " + engine.events()
                    + " events to t=" + engine.endTimeNs() + " ns, reference ran " + events + " to t=" + plainEndNs
                    + " ns");
        }
        return new Result(events, perSecond(events, engine.wallNanos()), perSecond(events, plainNanos),
                engine.wallNanos(), perSecond(events, dsolDefault.wallNanos()));
    }

    /** Wall times of one model through the three loops, measured interleaved in one JVM. */
    public record Loops(long events, long[] engineNanos, long[] dsolNanos, long[] plainNanos) {
        public static long min(long[] a) {
            return java.util.Arrays.stream(a).min().orElse(0);
        }

        public static long median(long[] a) {
            long[] s = a.clone();
            java.util.Arrays.sort(s);
            return s[s.length / 2];
        }
    }

    /**
     * Runs the same model (built afresh by {@code models} for each run) through {@link Engine}, a plain DSOL
     * {@code DevsSimulator} (its own event list and {@code step()}), and a bare {@link PriorityQueue} loop, round by
     * round in rotating order so that load on the machine falls on all three alike. The models see only
     * {@link Scheduler}, so all three execute identical events; the event counts are checked.
     */
    public static Loops interleaved(java.util.function.Supplier<Model> models, int rounds) {
        long[] engine = new long[rounds];
        long[] dsol = new long[rounds];
        long[] plain = new long[rounds];
        long events = -1;
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 3; k++) {
                int which = (r + k) % 3;
                long start = System.nanoTime();
                long n;
                if (which == 0) {
                    n = Engine.run("bench-engine", models.get()).events();
                    engine[r] = System.nanoTime() - start;
                } else if (which == 1) {
                    n = new DsolRun("bench-dsol", true).run(models.get(), Double.POSITIVE_INFINITY).events();
                    dsol[r] = System.nanoTime() - start;
                } else {
                    n = PlainQueue.count(models.get());
                    plain[r] = System.nanoTime() - start;
                }
                if (events >= 0 && n != events) {
                    throw new IllegalStateException("loops disagree: " + n + " vs " + events + " events");
                }
                events = n;
            }
        }
        return new Loops(events, engine, dsol, plain);
    }

    private static double perSecond(long events, long nanos) {
        return events * 1e9 / Math.max(1, nanos);
    }

    /** The benchmark model: TOKENS self-rescheduling tokens, {@code events} events in total. */
    public static Model tokens(long events) {
        return scheduler -> {
            SplittableRandom random = new SplittableRandom(SEED);
            long[] scheduled = {0};
            Runnable[] token = new Runnable[1];
            token[0] = () -> {
                if (scheduled[0] < events) {
                    scheduled[0]++;
                    scheduler.after(random.nextDouble(MAX_DELAY_NS), token[0]);
                }
            };
            for (int i = 0; i < TOKENS && scheduled[0] < events; i++) {
                scheduled[0]++;
                scheduler.after(random.nextDouble(MAX_DELAY_NS), token[0]);
            }
        };
    }

    /** The reference loop: a binary heap ordered by time, then scheduling sequence (FIFO), as the engine is. */
    static final class PlainQueue implements Scheduler {

        private final PriorityQueue<Entry> queue = new PriorityQueue<>();
        private long sequence;
        private double nowNs;

        private record Entry(double timeNs, long sequence, Runnable handler) implements Comparable<Entry> {
            @Override
            public int compareTo(Entry other) {
                int byTime = Double.compare(timeNs, other.timeNs);
                return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
            }
        }

        /** Runs the model to completion; returns the number of events executed. */
        static long count(Model model) {
            PlainQueue loop = new PlainQueue();
            model.build(loop);
            long n = 0;
            Entry next;
            while ((next = loop.queue.poll()) != null) {
                loop.nowNs = next.timeNs;
                next.handler.run();
                n++;
            }
            return n;
        }

        /** Runs the model to completion; returns the time of the last event. */
        static double run(Model model) {
            PlainQueue loop = new PlainQueue();
            model.build(loop);
            Entry next;
            while ((next = loop.queue.poll()) != null) {
                loop.nowNs = next.timeNs;
                next.handler.run();
            }
            return loop.nowNs;
        }

        @Override
        public double nowNs() {
            return nowNs;
        }

        @Override
        public void at(double timeNs, Runnable handler) {
            if (!(timeNs >= nowNs) || Double.isInfinite(timeNs)) {
                throw new IllegalArgumentException("cannot schedule at t=" + timeNs + " ns, now is " + nowNs + " ns");
            }
            queue.add(new Entry(timeNs + 0.0, sequence++, handler));
        }

        @Override
        public void atRanked(double timeNs, int rank, Runnable handler) {
            if (!(timeNs >= nowNs) || Double.isInfinite(timeNs) || rank < 0 || rank > MAX_RANK) {
                throw new IllegalArgumentException("cannot schedule at t=" + timeNs + " ns rank " + rank);
            }
            // negative: before every unranked event of the instant; by rank, then scheduling order (as HeapEventList)
            queue.add(new Entry(timeNs + 0.0, ((long) (rank - MAX_RANK - 1) << 48) | sequence++, handler));
        }

        @Override
        public void after(double delayNs, Runnable handler) {
            if (!(delayNs >= 0.0) || Double.isInfinite(delayNs)) {
                throw new IllegalArgumentException("delay must be finite and >= 0 ns, got " + delayNs);
            }
            at(nowNs + delayNs, handler);
        }
    }
}
