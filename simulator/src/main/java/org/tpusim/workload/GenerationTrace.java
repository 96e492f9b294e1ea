package org.tpusim.workload;

import java.util.List;

/**
 * The requests a scenario serves, in arrival order (ties keep file order), and where they came from.
 *
 * @param origin   the trace file as the scenario names it, or {@code synthetic}
 * @param format   the column convention recognised (a key of the trace reader's {@code TraceFormat}), or
 *                 {@code synthetic}
 * @param requests the requests, sorted by arrival
 * @param skipped  rows left out under {@code on_bad_rows: skip}, with their line and reason
 */
public record GenerationTrace(String origin, String format, List<Request> requests, List<SkippedRow> skipped) {
    public GenerationTrace {
        requests = List.copyOf(requests);
        skipped = List.copyOf(skipped);
    }

    /** A row of a trace file that was not used, and why. */
    public record SkippedRow(int line, String reason) {
    }
}
