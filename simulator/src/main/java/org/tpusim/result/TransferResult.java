package org.tpusim.result;

import java.util.List;

/**
 * A point-to-point transfer: its simulated time against the closed form of the link model.
 *
 * @param simulated  what the engine measured
 * @param analytical the closed form for the same inputs
 * @param ratio      simulated time / analytical time (1 when uncongested)
 * @param bytes      message size, B
 * @param chunks     chunks the message was cut into
 * @param hops       links on the route
 * @param route      the links of the route, in order, e.g. "0->1 +x"
 * @param links      every link that carried bytes, with its load
 */
public record TransferResult(Simulated simulated, Analytical analytical, double ratio, long bytes, int chunks,
                             int hops, List<String> route, List<LinkLoad> links) implements WorkloadResult {

    /**
     * @param timeS                time from the first byte sent to the last byte received, s
     * @param bandwidthBytesPerSec bytes / timeS
     */
    public record Simulated(double timeS, double bandwidthBytesPerSec) {
    }

    /**
     * @param timeS   {@code hops x hop latency + bytes / link bandwidth}, s
     * @param formula the formula, for the report
     */
    public record Analytical(double timeS, String formula) {
    }

    @Override
    public String kind() {
        return "transfer";
    }

    @Override
    public double headlineSimulatedS() {
        return simulated.timeS();
    }

    @Override
    public double headlineAnalyticalS() {
        return analytical.timeS();
    }
}
