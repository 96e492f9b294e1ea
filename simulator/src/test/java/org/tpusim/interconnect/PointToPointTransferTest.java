package org.tpusim.interconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.engine.Engine;
import org.tpusim.engine.RunStats;
import org.tpusim.topology.ChipCoord;
import org.tpusim.topology.Slice;
import org.tpusim.topology.SliceShape;

/** Component tests of the link model on the real engine; expected times are written as arithmetic. */
class PointToPointTransferTest {
    private static final double BW = 45e9;          // B/s per link direction (TPU v4)
    private static final double BYTES_PER_NS = BW / 1e9;

    private static double runAlone(Slice slice, ChipCoord from, ChipCoord to, long bytes, long chunk, double latNs) {
        Interconnect net = new Interconnect(slice, BW, latNs);
        PointToPointTransfer t = new PointToPointTransfer(net, slice.id(from), slice.id(to), bytes, chunk);
        double[] done = {Double.NaN};
        Engine.run("p2p", s -> t.start(s, time -> done[0] = time));
        return done[0];
    }

    @ParameterizedTest(name = "{0}: {1}->{2}, {3} B in {4} B chunks, {5} ns/hop")
    @CsvSource({
            // shape, from, to, bytes, chunk, latency ns, hops
            "4x4x4, 0 0 0, 2 2 2, 67108864, 262144, 1000, 6",   // tie at n/2 on each ring: 2+2+2 hops
            "4x4x4, 0 0 0, 3 3 3, 67108864, 262144, 1000, 3",   // wraparound: one hop back on each axis
            "3x3x3, 0 0 0, 2 2 2, 1000000,  4096,   250,  6",   // lines: no wraparound
            "8x8x8, 0 0 0, 4 4 4, 1048576,  1048576, 0,   12",  // one chunk, zero latency: pure bandwidth
            "4x4x4, 1 1 1, 1 1 2, 1000,     64,     700,  1",   // uneven last chunk (1000 = 15 x 64 + 40)
    })
    void uncongestedTransferMatchesClosedFormForAnyChunking(String shape, String from, String to, long bytes,
                                                            long chunk, double latNs, int hops) {
        Slice slice = Slice.of(SliceShape.parse(shape));
        ChipCoord a = coord(from);
        ChipCoord b = coord(to);
        assertEquals(hops, slice.route(slice.id(a), slice.id(b)).hops());
        // cut-through: hops x latency + bytes / bandwidth, whatever the chunk size
        double expected = hops * latNs + bytes / BYTES_PER_NS;
        assertEquals(expected, runAlone(slice, a, b, bytes, chunk, latNs), 1e-6 * expected);
        assertEquals(expected, PointToPointTransfer.uncongestedTimeNs(hops, bytes, BW, latNs), 1e-9 * expected);
    }

    @Test
    void transferToSelfTakesNoTime() {
        Slice slice = Slice.of(SliceShape.of(4, 4, 4));
        assertEquals(0.0, runAlone(slice, new ChipCoord(1, 2, 3), new ChipCoord(1, 2, 3), 1 << 20, 4096, 1000));
    }

    @Test
    void eventCountIsChunksTimesHopsNotBytes() {
        Slice slice = Slice.of(SliceShape.of(4, 4, 4));
        Interconnect net = new Interconnect(slice, BW, 1000);
        // 6 hops, 1 GiB in 1 MiB chunks = 1024 chunks
        PointToPointTransfer t = new PointToPointTransfer(net, slice.id(new ChipCoord(0, 0, 0)),
                slice.id(new ChipCoord(2, 2, 2)), 1L << 30, 1L << 20);
        RunStats stats = Engine.run("count", s -> t.start(s, time -> { }));
        // per chunk: 5 hop-entry events; 1023 injection events (the first is in the build); one delivery
        // event for the message (chunks of a message arrive in order, so only the last one is waited for)
        assertEquals(1024L * 5 + 1023 + 1, stats.events());
    }

    @Test
    void twoStreamsSharingALinkInterleaveChunkByChunk() {
        // Line of 3 chips: A sends 0->2 (links 0->1, 1->2), B sends 0->1 (link 0->1), both at t=0,
        // n chunks of c bytes each; s = c / bw, L = hop latency.
        Slice slice = Slice.of(SliceShape.of(3, 1, 1));
        double lat = 500;
        int n = 4;
        long c = 450_000;                 // s = 10,000 ns
        double s = c / BYTES_PER_NS;
        Interconnect net = new Interconnect(slice, BW, lat);
        PointToPointTransfer a = new PointToPointTransfer(net, 0, 2, n * c, c);
        PointToPointTransfer b = new PointToPointTransfer(net, 0, 1, n * c, c);
        double[] done = new double[2];
        Engine.run("shared", sched -> {
            a.start(sched, time -> done[0] = time);
            b.start(sched, time -> done[1] = time);
        });
        // Link 0->1 alternates A, B, A, B...: A's chunk k holds it over [2k s, (2k+1) s], B's over
        // [(2k+1) s, (2k+2) s]. A's last chunk leaves link 0->1 at (2n-1) s and arrives after 2 L;
        // B's last chunk leaves at 2n s and arrives after L.
        assertEquals((2 * n - 1) * s + 2 * lat, done[0], 1e-6);
        assertEquals(2 * n * s + lat, done[1], 1e-6);
        // Each is slower than alone (A: 2L + n s; B: L + n s) by exactly the queueing: (n-1) s and n s.
        assertEquals(lat * 2 + n * s + (n - 1) * s, done[0], 1e-6);
        IciLink shared = net.link(slice.link(0, org.tpusim.topology.Axis.X, org.tpusim.topology.Direction.PLUS)
                .orElseThrow());
        assertEquals(2L * n * c, shared.bytesCarried());
        assertEquals(2 * n * s, shared.busyNs(), 1e-6);
    }

    @Test
    void streamsOnOppositeDirectionsDoNotContend() {
        // each direction of a link is its own resource: 0->1 and 1->0 at once take the time of one alone
        Slice slice = Slice.of(SliceShape.of(2, 1, 1));
        Interconnect net = new Interconnect(slice, BW, 100);
        long bytes = 9_000_000;
        PointToPointTransfer a = new PointToPointTransfer(net, 0, 1, bytes, 65536);
        PointToPointTransfer b = new PointToPointTransfer(net, 1, 0, bytes, 65536);
        double[] done = new double[2];
        Engine.run("opposite", sched -> {
            a.start(sched, time -> done[0] = time);
            b.start(sched, time -> done[1] = time);
        });
        double alone = 100 + bytes / BYTES_PER_NS;
        assertEquals(alone, done[0], 1e-6);
        assertEquals(alone, done[1], 1e-6);
    }

    private static ChipCoord coord(String s) {
        String[] p = s.trim().split("\\s+");
        return new ChipCoord(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    }
}
