package org.tpusim.interconnect;

import com.google.common.base.Preconditions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;
import org.tpusim.engine.Scheduler;
import org.tpusim.topology.DirectedLink;
import org.tpusim.topology.Route;
import org.tpusim.topology.Slice;
import org.tpusim.trace.TraceRecorder;

/**
 * The links of a slice as simulated resources, and the movement of chunks over them.
 *
 * <p>Model (virtual cut-through, per chunk): a chunk's head crosses one hop in {@code hopLatencyNs}; a
 * link serialises a chunk for {@code bytes / bandwidth}; the next link can start forwarding once the
 * head has arrived, but cannot finish before the tail has come in. Links are FIFO by head arrival. The
 * tail of a chunk reaches its destination {@code hopLatencyNs} after the last link finishes sending it.
 * Uncongested, a message of any number of chunks injected back to back therefore arrives after exactly
 * {@code hops x hopLatencyNs + bytes / bandwidth}; congested, chunks queue on the links they share.
 * Buffers are unbounded (no credit back-pressure is modelled).
 *
 * <p>Chunks move over a {@link LinkView}: the real links ({@link #real()}), or under {@link NetworkModel#SYMMETRIC}
 * one resource per class of equivalent links, for a collective simulated on a representative chip
 * ({@link #representative}). Each real link reports the load of the class resources that stood for it.
 */
public final class Interconnect {
    /**
     * Ranks ({@link Scheduler#atRanked}) below this are for deliveries that a collective orders itself (e.g. a
     * reducer's inputs); chunk heads reaching a link on their way rank from it. Simultaneous events are so ordered by
     * what they are, never by when they happened to be scheduled, which makes the traffic of an SPMD collective on a
     * torus the same seen from every chip.
     */
    public static final int TRANSIT_RANK_BASE = 64;

    private final Slice slice;
    private final IciLink[] links;
    private final double hopLatencyNs;
    private final double linkBandwidthBytesPerSec;
    /** Records link activity for a trace; null (the usual case) records nothing. */
    private final TraceRecorder trace;
    private final NetworkModel model;
    private final LinkView real;
    private final Map<Object, LinkView> representatives = new HashMap<>();
    /** The view of the collectives in flight (null: none), and how many there are. */
    private LinkView active;
    private int activeCount;

    public Interconnect(Slice slice, double linkBandwidthBytesPerSec, double hopLatencyNs) {
        this(slice, linkBandwidthBytesPerSec, hopLatencyNs, null);
    }

    public Interconnect(Slice slice, double linkBandwidthBytesPerSec, double hopLatencyNs, TraceRecorder trace) {
        this(slice, linkBandwidthBytesPerSec, hopLatencyNs, trace, NetworkModel.CHUNK);
    }

    /**
     * As {@link #Interconnect(Slice, double, double)}, recording every link's busy intervals into {@code trace}
     * (may be null). Whatever runs programs on this interconnect records into the same trace.
     */
    public Interconnect(Slice slice, double linkBandwidthBytesPerSec, double hopLatencyNs, TraceRecorder trace,
                        NetworkModel model) {
        Preconditions.checkArgument(linkBandwidthBytesPerSec > 0, "link bandwidth must be positive: %s",
                linkBandwidthBytesPerSec);
        Preconditions.checkArgument(hopLatencyNs >= 0, "hop latency must not be negative: %s", hopLatencyNs);
        this.slice = slice;
        this.hopLatencyNs = hopLatencyNs;
        this.linkBandwidthBytesPerSec = linkBandwidthBytesPerSec;
        this.trace = trace;
        List<DirectedLink> all = slice.links();
        this.links = new IciLink[all.size()];
        for (DirectedLink l : all) {
            links[l.id()] = new IciLink(l, linkBandwidthBytesPerSec);
        }
        this.model = model;
        this.real = new LinkView("real links", links, false);
    }

    public NetworkModel model() {
        return model;
    }

    /**
     * Whether collectives may run on a representative chip: the model allows it and no trace records the real
     * links' activity.
     */
    public boolean representativesAllowed() {
        return model.symmetric() && trace == null;
    }

    /** Chunks over the real links: every chip's traffic simulated. */
    public LinkView real() {
        return real;
    }

    /**
     * Chunks over one resource per class of equivalent links, for a collective simulated on one representative chip.
     * {@code classOfLink} gives, per link id, its class (0..n-1) or -1 for a link the symmetry does not use; it is
     * called once per {@code key}. Every real link of a class reports the class's load.
     */
    public LinkView representative(Object key, Supplier<int[]> classOfLink) {
        Preconditions.checkState(representativesAllowed(), "representative links need network model symmetric or "
                + "auto and no trace (model %s)", model);
        return representatives.computeIfAbsent(key, k -> {
            int[] classes = classOfLink.get();
            Preconditions.checkArgument(classes.length == links.length, "one class per link: %s for %s links",
                    classes.length, links.length);
            List<IciLink> byClass = new java.util.ArrayList<>();
            IciLink[] map = new IciLink[links.length];
            for (int id = 0; id < classes.length; id++) {
                int c = classes[id];
                if (c < 0) {
                    continue;
                }
                while (byClass.size() <= c) {
                    byClass.add(null);
                }
                if (byClass.get(c) == null) {
                    byClass.set(c, new IciLink(links[id].link(), linkBandwidthBytesPerSec));
                }
                map[id] = byClass.get(c);
                links[id].addRepresentative(map[id]);
            }
            return new LinkView(k.toString(), map, true);
        });
    }

    public Slice slice() {
        return slice;
    }

    public double hopLatencyNs() {
        return hopLatencyNs;
    }

    public double linkBandwidthBytesPerSec() {
        return linkBandwidthBytesPerSec;
    }

    /** The trace this interconnect records into, or null. */
    public TraceRecorder trace() {
        return trace;
    }

    public IciLink link(DirectedLink l) {
        return links[l.id()];
    }

    /** All link resources, indexed by {@link DirectedLink#id()}. */
    public List<IciLink> links() {
        return List.of(links);
    }

    /** {@link LinkView#send} over the real links. */
    public double send(Scheduler scheduler, Route route, long bytes, Runnable onDelivered) {
        return real.send(scheduler, route, bytes, onDelivered);
    }

    /** {@link LinkView#sendMessage} over the real links. */
    public void sendMessage(Scheduler scheduler, Route route, long bytes, long chunkBytes,
                            DoubleConsumer onQueued, Runnable onDelivered) {
        real.sendMessage(scheduler, route, bytes, chunkBytes, onQueued, onDelivered);
    }

    /**
     * The link resources chunks cross: the real links, or the class resources of a representative simulation. A
     * collective calls {@link #begin} when it starts and {@link #end} when it completes, so that collectives of
     * different views are never in flight together (their contention would be lost).
     */
    public final class LinkView {
        private final String name;
        private final IciLink[] map;
        private final boolean representative;

        private LinkView(String name, IciLink[] map, boolean representative) {
            this.name = name;
            this.map = map;
            this.representative = representative;
        }

        /** Whether this view simulates one representative chip for all. */
        public boolean representative() {
            return representative;
        }

        /**
         * A collective starts on this view.
         *
         * @throws SymmetryConflictException if a collective on another view is in flight
         */
        public void begin() {
            if (activeCount > 0 && active != this) {
                throw new SymmetryConflictException("a collective on " + name + " started while one on "
                        + active.name + " is in flight; run with simulation.network: chunk");
            }
            active = this;
            activeCount++;
        }

        /** A collective on this view has completed. */
        public void end() {
            Preconditions.checkState(active == this && activeCount > 0, "no collective in flight on %s", name);
            if (--activeCount == 0) {
                active = null;
            }
        }

        /** The resource that link {@code l} is on this view: the link itself, or its class's; null if unused. */
        public IciLink resource(DirectedLink l) {
            return map[l.id()];
        }

        /**
         * Counts a message of {@code bytes} in {@code chunks} chunks that a flow-level model moved along {@code route}:
         * every resource it crosses carried the bytes for their serialisation time (no events, no reservation).
         */
        public void carry(Route route, long bytes, long chunks) {
            for (DirectedLink l : route.links()) {
                map[l.id()].carry(bytes, chunks);
            }
        }

        /**
         * Sends one chunk along {@code route} now. {@code onDelivered} runs when its tail reaches the
         * destination (at once, in a new event, for an empty route); null when nobody waits for it. Returns the time the chunk's tail leaves
         * the source, i.e. when the source's first link can take the next chunk of the same stream.
         */
        public double send(Scheduler scheduler, Route route, long bytes, Runnable onDelivered) {
            return send(scheduler, route, bytes, -1, onDelivered);
        }

        /**
         * As {@link #send}; a {@code deliveryRank} of 0 or more delivers with {@link Scheduler#atRanked} (before the
         * instant's other events, by rank), -1 as any event.
         */
        double send(Scheduler scheduler, Route route, long bytes, int deliveryRank, Runnable onDelivered) {
            double now = scheduler.nowNs();
            if (route.hops() == 0) {
                if (onDelivered != null) {
                    if (deliveryRank >= 0) {
                        scheduler.atRanked(now, deliveryRank, onDelivered);
                    } else {
                        scheduler.after(0, onDelivered);
                    }
                }
                return now;
            }
            ChunkInFlight chunk = new ChunkInFlight(map, scheduler, route, bytes, deliveryRank, onDelivered);
            chunk.enterHop(now);
            return map[route.links().get(0).id()].freeAtNs();
        }

        /**
         * Sends a message of {@code bytes} along {@code route} now, cut into chunks of at most
         * {@code chunkBytes}; the source injects chunk k+1 when its first link has finished sending chunk k, so
         * messages sharing a first link interleave chunk by chunk. {@code onQueued} receives, when the last
         * chunk has been handed to the first link, the time that link finishes sending it (the source may start
         * another message on that link from then); it may be null. {@code onDelivered} runs when the last byte
         * has arrived (chunks of one message follow one path through FIFO links, so they arrive in order).
         */
        public void sendMessage(Scheduler scheduler, Route route, long bytes, long chunkBytes,
                                DoubleConsumer onQueued, Runnable onDelivered) {
            sendMessage(scheduler, route, bytes, chunkBytes, -1, onQueued, onDelivered);
        }

        /**
         * As {@link #sendMessage(Scheduler, Route, long, long, DoubleConsumer, Runnable)}, delivering with
         * {@link Scheduler#atRanked} at {@code deliveryRank} (0 to {@link #TRANSIT_RANK_BASE} - 1; -1: as any event), so that
         * messages arriving at one instant are delivered in an order that does not depend on when they were scheduled.
         */
        public void sendMessage(Scheduler scheduler, Route route, long bytes, long chunkBytes, int deliveryRank,
                                DoubleConsumer onQueued, Runnable onDelivered) {
            Preconditions.checkArgument(bytes >= 0, "bytes must not be negative: %s", bytes);
            Preconditions.checkArgument(chunkBytes > 0, "chunk size must be positive: %s", chunkBytes);
            Preconditions.checkArgument(deliveryRank >= -1 && deliveryRank < TRANSIT_RANK_BASE,
                    "delivery rank must be -1..%s: %s", TRANSIT_RANK_BASE - 1, deliveryRank);
            new MessageInFlight(this, scheduler, route, bytes, chunkBytes, deliveryRank, onQueued, onDelivered)
                    .injectNext();
        }
    }

    /** The chunks of one message: injected one after another, delivered in order. */
    private static final class MessageInFlight implements Runnable {
        private final LinkView view;
        private final Scheduler scheduler;
        private final Route route;
        private final long bytes;
        private final long chunkBytes;
        private final DoubleConsumer onQueued;
        private final Runnable onDelivered;
        private final long chunks;
        private final int deliveryRank;
        private long injected;

        MessageInFlight(LinkView view, Scheduler scheduler, Route route, long bytes, long chunkBytes, int deliveryRank,
                        DoubleConsumer onQueued, Runnable onDelivered) {
            this.deliveryRank = deliveryRank;
            this.view = view;
            this.scheduler = scheduler;
            this.route = route;
            this.bytes = bytes;
            this.chunkBytes = chunkBytes;
            this.onQueued = onQueued;
            this.onDelivered = onDelivered;
            this.chunks = Math.max(1, (bytes + chunkBytes - 1) / chunkBytes);
        }

        void injectNext() {
            boolean last = injected == chunks - 1;
            long size = last ? bytes - injected * chunkBytes : chunkBytes;
            injected++;
            // Chunks of one message follow one path through FIFO links and arrive in order, so only the last
            // one needs a delivery event: the message has arrived when it has.
            double sourceFree = view.send(scheduler, route, size, deliveryRank, last ? onDelivered : null);
            if (!last) {
                scheduler.at(sourceFree, this);
            } else if (onQueued != null) {
                onQueued.accept(sourceFree);
            }
        }

        @Override
        public void run() {
            injectNext();
        }
    }

    /** A chunk moving hop by hop: one object per chunk, one event per hop, plus one for delivery. */
    private final class ChunkInFlight implements Runnable {
        private final IciLink[] map;
        private final Scheduler scheduler;
        private final List<DirectedLink> path;
        private final long bytes;
        private final Runnable onDelivered;
        private final int deliveryRank;
        private final int source;
        private int hop;
        private double upstreamFinishNs;

        ChunkInFlight(IciLink[] map, Scheduler scheduler, Route route, long bytes, int deliveryRank,
                      Runnable onDelivered) {
            this.deliveryRank = deliveryRank;
            this.source = route.source();
            this.map = map;
            this.scheduler = scheduler;
            this.path = route.links();
            this.bytes = bytes;
            this.onDelivered = onDelivered;
        }

        /**
         * The rank of the chunk's head reaching a link out of {@code chip} on its way: {@link #TRANSIT_RANK_BASE} plus
         * the offset of that chip from the source ({@link Slice#offsetId}). Heads reaching one link at one instant come
         * from different sources (one source's chunks sharing a link are spaced by their serialisation upstream), so
         * they take the link in an order that depends only on where they come from relative to it: the same on every
         * link of a translation class, hence the same for the representative chip as for every chip.
         */
        private int transitRank(int chip) {
            return Math.min(Scheduler.MAX_RANK, TRANSIT_RANK_BASE + slice.offsetId(source, chip));
        }

        /** The chunk's head arrives at the link of the current hop. */
        void enterHop(double headArrivalNs) {
            IciLink link = map[path.get(hop).id()];
            double start = link.reserve(headArrivalNs, bytes, upstreamFinishNs + (hop == 0 ? 0 : hopLatencyNs));
            upstreamFinishNs = link.freeAtNs();
            if (trace != null) {
                trace.linkBusy(link.link(), start, upstreamFinishNs, bytes);
            }
            hop++;
            if (hop < path.size()) {
                scheduler.atRanked(start + hopLatencyNs, transitRank(path.get(hop).from()), this);
            } else if (onDelivered != null && deliveryRank >= 0) {
                scheduler.atRanked(upstreamFinishNs + hopLatencyNs, deliveryRank, onDelivered);
            } else if (onDelivered != null) {
                scheduler.at(upstreamFinishNs + hopLatencyNs, onDelivered);
            }
        }

        @Override
        public void run() {
            enterHop(scheduler.nowNs());
        }
    }
}
