package org.tpusim.collective;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleConsumer;
import org.tpusim.engine.Scheduler;
import org.tpusim.interconnect.IciLink;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.topology.Route;

/**
 * A representative all-to-all on a translation-symmetric torus with one event per route segment of a chunk, not one
 * per chunk and hop. A segment is a run of consecutive hops along one axis and direction; every link of that class is
 * one resource on the representative view ({@link Symmetry#translation}), kept here as a timetable of busy intervals.
 * When a chunk's head reaches a segment of n hops, the segment is booked at once as one block of n serialisations
 * ({@code n x bytes / bandwidth}: the class resource stands for the n links, and by symmetry carries n chunks like it)
 * in the earliest free interval at or after the head's arrival (and late enough that the chunk cannot finish before
 * its tail has come in from upstream plus a hop latency); the head then leaves the segment {@code n} hop latencies after
 * the block's start, as it would uncontended under virtual cut-through, and the chunk arrives a hop latency after its
 * last hop finished. As in the chunk model, a source's messages leaving by one link go one after another in
 * destination order, the next chunk when the first hop has serialised the previous one.
 *
 * <p>What differs from the chunk model: a segment's hops are booked when the head reaches its first hop, as one block,
 * rather than one by one as the head reaches each (the chunk model serves a link's chunks in the order their heads
 * arrive); and booked blocks keep their slots, later bookings taking the gaps between them. Uncontended, both give
 * {@code hops x hop latency + bytes / bandwidth}. Its tolerance against the reference (2.5% per collective with the
 * collective's start cost) is stated and tested by {@code ReservedAllToAllTest}.
 */
final class ReservedAllToAll {
    private final Interconnect.LinkView view;
    private final Scheduler scheduler;
    private final double bytesPerNs;
    private final double hopLatencyNs;
    private final long bytes;
    private final long chunkBytes;
    private final DoubleConsumer onComplete;
    private final List<ArrayDeque<Route>> queues;
    private final Map<IciLink, Timetable> timetables = new IdentityHashMap<>();
    private int queuesLeft;
    /** Chunks whose route is not booked to the end yet. */
    private int inFlight;
    private double lastArrivalNs;

    ReservedAllToAll(Interconnect.LinkView view, Scheduler scheduler, double linkBandwidthBytesPerSec,
                     double hopLatencyNs, List<ArrayDeque<Route>> queues, long bytes, long chunkBytes,
                     DoubleConsumer onComplete) {
        this.view = view;
        this.scheduler = scheduler;
        this.bytesPerNs = linkBandwidthBytesPerSec / 1e9;
        this.hopLatencyNs = hopLatencyNs;
        this.bytes = bytes;
        this.chunkBytes = chunkBytes;
        this.onComplete = onComplete;
        this.queues = queues;
    }

    void start() {
        lastArrivalNs = scheduler.nowNs();
        queuesLeft = queues.size();
        for (ArrayDeque<Route> q : queues) {
            new Source(q).injectNext();
        }
    }

    /** When every chunk is injected and booked: the collective ends when the last one arrives. */
    private void finishIfDone() {
        if (queuesLeft == 0 && inFlight == 0) {
            scheduler.at(lastArrivalNs, () -> onComplete.accept(scheduler.nowNs()));
        }
    }

    /** One outgoing link's messages, chunk after chunk. */
    private final class Source implements Runnable {
        private final ArrayDeque<Route> routes;
        private Route route;
        private long left;

        Source(ArrayDeque<Route> routes) {
            this.routes = routes;
        }

        void injectNext() {
            if (left == 0) {
                route = routes.poll();
                if (route == null) {
                    queuesLeft--;
                    finishIfDone();
                    return;
                }
                left = bytes;
                view.carry(route, bytes, Math.max(1, (bytes + chunkBytes - 1) / chunkBytes));
            }
            long size = Math.min(left, chunkBytes);
            left -= size;
            inFlight++;
            new ChunkFlight(route, size / bytesPerNs, this).run();
        }

        @Override
        public void run() {
            injectNext();
        }
    }

    /**
     * A chunk booking its route one segment at a time: a segment is the run of consecutive hops on one resource (one
     * axis and direction), booked when the head reaches its first hop (one event per segment: at most one per axis).
     */
    private final class ChunkFlight implements Runnable {
        private final Route route;
        private final double ser;
        private final Source source;
        private int hop;
        private double upstreamFinish = Double.NEGATIVE_INFINITY;

        ChunkFlight(Route route, double ser, Source source) {
            this.route = route;
            this.ser = ser;
            this.source = source;
        }

        @Override
        public void run() {
            double arrival = scheduler.nowNs();
            IciLink resource = view.resource(route.links().get(hop));
            Timetable t = timetables.computeIfAbsent(resource, x -> new Timetable());
            int n = 0;
            do {
                n++;
            } while (hop + n < route.hops() && view.resource(route.links().get(hop + n)) == resource);
            // the segment's n hops as one block of n serialisations on its class resource, booked now; its head
            // crosses them a hop latency apart as uncontended hops would
            double start = t.book(Math.max(arrival, upstreamFinish + hopLatencyNs - ser), n * ser);
            if (hop == 0) {
                scheduler.at(start + ser, source);
            }
            double lastStart = start + (n - 1) * hopLatencyNs;
            upstreamFinish = lastStart + ser;
            arrival = lastStart + hopLatencyNs;
            hop += n;
            if (hop < route.hops()) {
                scheduler.at(arrival, this);
            } else {
                lastArrivalNs = Math.max(lastArrivalNs, upstreamFinish + hopLatencyNs);
                inFlight--;
                finishIfDone();
            }
        }
    }

    /** A resource's busy intervals (start -> end, disjoint, adjacent ones merged). */
    private static final class Timetable {
        private final TreeMap<Double, Double> busy = new TreeMap<>();

        /** Books the earliest interval of {@code length} starting at or after {@code earliest}; returns its start. */
        double book(double earliest, double length) {
            if (length == 0) {
                return earliest;
            }
            double t = earliest;
            while (true) {
                Map.Entry<Double, Double> before = busy.floorEntry(t);
                if (before != null && before.getValue() > t) {
                    t = before.getValue();
                    continue;
                }
                Map.Entry<Double, Double> after = busy.higherEntry(t);
                if (after != null && after.getKey() < t + length) {
                    t = after.getValue();
                    continue;
                }
                double start = t;
                double end = t + length;
                if (before != null && before.getValue() == start) {
                    start = before.getKey();
                }
                if (after != null && after.getKey() == end) {
                    end = after.getValue();
                    busy.remove(after.getKey());
                }
                busy.put(start, end);
                return t;
            }
        }
    }
}
