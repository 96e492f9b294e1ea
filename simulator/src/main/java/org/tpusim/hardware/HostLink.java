package org.tpusim.hardware;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * The link between one chip and its host's memory (PCIe on TPU hosts), over which a server swaps KV-cache
 * blocks out to host memory and back: a transfer of D bytes per chip takes {@code latencyNs + D / bandwidth}.
 *
 * @param bandwidthBytesPerSec one direction, per chip, B/s
 * @param latencyNs            fixed cost of one transfer (DMA setup and round trip), ns
 * @param source               where the figures come from
 */
public record HostLink(double bandwidthBytesPerSec, double latencyNs, String source) {
    /** Valid ranges (README, "Valid ranges"). */
    public static final double MIN_BANDWIDTH = 1e6;
    public static final double MAX_BANDWIDTH = 1e15;
    public static final double MAX_LATENCY_NS = 1e9;

    public HostLink {
        checkArgument(bandwidthBytesPerSec >= MIN_BANDWIDTH && bandwidthBytesPerSec <= MAX_BANDWIDTH,
                "host link bandwidth must be 1e6 to 1e15 B/s, got %s", bandwidthBytesPerSec);
        checkArgument(latencyNs >= 0 && latencyNs <= MAX_LATENCY_NS, "host link latency must be 0 to 1e9 ns, got %s",
                latencyNs);
        Objects.requireNonNull(source, "source");
    }

    /** Time to move {@code bytesPerChip} over every chip's host link at once, ns. */
    public double transferNs(double bytesPerChip) {
        return latencyNs + bytesPerChip / bandwidthBytesPerSec * 1e9;
    }
}
