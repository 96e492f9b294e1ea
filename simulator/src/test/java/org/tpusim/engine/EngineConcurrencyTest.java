package org.tpusim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import nl.tudelft.simulation.dsol.experiment.SingleReplication;

/** Several runs in one JVM: in a loop, on parallel threads, and what they leave behind. */
class EngineConcurrencyTest {

    private static final int THREADS = 4;
    private static final int RUNS_PER_THREAD = 5;

    /** What a run computed: its stats without the wall time, and a checksum of the order events ran in. */
    private record Outcome(double endTimeNs, long events, long orderChecksum) {}

    /**
     * 200 tokens rescheduling themselves after 0..3 ns (integers, so many events tie), 20 000 events in all; the
     * checksum folds in each event's token and time, so any change of order (FIFO ties included) changes it.
     */
    private static Outcome runTieHeavyModel(String name, long seed) {
        long[] checksum = {17};
        RunStats stats = Engine.run(name, scheduler -> {
            SplittableRandom random = new SplittableRandom(seed);
            long[] scheduled = {0};
            for (int token = 0; token < 200; token++) {
                int id = token;
                scheduled[0]++;
                scheduler.after(random.nextInt(4), new Runnable() {
                    @Override
                    public void run() {
                        checksum[0] = checksum[0] * 31 + id * 1_000_003L + (long) scheduler.nowNs();
                        if (scheduled[0] < 20_000) {
                            scheduled[0]++;
                            scheduler.after(random.nextInt(4), this);
                        }
                    }
                });
            }
        });
        return new Outcome(stats.endTimeNs(), stats.events(), checksum[0]);
    }

    @Test
    void parallelRuns_onFourThreads_equalSequentialRuns() throws Exception {
        List<Outcome> sequential = new ArrayList<>();
        for (int seed = 1; seed <= RUNS_PER_THREAD; seed++) {
            sequential.add(runTieHeavyModel("parallel", seed));
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<List<Outcome>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    List<Outcome> outcomes = new ArrayList<>();
                    for (int seed = 1; seed <= RUNS_PER_THREAD; seed++) {
                        // the same user name on every thread: internal ids must keep the runs apart
                        outcomes.add(runTieHeavyModel("parallel", seed));
                    }
                    return outcomes;
                }));
            }
            for (Future<List<Outcome>> future : futures) {
                assertEquals(sequential, future.get(2, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(RUNS_PER_THREAD, new HashSet<>(sequential).size(), "seeds must give different runs");
    }

    @Test
    void runs_leaveNoDsolWorkerOrOtherNonDaemonThreadAlive() {
        Set<Thread> before = EngineThreads.nonDaemonThreads();

        for (int i = 0; i < 20; i++) {
            // checked right after each run returns: the worker must be gone then, not merely soon after
            runTieHeavyModel("threads", i);
            assertEquals(List.of(), EngineThreads.dsolWorkersAlive());
            assertThrows(SimulationFailedException.class, () -> Engine.run("threads", scheduler -> {
                throw new IllegalStateException("build fails");
            }));
            assertEquals(List.of(), EngineThreads.dsolWorkersAlive());
            assertThrows(SimulationFailedException.class, () -> Engine.run("threads", scheduler -> scheduler.at(1.0,
                    () -> {
                        throw new IllegalStateException("handler fails");
                    })));
            assertEquals(List.of(), EngineThreads.dsolWorkersAlive());
        }

        Set<Thread> created = EngineThreads.nonDaemonThreads();
        created.removeAll(before);
        assertEquals(Set.of(), created);
        assertEquals(List.of(), EngineThreads.dsolWorkersAlive());
    }

    @Test
    void manyRunsInALoop_leaveNothingInDsolsNamingContext() {
        for (int i = 0; i < 200; i++) {
            Engine.run("loop/" + i, scheduler -> scheduler.after(1.0, () -> {}));
        }

        // A probe replication gives access to DSOL's JVM-wide root context without importing dsol-naming.
        SingleReplication<Double> probe = new SingleReplication<>("probe", 0.0, 0.0, 1.0);
        try {
            var root = probe.getContext().getParent();
            List<String> leftovers = root.keySet().stream().filter(key -> key.startsWith("tpusim-")).toList();
            assertEquals(List.of(), leftovers);
            assertTrue(root.keySet().contains("probe"), "the probe itself must be visible: " + root.keySet());
        } finally {
            probe.removeFromContext();
        }
    }
}
