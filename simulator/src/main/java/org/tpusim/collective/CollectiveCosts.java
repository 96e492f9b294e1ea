package org.tpusim.collective;

import org.tpusim.hardware.ChipSpec;

/**
 * Costs of a collective beyond the wire.
 *
 * @param overheadNs            fixed start/synchronisation cost paid once per collective by every chip
 *                              before it sends ({@code collective_overhead_ns})
 * @param reductionBytesPerNs   rate at which a chip adds a received partial sum into its buffer. Modelled
 *                              as HBM-bound: each element is read twice (received and local) and written
 *                              once, so the rate is HBM bandwidth / 3. The add happens when a whole message
 *                              has arrived, before the sum is forwarded (real kernels pipeline the add with
 *                              the receive; this is the simple upper bound)
 */
public record CollectiveCosts(double overheadNs, double reductionBytesPerNs) {

    /** Bytes touched in HBM per byte reduced: two reads and one write. */
    public static final double HBM_BYTES_PER_REDUCED_BYTE = 3.0;

    public static CollectiveCosts of(ChipSpec chip) {
        return new CollectiveCosts(chip.collectiveOverheadNs(),
                chip.hbmBandwidthBytesPerSec() / 1e9 / HBM_BYTES_PER_REDUCED_BYTE);
    }

    /** Time to reduce {@code bytes} received, ns. */
    public double reductionNs(long bytes) {
        return bytes / reductionBytesPerNs;
    }
}
