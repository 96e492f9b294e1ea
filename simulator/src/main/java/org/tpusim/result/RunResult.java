package org.tpusim.result;

/**
 * Everything one scenario run produced.
 *
 * @param tpusimVersion version of the simulator that produced it
 * @param scenario      the scenario as it was understood (effective values, with sources)
 * @param result        the workload's simulated and analytical figures
 * @param run           how the run went: events, simulated end time, wall time
 */
public record RunResult(String tpusimVersion, ScenarioEcho scenario, WorkloadResult result, RunInfo run) {
}
