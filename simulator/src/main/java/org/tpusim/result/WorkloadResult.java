package org.tpusim.result;

/** The figures of one workload kind; each carries its simulated and analytical side. */
public sealed interface WorkloadResult permits TransferResult {
    /** The workload kind it answers, as in the scenario. */
    String kind();
}
