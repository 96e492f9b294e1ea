package org.tpusim.result;

/**
 * Facts about the run itself. {@code wallTimeS} is the only field that varies between identical runs.
 *
 * @param events        model events executed by the engine
 * @param simulatedEndS simulated time of the last event, seconds
 * @param wallTimeS     wall-clock duration of the simulation, seconds
 */
public record RunInfo(long events, double simulatedEndS, double wallTimeS) {
}
