/**
 * Serving a request stream on the simulated slice: requests (read from trace files by
 * the scenario package's {@code TraceReader}) or from a seeded synthetic process
 * ({@link org.tpusim.workload.GenerationTrace}), batching policies, and the serving simulation that turns
 * step times into per-request latencies ({@link org.tpusim.workload.ServingSimulation}). Reads as
 * "trace -> policy -> outcomes"; step times come in through {@link org.tpusim.workload.PassTimes}.
 */
package org.tpusim.workload;
