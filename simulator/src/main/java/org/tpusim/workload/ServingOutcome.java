package org.tpusim.workload;

import java.util.List;

/**
 * Everything a serving simulation produced.
 *
 * @param requests        one outcome per request, in trace order
 * @param passes          every pass, in order
 * @param gapsNs          every inter-token gap of every request, pooled (in the order they happened)
 * @param kvCapacityTokens KV-cache positions the slice holds for the running sequences
 * @param peakKvTokens    the most positions reserved at once
 * @param prefillChunks   prompt chunks prefilled under chunked prefill (0 under other policies)
 */
public record ServingOutcome(List<RequestOutcome> requests, List<PassRecord> passes, double[] gapsNs,
                             long kvCapacityTokens, long peakKvTokens, long prefillChunks) {
}
