package org.tpusim.engine;

/**
 * Progress of the simulation running on the current thread, for a console that wants to show it: the engine counts
 * executed events ({@link #tick}), the runners say how many units of their work are done ({@link #work}: passes of a
 * batch run, pass shapes of a serving trace). A listener installed for the thread ({@link #install}) hears at most
 * every {@value #MIN_INTERVAL_MS} ms. Nothing is recorded on a thread without a listener, and the engine's cost is one
 * counter test per event, so runs without a console are unaffected.
 */
public final class Heartbeat {
    /** Shortest interval between two calls to a listener. */
    public static final long MIN_INTERVAL_MS = 250;
    /** The engine reports every this many events. */
    static final int TICK_EVENTS = 1 << 15;

    /** Hears the progress of the run on its thread. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param events    events executed so far on this thread since {@link #install}
         * @param workDone  units of work done (0 when the runner reports none)
         * @param workTotal units of work in all (0 when unknown)
         * @param unit      what a unit is, e.g. {@code pass}
         */
        void progress(long events, long workDone, long workTotal, String unit);
    }

    private static final class State {
        final Listener listener;
        long events;
        long done;
        long total;
        String unit = "";
        long lastCallNanos = System.nanoTime();

        State(Listener listener) {
            this.listener = listener;
        }

        void maybeCall() {
            long now = System.nanoTime();
            if (now - lastCallNanos >= MIN_INTERVAL_MS * 1_000_000L) {
                lastCallNanos = now;
                listener.progress(events, done, total, unit);
            }
        }
    }

    private static final ThreadLocal<State> CURRENT = new ThreadLocal<>();

    private Heartbeat() {
    }

    /** Installs {@code listener} for the current thread until the returned handle is closed. */
    public static AutoCloseable install(Listener listener) {
        State previous = CURRENT.get();
        CURRENT.set(new State(listener));
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** A runner has done {@code done} of {@code total} units of its work. */
    public static void work(long done, long total, String unit) {
        State s = CURRENT.get();
        if (s != null) {
            s.done = done;
            s.total = total;
            s.unit = unit;
            s.maybeCall();
        }
    }

    /** The engine executed {@code events} more events on this thread. */
    static void tick(long events) {
        State s = CURRENT.get();
        if (s != null) {
            s.events += events;
            s.maybeCall();
        }
    }
}
