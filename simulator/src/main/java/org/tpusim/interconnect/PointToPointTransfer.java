package org.tpusim.interconnect;

import com.google.common.base.Preconditions;
import java.util.function.DoubleConsumer;
import org.tpusim.engine.Scheduler;
import org.tpusim.topology.Route;

/**
 * A message of {@code bytes} from one chip to another along the slice's dimension-order route, cut
 * into chunks of at most {@code chunkBytes} (see {@link Interconnect#sendMessage}).
 */
public final class PointToPointTransfer {
    private final Interconnect net;
    private final Route route;
    private final long bytes;
    private final long chunkBytes;
    private final int chunks;
    private boolean started;

    public PointToPointTransfer(Interconnect net, int sourceChip, int destinationChip, long bytes, long chunkBytes) {
        Preconditions.checkArgument(bytes >= 0, "bytes must not be negative: %s", bytes);
        Preconditions.checkArgument(chunkBytes > 0, "chunk size must be positive: %s", chunkBytes);
        this.net = net;
        this.route = net.slice().route(sourceChip, destinationChip);
        this.bytes = bytes;
        this.chunkBytes = chunkBytes;
        long n = Math.max(1, (bytes + chunkBytes - 1) / chunkBytes);
        Preconditions.checkArgument(n <= Integer.MAX_VALUE, "too many chunks: %s", n);
        this.chunks = (int) n;
    }

    public Route route() {
        return route;
    }

    public int chunkCount() {
        return chunks;
    }

    /** Starts injecting now; {@code onComplete} gets the time the last byte arrived. */
    public void start(Scheduler scheduler, DoubleConsumer onComplete) {
        Preconditions.checkState(!started, "transfer already started");
        started = true;
        net.sendMessage(scheduler, route, bytes, chunkBytes, null, () -> onComplete.accept(scheduler.nowNs()));
    }

    /**
     * The closed form for an uncongested transfer under the model of {@link Interconnect}:
     * {@code hops x hopLatencyNs + bytes / bandwidth}, in ns.
     */
    public static double uncongestedTimeNs(int hops, long bytes, double linkBandwidthBytesPerSec, double hopLatencyNs) {
        if (hops == 0) {
            return 0;
        }
        return hops * hopLatencyNs + bytes / (linkBandwidthBytesPerSec / 1e9);
    }
}
