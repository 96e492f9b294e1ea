package org.tpusim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Component tests of the engine adapter on the real DSOL engine. */
class EngineTest {

    /** One executed event: its label and the scheduler's time inside its handler. */
    private record Fired(String label, double nowNs) {}

    @Test
    void events_runInTimeOrder_equalTimesInSchedulingOrder() {
        List<Fired> fired = new ArrayList<>();
        RunStats stats = Engine.run("order", scheduler -> {
            for (var entry : List.of(new Fired("a", 10), new Fired("b", 5), new Fired("c", 5), new Fired("d", 20))) {
                scheduler.at(entry.nowNs(), () -> fired.add(new Fired(entry.label(), scheduler.nowNs())));
            }
        });

        // b and c share t=5 and run in the order they were scheduled.
        assertEquals(List.of(new Fired("b", 5), new Fired("c", 5), new Fired("a", 10), new Fired("d", 20)), fired);
        assertEquals(20.0, stats.endTimeNs());
        assertEquals(4, stats.events());
    }

    @Test
    void events_atEqualTimes_runFifo_includingThoseScheduledByHandlersForNow() {
        List<Integer> order = new ArrayList<>();
        Engine.run("fifo", scheduler -> {
            for (int i = 0; i < 500; i++) {
                int label = i;
                scheduler.at(3.0, () -> {
                    order.add(label);
                    // scheduled "now" from a handler: runs after everything already queued for t=3
                    scheduler.after(0.0, () -> order.add(1000 + label));
                });
            }
        });

        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            expected.add(i);
        }
        for (int i = 0; i < 500; i++) {
            expected.add(1000 + i);
        }
        assertEquals(expected, order);
    }

    @Test
    void chainedEvents_after2point5ns_1000times_endAt2500ns() {
        long[] count = {0};
        RunStats stats = Engine.run("chain", scheduler -> scheduler.after(2.5, new Runnable() {
            @Override
            public void run() {
                if (++count[0] < 1000) {
                    scheduler.after(2.5, this);
                }
            }
        }));

        // 1000 x 2.5 ns; every partial sum is a multiple of 0.5 and therefore exact in binary floating point.
        assertEquals(2500.0, stats.endTimeNs());
        assertEquals(1000, stats.events());
    }

    @Test
    void emptyModel_endsAtZeroWithNoEvents() {
        RunStats stats = Engine.run("empty", scheduler -> {});

        assertEquals(0.0, stats.endTimeNs());
        assertEquals(0, stats.events());
    }

    @Test
    void untilNs_runsEventsUpToAndIncludingIt_andNoneAfter() {
        List<Double> times = new ArrayList<>();
        RunStats stats = Engine.run("until", scheduler -> {
            for (double t : new double[] {10, 20, 30}) {
                scheduler.at(t, () -> times.add(scheduler.nowNs()));
            }
        }, 20.0);

        assertEquals(List.of(10.0, 20.0), times);
        assertEquals(20.0, stats.endTimeNs());
        assertEquals(2, stats.events());
    }

    @Test
    void untilNs_stopsASelfReschedulingModelThatWouldNeverEnd() {
        RunStats stats = Engine.run("until-forever", scheduler -> scheduler.after(1.0, new Runnable() {
            @Override
            public void run() {
                scheduler.after(1.0, this);
            }
        }), 1000.0);

        // events at 1, 2, ..., 1000 ns
        assertEquals(1000.0, stats.endTimeNs());
        assertEquals(1000, stats.events());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1.0, Double.NaN, Double.NEGATIVE_INFINITY})
    void untilNs_negativeOrNaN_isRejected(double untilNs) {
        assertThrows(IllegalArgumentException.class, () -> Engine.run("bad-until", scheduler -> {}, untilNs));
    }

    @Test
    void exceptionInHandler_failsRunWithOriginalCauseAndTime_andTheNameCanBeRunAgain() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Double> times = new ArrayList<>();
        Model failing = scheduler -> {
            scheduler.at(2.0, () -> times.add(scheduler.nowNs()));
            scheduler.at(7.5, () -> {
                throw boom;
            });
            scheduler.at(9.0, () -> times.add(scheduler.nowNs()));
        };

        SimulationFailedException failure =
                assertThrows(SimulationFailedException.class, () -> Engine.run("fails", failing));

        assertSame(boom, failure.getCause());
        assertEquals(7.5, failure.timeNs());
        assertEquals("fails", failure.simulationName());
        assertTrue(failure.getMessage().contains("'fails'"), failure.getMessage());
        assertTrue(failure.getMessage().contains("t=7.5 ns"), failure.getMessage());
        assertEquals(List.of(2.0), times, "the event after the failure must not run");

        RunStats again = Engine.run("fails", scheduler -> scheduler.at(1.0, () -> {}));
        assertEquals(1, again.events());
    }

    @Test
    void errorInHandler_failsRunToo() {
        AssertionError error = new AssertionError("model invariant broken");

        SimulationFailedException failure = assertThrows(SimulationFailedException.class,
                () -> Engine.run("error", scheduler -> scheduler.at(3.0, () -> {
                    throw error;
                })));

        assertSame(error, failure.getCause());
        assertEquals(3.0, failure.timeNs());
    }

    @Test
    void exceptionInBuild_failsRun_andCleansUp() {
        IllegalArgumentException bad = new IllegalArgumentException("bad scenario");

        SimulationFailedException failure = assertThrows(SimulationFailedException.class,
                () -> Engine.run("bad-build", scheduler -> {
                    scheduler.at(1.0, () -> {});
                    throw bad;
                }));

        assertSame(bad, failure.getCause());
        assertEquals(0.0, failure.timeNs());
        assertTrue(failure.getMessage().contains("'bad-build'"), failure.getMessage());
        assertEquals(List.of(), EngineThreads.dsolWorkersAlive());
        assertEquals(1, Engine.run("bad-build", scheduler -> scheduler.at(1.0, () -> {})).events());
    }

    @Test
    void schedulingInThePast_failsRunWithIllegalArgument() {
        SimulationFailedException failure = assertThrows(SimulationFailedException.class,
                () -> Engine.run("past", scheduler -> scheduler.at(10.0, () -> scheduler.at(5.0, () -> {}))));

        assertInstanceOf(IllegalArgumentException.class, failure.getCause());
        assertEquals(10.0, failure.timeNs());
    }

    @ParameterizedTest
    @ValueSource(doubles = {4.999, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void at_beforeNowOrNotFinite_isIllegalArgument(double timeNs) {
        SimulationFailedException failure = assertThrows(SimulationFailedException.class,
                () -> Engine.run("bad-at", scheduler -> scheduler.at(5.0, () -> scheduler.at(timeNs, () -> {}))));

        assertInstanceOf(IllegalArgumentException.class, failure.getCause());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e-9, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void after_negativeOrNotFiniteDelay_isIllegalArgument(double delayNs) {
        SimulationFailedException failure = assertThrows(SimulationFailedException.class,
                () -> Engine.run("bad-after", scheduler -> scheduler.after(delayNs, () -> {})));

        assertInstanceOf(IllegalArgumentException.class, failure.getCause());
    }

    @Test
    void at_negativeZeroAtTimeZero_isNow() {
        RunStats stats = Engine.run("negative-zero", scheduler -> scheduler.at(-0.0, () -> {}));

        assertEquals(1, stats.events());
        assertEquals(0.0, stats.endTimeNs());
    }

    @Test
    void scheduler_afterTheRun_rejectsEvents() {
        AtomicReference<Scheduler> leaked = new AtomicReference<>();
        Engine.run("leak", leaked::set);

        assertThrows(IllegalStateException.class, () -> leaked.get().after(1.0, () -> {}));
    }

    @Test
    void nestedRun_insideAHandler_isIndependent() {
        double[] innerEnd = {-1};
        RunStats outer = Engine.run("outer", scheduler -> scheduler.at(4.0,
                () -> innerEnd[0] = Engine.run("inner", inner -> inner.at(100.0, () -> {})).endTimeNs()));

        assertEquals(100.0, innerEnd[0]);
        assertEquals(4.0, outer.endTimeNs());
    }

    /**
     * Ranked events of one instant run before the instant's other events, by rank, then in scheduling order; the same on
     * tpusim's heap, DSOL's own event list and the bare PriorityQueue loop of the benchmark.
     */
    @Test
    void rankedEvents_runFirstAtTheirInstant_byRankThenFifo_onEveryLoop() {
        Model model = scheduler -> {
            List<String> fired = ORDER.get();
            scheduler.at(5, () -> fired.add("plain-1"));
            scheduler.atRanked(5, 7, () -> fired.add("rank7-a"));
            scheduler.atRanked(5, 0, () -> fired.add("rank0"));
            scheduler.at(5, () -> fired.add("plain-2"));
            scheduler.atRanked(5, 7, () -> fired.add("rank7-b"));
            scheduler.atRanked(5, Scheduler.MAX_RANK, () -> {
                fired.add("max");
                // a ranked event scheduled for now from a handler still runs before the instant's plain events
                scheduler.atRanked(5, 3, () -> fired.add("rank3-late"));
            });
            scheduler.atRanked(4, Scheduler.MAX_RANK, () -> fired.add("t4"));
            scheduler.at(6, () -> fired.add("t6"));
        };
        List<String> expected = List.of("t4", "rank0", "rank7-a", "rank7-b", "max", "rank3-late", "plain-1", "plain-2",
                "t6");
        ORDER.set(new ArrayList<>());
        Engine.run("ranked", model);
        assertEquals(expected, ORDER.get(), "tpusim's heap");
        ORDER.set(new ArrayList<>());
        new DsolRun("ranked-dsol", true).run(model, Double.POSITIVE_INFINITY);
        assertEquals(expected, ORDER.get(), "DSOL's event list");
        ORDER.set(new ArrayList<>());
        EngineBenchmark.PlainQueue.run(model);
        assertEquals(expected, ORDER.get(), "bare PriorityQueue");
        assertThrows(org.tpusim.engine.SimulationFailedException.class, () -> Engine.run("bad-rank",
                scheduler -> scheduler.atRanked(1, Scheduler.MAX_RANK + 1, () -> { })));
        assertThrows(org.tpusim.engine.SimulationFailedException.class, () -> Engine.run("bad-rank",
                scheduler -> scheduler.atRanked(1, -1, () -> { })));
    }

    private static final ThreadLocal<List<String>> ORDER = new ThreadLocal<>();

    @Test
    void benchmark_engineAndPlainQueueAgree() {
        // measure() throws if the engine and the reference loop end at different times; timings are not asserted.
        EngineBenchmark.Result result = EngineBenchmark.measure(20_000);

        assertEquals(20_000, result.events());
        assertTrue(result.engineEventsPerSec() > 0);
        assertTrue(result.plainQueueEventsPerSec() > 0);
    }
}
