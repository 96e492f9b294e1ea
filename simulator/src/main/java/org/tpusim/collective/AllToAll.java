package org.tpusim.collective;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleConsumer;
import org.tpusim.engine.Scheduler;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.topology.ChipGroup;
import org.tpusim.topology.DirectedLink;
import org.tpusim.topology.Route;
import org.tpusim.topology.Slice;

/**
 * All-to-all as direct sends: in every group of K chips, every chip sends D/K bytes to each of the other
 * K-1 members along the dimension-order route (the paper's Fig. A.1: "direct communication between every
 * (source, destination) pair"). After the collective's fixed cost every chip starts sending on all its links
 * at once; the messages that leave by the same link go one after another (in order of offset, the same on every chip), and
 * messages of different sources that share a link further on queue there, so the time is set by the most
 * loaded links. On a representative view (translation symmetry) chip 0's messages stand for every chip's: at chunk
 * level below {@link #FLOW_MIN_GROUP} chips per group, booked by route segment ({@link ReservedAllToAll}) from it.
 */
public final class AllToAll implements Collective {
    /**
     * Groups of at least this many chips (more than an 8x8x8 cube) run a representative all-to-all booked by route
     * segment ({@link ReservedAllToAll}: at most one event per run of hops along one axis and direction, so about 3
     * per message over xyz); smaller ones at chunk level, whose events are the representative's chunk-hops (K-1
     * messages over routes of mean length proportional to K^(1/3) hops). Why this size: the booked model is within its
     * stated tolerance of the reference (2.5% per collective, ReservedAllToAllTest) but not equal to it, while below
     * it the chunk-level representative, equal to the reference on the bundled 8x8x8 all-to-all, costs a few thousand
     * events.
     */
    public static final int FLOW_MIN_GROUP = 1024;

    private final Interconnect net;
    private final CollectiveSpec spec;
    private final CollectiveCosts costs;
    private final int flowMinGroup;
    private long messagesLeft;

    AllToAll(Interconnect net, CollectiveSpec spec, CollectiveCosts costs) {
        this(net, spec, costs, FLOW_MIN_GROUP);
    }

    /** @param flowMinGroup smallest group run at flow level on a representative (tests compare other sizes) */
    AllToAll(Interconnect net, CollectiveSpec spec, CollectiveCosts costs, int flowMinGroup) {
        this.net = net;
        this.spec = spec;
        this.costs = costs;
        this.flowMinGroup = flowMinGroup;
    }

    /** Bytes each chip sends to each other member of its group. */
    public static long messageBytes(CollectiveSpec spec, Slice slice) {
        return spec.bytesPerChip() / spec.axes().groupSize(slice.shape());
    }

    @Override
    public void start(Scheduler scheduler, DoubleConsumer onComplete) {
        Slice slice = net.slice();
        long bytes = messageBytes(spec, slice);
        int k = spec.axes().groupSize(slice.shape());
        if (k <= 1) {
            scheduler.after(costs.overheadNs(), () -> onComplete.accept(scheduler.nowNs()));
            return;
        }
        // every chip sends to the same offsets in the same order, and heads reaching a link at one instant take it in
        // an order set by their source's offset (Interconnect#TRANSIT_RANK_BASE): on a torus every chip's traffic is a
        // translate of chip 0's, so the representative is the reference exactly
        Interconnect.LinkView view = Symmetry.translation(net, spec.axes().axes());
        // representative: chip 0's messages stand for every chip's (translation symmetry, see Symmetry)
        List<ChipGroup> groups = view.representative() ? List.of(slice.group(spec.axes(), 0)) : slice.groups(spec.axes());
        messagesLeft = view.representative() ? k - 1 : (long) slice.chipCount() * (k - 1);
        view.begin();
        scheduler.after(costs.overheadNs(), () -> {
            Runnable delivered = () -> {
                if (--messagesLeft == 0) {
                    view.end();
                    onComplete.accept(scheduler.nowNs());
                }
            };
            if (view.representative() && k >= flowMinGroup) {
                ChipGroup g = groups.get(0);
                int src = 0;
                while (g.member(src) != 0) {
                    src++;
                }
                new ReservedAllToAll(view, scheduler, net.linkBandwidthBytesPerSec(), net.hopLatencyNs(),
                        List.copyOf(queuesOf(slice, g, src, k)), bytes, spec.chunkBytes(), t -> {
                            view.end();
                            onComplete.accept(t);
                        }).start();
                return;
            }
            for (ChipGroup g : groups) {
                for (int src = 0; src < k; src++) {
                    if (view.representative() && g.member(src) != 0) {
                        continue;
                    }
                    for (ArrayDeque<Route> queue : queuesOf(slice, g, src, k)) {
                        new LinkQueue(view, scheduler, queue, bytes, delivered).sendNext();
                    }
                }
            }
        });
    }

    /**
     * A source's messages, one queue per outgoing link (by link id), each in order of offset: the k-th message of
     * every chip goes to the member shifted from it by the k-th member's coordinates, axis by axis (so every chip's
     * schedule is a translate of chip 0's, which sends to members 1, 2, ... in order).
     */
    private static java.util.Collection<ArrayDeque<Route>> queuesOf(Slice slice, ChipGroup g, int src, int k) {
        Map<Integer, ArrayDeque<Route>> byFirstLink = new TreeMap<>();
        for (int offset = 1; offset < k; offset++) {
            Route r = slice.route(g.member(src), g.member(g.shiftedPosition(src, offset)));
            byFirstLink.computeIfAbsent(r.links().get(0).id(), id -> new ArrayDeque<>()).add(r);
        }
        return byFirstLink.values();
    }

    /**
     * The messages a chip sends out of one link, one after another: the next starts when the link has taken
     * the last chunk of the previous one. The link is FIFO either way; queueing at the source keeps the event
     * list as small as the traffic in flight instead of every message of the collective.
     */
    private final class LinkQueue implements Runnable {
        private final Interconnect.LinkView view;
        private final Scheduler scheduler;
        private final ArrayDeque<Route> routes;
        private final long bytes;
        private final Runnable delivered;

        LinkQueue(Interconnect.LinkView view, Scheduler scheduler, ArrayDeque<Route> routes, long bytes,
                  Runnable delivered) {
            this.view = view;
            this.scheduler = scheduler;
            this.routes = routes;
            this.bytes = bytes;
            this.delivered = delivered;
        }

        void sendNext() {
            view.sendMessage(scheduler, routes.poll(), bytes, spec.chunkBytes(),
                    routes.isEmpty() ? null : freeAt -> scheduler.at(freeAt, this), delivered);
        }

        @Override
        public void run() {
            sendNext();
        }
    }

    /**
     * Bytes every directed link carries in an all-to-all, indexed by link id: the congestion-aware input
     * of the closed form (most-loaded link bytes / bandwidth).
     */
    public static long[] linkLoads(CollectiveSpec spec, Slice slice) {
        long bytes = messageBytes(spec, slice);
        int k = spec.axes().groupSize(slice.shape());
        long[] load = new long[slice.linkCount()];
        for (ChipGroup g : slice.groups(spec.axes())) {
            for (int src = 0; src < k; src++) {
                for (int offset = 1; offset < k; offset++) {
                    for (DirectedLink l : slice.route(g.member(src), g.member((src + offset) % k)).links()) {
                        load[l.id()] += bytes;
                    }
                }
            }
        }
        return load;
    }

    /** The largest number of hops any all-to-all message travels. */
    public static int maxHops(CollectiveSpec spec, Slice slice) {
        int max = 0;
        for (ChipGroup g : slice.groups(spec.axes())) {
            for (int i = 1; i < g.size(); i++) {
                for (int j = 0; j < g.size(); j++) {
                    max = Math.max(max, slice.hopDistance(g.member(j), g.member(i)));
                }
            }
        }
        return max;
    }
}
