package org.tpusim.engine;

/**
 * What one completed run did.
 *
 * @param endTimeNs simulated time of the last model event executed, in ns (0 if none ran)
 * @param events number of model events executed (the engine's own bookkeeping events are not counted)
 * @param wallNanos wall-clock duration of the run, build included, in ns
 */
public record RunStats(double endTimeNs, long events, long wallNanos) {}
