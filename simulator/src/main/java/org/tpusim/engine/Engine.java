package org.tpusim.engine;

import java.util.Objects;

/**
 * Runs models headless and to completion on the calling thread.
 *
 * <p>Each call is an independent simulation with its own DSOL simulator, so several may run in one JVM, one after
 * another or concurrently on different threads. A run ends when no events are left (or at untilNs); any exception
 * from the model's build or from an event handler ends it with {@link SimulationFailedException}. DSOL's resources
 * (its worker thread, its naming-context entry) are released whether the run succeeds or fails.
 */
public final class Engine {

    private Engine() {}

    /** Runs the model until no events are left (or until untilNs if given); blocks the caller. */
    public static RunStats run(String name, Model model) {
        return run(name, model, Double.POSITIVE_INFINITY);
    }

    /**
     * Runs the model until no events are left or the next event is after untilNs; events at exactly untilNs run.
     *
     * @param untilNs last simulated time to execute events at, in ns; {@code Double.POSITIVE_INFINITY} for no limit
     * @throws SimulationFailedException if the build or an event handler throws; its cause is the original exception
     * @throws IllegalArgumentException if untilNs is NaN or negative
     */
    public static RunStats run(String name, Model model, double untilNs) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        if (!(untilNs >= 0.0)) {
            throw new IllegalArgumentException("untilNs must be >= 0 ns (or POSITIVE_INFINITY), got " + untilNs);
        }
        return new DsolRun(name).run(model, untilNs);
    }
}
