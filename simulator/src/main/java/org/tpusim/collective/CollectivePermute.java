package org.tpusim.collective;

import java.util.function.DoubleConsumer;
import org.tpusim.engine.Scheduler;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.topology.Axis;
import org.tpusim.topology.ChipCoord;
import org.tpusim.topology.Route;
import org.tpusim.topology.Slice;

/**
 * Collective-permute: every chip sends its whole buffer D to the next chip along the group's first axis
 * of size > 1, cyclically (position p sends to p+1 mod K). On a ring that is one hop; on a line the last
 * chip's message travels back K-1 hops and sets the time.
 */
public final class CollectivePermute implements Collective {
    private final Interconnect net;
    private final CollectiveSpec spec;
    private final CollectiveCosts costs;
    private int messagesLeft;

    CollectivePermute(Interconnect net, CollectiveSpec spec, CollectiveCosts costs) {
        this.net = net;
        this.spec = spec;
        this.costs = costs;
    }

    /** The axis the permutation shifts along, or null when every axis of the group has size 1. */
    public static Axis shiftAxis(CollectiveSpec spec, Slice slice) {
        for (Axis a : spec.axes().axes()) {
            if (slice.size(a) > 1) {
                return a;
            }
        }
        return null;
    }

    /** The route of chip {@code chip}'s message. */
    public static Route route(Slice slice, Axis axis, int chip) {
        ChipCoord c = slice.coord(chip);
        int next = (c.get(axis) + 1) % slice.size(axis);
        return slice.route(chip, slice.id(c.with(axis, next)));
    }

    @Override
    public void start(Scheduler scheduler, DoubleConsumer onComplete) {
        Slice slice = net.slice();
        Axis axis = shiftAxis(spec, slice);
        if (axis == null) {
            scheduler.after(costs.overheadNs(), () -> onComplete.accept(scheduler.nowNs()));
            return;
        }
        // representative: chip 0's message stands for every chip's when the axis wraps (see Symmetry)
        org.tpusim.interconnect.Interconnect.LinkView view = Symmetry.translation(net, java.util.List.of(axis));
        int senders = view.representative() ? 1 : slice.chipCount();
        messagesLeft = senders;
        view.begin();
        scheduler.after(costs.overheadNs(), () -> {
            for (int c = 0; c < senders; c++) {
                view.sendMessage(scheduler, route(slice, axis, c), spec.bytesPerChip(), spec.chunkBytes(), null, () -> {
                    if (--messagesLeft == 0) {
                        view.end();
                        onComplete.accept(scheduler.nowNs());
                    }
                });
            }
        });
    }
}
