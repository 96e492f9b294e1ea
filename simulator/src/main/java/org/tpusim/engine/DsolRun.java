package org.tpusim.engine;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import nl.tudelft.simulation.dsol.experiment.SingleReplication;
import nl.tudelft.simulation.dsol.formalisms.eventscheduling.AbstractSimEvent;
import nl.tudelft.simulation.dsol.formalisms.eventscheduling.SimEventInterface;
import nl.tudelft.simulation.dsol.model.AbstractDsolModel;
import nl.tudelft.simulation.dsol.simulators.DevsSimulator;

/**
 * One run of one {@link Model} on a DSOL {@link DevsSimulator}, driven by {@code step()} on the calling thread.
 *
 * <p>Why step() and not DSOL's {@code start()}: start() runs the event loop on DSOL's worker thread and returns at
 * once, and its default error strategy pauses silently on an exception. step() executes exactly one event
 * synchronously on the caller's thread and lets the handler's exception propagate, so a run is deterministic,
 * blocks its caller, and fails loudly. DSOL's worker thread is still created by {@code initialize()}; it only waits,
 * and is stopped and joined when the run ends.
 *
 * <p>Ordering: events run by time, then in the order they were scheduled within the run (a per-run sequence number
 * kept by {@link HeapEventList}), so equal-time events run FIFO whatever other runs on other threads do.
 */
final class DsolRun implements Scheduler {

    /** Makes replication ids (DSOL naming-context keys) unique across all runs in this JVM. */
    private static final AtomicLong RUN_COUNTER = new AtomicLong();

    /** DSOL's naming context is a JVM-wide tree; creating and destroying entries is serialized here. */
    private static final Object NAMING_LOCK = new Object();

    private static final long WORKER_STOP_TIMEOUT_NANOS = 10_000_000_000L;
    private static final long WORKER_PARK_TIMEOUT_NANOS = 10_000_000L;

    private final String name;
    private final String replicationId;
    private final HeadlessSimulator simulator;

    /** Model events scheduled and not yet executed; the run ends when this reaches 0. */
    private long pendingEvents;
    /** Scheduling order of model events within this run: the tie-break for equal times (FIFO). */
    private long nextSequence;
    private long executedEvents;
    private double nowNs;
    private boolean acceptingEvents;

    DsolRun(String name) {
        this(name, false);
    }

    /**
     * @param dsolDefaults true to run with DSOL's own event list and scheduling path (for the benchmark's
     *                     reference figure), false for the primitive-keyed heap
     */
    DsolRun(String name, boolean dsolDefaults) {
        this.name = name;
        long runNumber = RUN_COUNTER.incrementAndGet();
        this.replicationId = "tpusim-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + runNumber;
        // DSOL's simulator constructor registers formatters in djutils' static CategoryLogger maps, which are not
        // thread-safe: two runs constructed at once on different threads can fail with a NullPointerException.
        synchronized (NAMING_LOCK) {
            this.simulator = new HeadlessSimulator(replicationId, dsolDefaults);
        }
    }

    @Override
    public double nowNs() {
        return nowNs;
    }

    @Override
    public void at(double timeNs, Runnable handler) {
        Objects.requireNonNull(handler, "handler");
        if (!acceptingEvents) {
            throw new IllegalStateException("simulation '" + name + "' has ended; cannot schedule at t=" + timeNs + " ns");
        }
        if (!(timeNs >= nowNs) || Double.isInfinite(timeNs)) {
            throw new IllegalArgumentException("simulation '" + name + "': cannot schedule an event at t=" + timeNs
                    + " ns; it must be finite and not before now (" + nowNs + " ns)");
        }
        // + 0.0 turns -0.0 into 0.0: DSOL compares boxed Doubles, for which -0.0 is before 0.0.
        simulator.enqueue(new HandlerEvent(this, timeNs + 0.0, nextSequence++, handler));
        pendingEvents++;
    }

    @Override
    public void atRanked(double timeNs, int rank, Runnable handler) {
        if (rank < 0 || rank > MAX_RANK) {
            throw new IllegalArgumentException("simulation '" + name + "': rank must be 0.." + MAX_RANK + ", got " + rank);
        }
        Objects.requireNonNull(handler, "handler");
        if (!acceptingEvents) {
            throw new IllegalStateException("simulation '" + name + "' has ended; cannot schedule at t=" + timeNs + " ns");
        }
        if (!(timeNs >= nowNs) || Double.isInfinite(timeNs)) {
            throw new IllegalArgumentException("simulation '" + name + "': cannot schedule an event at t=" + timeNs
                    + " ns; it must be finite and not before now (" + nowNs + " ns)");
        }
        HandlerEvent e = new HandlerEvent(this, timeNs + 0.0, nextSequence++, handler);
        // above DSOL's MAX_PRIORITY: before every event of normal priority at the same instant
        e.rankedPriority = (short) (SimEventInterface.MAX_PRIORITY + 1 + MAX_RANK - rank);
        simulator.enqueue(e);
        pendingEvents++;
    }

    @Override
    public void after(double delayNs, Runnable handler) {
        if (!(delayNs >= 0.0) || Double.isInfinite(delayNs)) {
            throw new IllegalArgumentException(
                    "simulation '" + name + "': delay must be finite and >= 0 ns, got " + delayNs + " ns");
        }
        at(nowNs + delayNs, handler);
    }

    /** Builds the model, runs events up to and including untilNs, and always releases DSOL's resources. */
    RunStats run(Model model, double untilNs) {
        long startNanos = System.nanoTime();
        SingleReplication<Double> replication = null;
        try {
            replication = newReplication();
            execute(model, replication, untilNs);
        } catch (RuntimeException | Error failure) {
            try {
                release(replication);
            } catch (RuntimeException | Error cleanupFailure) {
                failure.addSuppressed(cleanupFailure);
            }
            throw failure;
        }
        release(replication);
        return new RunStats(nowNs, executedEvents, System.nanoTime() - startNanos);
    }

    private SingleReplication<Double> newReplication() {
        synchronized (NAMING_LOCK) {
            // Run length infinite so that any finite event time is inside the replication; no warmup.
            return new SingleReplication<>(replicationId, 0.0, 0.0, Double.POSITIVE_INFINITY);
        }
    }

    private void execute(Model model, SingleReplication<Double> replication, double untilNs) {
        acceptingEvents = true;
        try {
            // initialize() calls ModelAdapter.constructModel(), which builds the model and schedules its first events.
            simulator.initialize(new ModelAdapter(simulator, this, model), replication);
        } catch (RuntimeException | Error e) {
            throw new SimulationFailedException(name, nowNs, "while building the model", e);
        }
        try {
            // The first event goes through DSOL's step(), which starts the replication (START_REPLICATION_EVENT); the
            // rest through stepImpl(), which executes the next event without step()'s per-call start/stop
            // notifications (nobody listens to them headless; they cost ~10% of the engine's time).
            boolean first = true;
            int sinceTick = 0;
            while (pendingEvents > 0 && (untilNs == Double.POSITIVE_INFINITY || simulator.firstEventTimeNs() <= untilNs)) {
                if (first || simulator.dsolDefaults) {
                    simulator.step();
                    first = false;
                } else {
                    simulator.stepQuietly();
                }
                if (++sinceTick == Heartbeat.TICK_EVENTS) {
                    Heartbeat.tick(sinceTick);
                    sinceTick = 0;
                }
            }
            Heartbeat.tick(sinceTick);
        } catch (RuntimeException | Error e) {
            throw new SimulationFailedException(name, nowNs, "in an event handler", e);
        }
    }

    /** Stops and joins DSOL's worker thread and removes the replication from DSOL's naming context. */
    private void release(SingleReplication<Double> replication) {
        acceptingEvents = false;
        Thread worker = simulator.worker();
        try {
            simulator.cleanUp();
            if (worker != null) {
                awaitTermination(worker);
            }
        } finally {
            if (replication != null) {
                synchronized (NAMING_LOCK) {
                    replication.removeFromContext();
                }
            }
        }
    }

    /** Waits for the worker to finish (it does within microseconds of cleanUp()); an interrupt does not cut this short. */
    private static void awaitTermination(Thread worker) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + WORKER_STOP_TIMEOUT_NANOS;
        while (worker.isAlive() && System.nanoTime() < deadline) {
            try {
                worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            throw new IllegalStateException("DSOL worker thread '" + worker.getName() + "' did not stop");
        }
    }

    /** Called by a model event just before its handler runs. */
    private void onEventStart(double timeNs) {
        nowNs = timeNs;
        pendingEvents--;
        executedEvents++;
    }

    /**
     * A model event: a time and a handler, nothing else (DSOL's {@code SimEvent} and {@code LambdaSimEvent} carry
     * more than a model needs).
     */
    static final class HandlerEvent extends AbstractSimEvent<Double> {

        private static final long serialVersionUID = 1L;

        /** The execution time unboxed, and the per-run scheduling order: the keys of {@link HeapEventList}. */
        final double timeNs;
        final long sequence;
        private final transient DsolRun run;
        private final transient Runnable handler;

        HandlerEvent(DsolRun run, double timeNs, long sequence, Runnable handler) {
            super(timeNs);
            this.timeNs = timeNs;
            this.sequence = sequence;
            this.run = run;
            this.handler = handler;
        }

        /** The priority of an {@link DsolRun#atRanked} event, 0 for others. */
        short rankedPriority;

        @Override
        public short getPriority() {
            return rankedPriority != 0 ? rankedPriority : super.getPriority();
        }

        @Override
        public void execute() {
            run.onEventStart(timeNs);
            handler.run();
        }

        /**
         * A constant: DSOL 4.3.2's scheduleEvent() calls toString() on every event for a trace log line, whether or
         * not trace logging is on; Object.toString() there cost ~300 bytes of garbage per event.
         */
        @Override
        public String toString() {
            return "model event";
        }
    }

    /** A DSOL simulator that exposes its worker thread, so that a run can join it, and the time of its next event. */
    private static final class HeadlessSimulator extends DevsSimulator<Double> {

        private static final long serialVersionUID = 1L;

        private final boolean dsolDefaults;

        HeadlessSimulator(String id, boolean dsolDefaults) {
            super(id);
            this.dsolDefaults = dsolDefaults;
            if (!dsolDefaults) {
                // DSOL's default red-black tree unboxes times on every comparison; a primitive-keyed heap keeps
                // large event populations cheap (see HeapEventList).
                this.eventList = new HeapEventList();
            }
        }

        Thread worker() {
            return worker;
        }

        /**
         * Adds a model event to the event list. DSOL's scheduleEvent() would do the same after a past-time check
         * (done by DsolRun.at) and a trace-log call whose category lookup cost ~12% of a large run's time.
         */
        /** Executes the next event (DevsSimulator.stepImpl) without step()'s run-state notifications. */
        void stepQuietly() {
            stepImpl();
        }

        void enqueue(HandlerEvent event) {
            if (dsolDefaults) {
                scheduleEvent(event);
            } else {
                eventList.add(event);
            }
        }

        /**
         * Waits, yielding, until DSOL's freshly started worker thread has parked itself. initialize() polls for the
         * same condition with Thread.sleep(1) after constructModel(); waiting here first saves that millisecond per run.
         */
        void awaitWorkerParked() {
            long deadline = System.nanoTime() + WORKER_PARK_TIMEOUT_NANOS;
            while (worker != null && worker.isAlive() && !worker.isWaiting() && System.nanoTime() < deadline) {
                Thread.yield();
            }
        }

        double firstEventTimeNs() {
            return eventList.first().getAbsoluteExecutionTime();
        }
    }

    /** DSOL's model hook: constructModel() is where DSOL expects the initial events to be scheduled. */
    private static final class ModelAdapter extends AbstractDsolModel<Double, HeadlessSimulator> {

        private static final long serialVersionUID = 1L;

        private final transient Scheduler scheduler;
        private final transient Model model;

        ModelAdapter(HeadlessSimulator simulator, Scheduler scheduler, Model model) {
            super(simulator);
            this.scheduler = scheduler;
            this.model = model;
        }

        @Override
        public void constructModel() {
            model.build(scheduler);
            getSimulator().awaitWorkerParked();
        }
    }
}
