package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * Disaggregated prefill and decode ({@code workload.pools}, the serving model's side): the KV transfer between
 * the prefill pool and the decode pool. Each pool's slice and layout are the scenario's (they price the passes).
 *
 * @param network          dcn or ici
 * @param bandwidthBytesPerSec bytes per second between the two pools (one direction, all hosts or links together)
 * @param latencyNs        fixed cost of one transfer
 */
public record Pools(String network, double bandwidthBytesPerSec, double latencyNs) {
    public Pools {
        Objects.requireNonNull(network, "network");
        checkArgument(bandwidthBytesPerSec > 0 && Double.isFinite(bandwidthBytesPerSec), "bandwidth must be > 0");
        checkArgument(latencyNs >= 0 && Double.isFinite(latencyNs), "latency must be >= 0");
    }

    /** Time to move {@code bytes} once the link is free, ns. */
    public double transferNs(double bytes) {
        return latencyNs + bytes / bandwidthBytesPerSec * 1e9;
    }
}
