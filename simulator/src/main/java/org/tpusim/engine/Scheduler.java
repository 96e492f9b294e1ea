package org.tpusim.engine;

/**
 * Schedules model events in simulated time. Time unit: nanoseconds, as double.
 *
 * <p>Events run in order of time; events at equal times run in the order they were scheduled (FIFO), after the
 * instant's ranked events ({@link #atRanked}). A scheduler
 * belongs to one run: call it only from {@link Model#build} and from the handlers of that run, on the thread that
 * runs them. It is not thread-safe, and it rejects calls once the run has ended.
 */
public interface Scheduler {

    /** The simulated time of the event being handled (0 while the model is built), in ns. */
    double nowNs();

    /**
     * Runs handler at absolute time timeNs (>= nowNs(), else IllegalArgumentException).
     *
     * @throws IllegalArgumentException if timeNs is before {@link #nowNs()}, NaN or infinite
     * @throws IllegalStateException if the run has already ended
     */
    void at(double timeNs, Runnable handler);

    /**
     * Runs handler after delayNs (>= 0, finite) from now.
     *
     * @throws IllegalArgumentException if delayNs is negative, NaN or infinite
     * @throws IllegalStateException if the run has already ended
     */
    void after(double delayNs, Runnable handler);

    /**
     * Runs handler at absolute time timeNs, before every event of that instant scheduled with {@link #at} or
     * {@link #after}; ranked events of one instant run by rank (smaller first), then in scheduling order. Rank: 0 to
     * {@value #MAX_RANK}. Models use it to order simultaneous events canonically rather than by scheduling order.
     *
     * @throws IllegalArgumentException as {@link #at}, or if rank is out of range
     */
    void atRanked(double timeNs, int rank, Runnable handler);

    /**
     * The largest rank of {@link #atRanked}: ranks travel in the 16-bit priority of DSOL's events, above DSOL's own
     * priorities.
     */
    int MAX_RANK = 32_000;
}
