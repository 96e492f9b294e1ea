package org.tpusim.result;

/** The figures of one workload kind; each carries its simulated and analytical side. */
public sealed interface WorkloadResult permits TransferResult, CollectiveResult, BatchResult, TraceResult {
    /** The workload kind it answers, as in the scenario. */
    String kind();

    /** The headline simulated time, s (what an index or a comparison table shows). */
    double headlineSimulatedS();

    /** The headline analytical time for the same figure, s. */
    double headlineAnalyticalS();

    /** headline simulated / headline analytical. */
    double ratio();
}
