package org.tpusim.collective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.engine.Engine;
import org.tpusim.engine.RunStats;
import org.tpusim.interconnect.IciLink;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.interconnect.NetworkModel;
import org.tpusim.topology.MeshAxes;
import org.tpusim.topology.Slice;
import org.tpusim.topology.SliceShape;

/**
 * The segment-booked all-to-all representative ({@link ReservedAllToAll}) against the chunk-level reference (every
 * chip, every chunk, every hop) on TPU v4 link figures: 27 GB/s payload per link and direction, 250 ns per hop,
 * 256 KiB chunks. Compared twice: the network's time alone (no start cost) and the whole collective with the start
 * cost a program collective pays (4 us + 3 us x log2(K)), to which the stated tolerance applies.
 */
class ReservedAllToAllTest {
    private static final double BW = 27e9;
    private static final double HOP_NS = 250;
    /** Stated tolerance against the reference, per all-to-all with its start cost (relative). */
    static final double TOLERANCE = 0.025;

    private record Outcome(double timeNs, long events, long[] linkBytes, double[] linkBusyNs) {
    }

    private static Outcome run(String shape, String axes, long bytes, NetworkModel model, int flowMinGroup) {
        Slice slice = Slice.of(SliceShape.parse(shape));
        Interconnect net = new Interconnect(slice, BW, HOP_NS, null, model);
        CollectiveSpec spec = new CollectiveSpec(CollectiveKind.ALL_TO_ALL, MeshAxes.parse(axes), bytes,
                CollectiveAlgorithm.BIDIRECTIONAL_RING, MultiAxis.CONCURRENT, 256 * 1024);
        double[] done = new double[1];
        RunStats stats = Engine.run("a2a", s -> new AllToAll(net, spec, new CollectiveCosts(0, 400), flowMinGroup)
                .start(s, t -> done[0] = t));
        long[] linkBytes = new long[slice.linkCount()];
        double[] busy = new double[slice.linkCount()];
        for (IciLink l : net.links()) {
            linkBytes[l.link().id()] = l.bytesCarried();
            busy[l.link().id()] = l.busyNs();
        }
        return new Outcome(done[0], stats.events(), linkBytes, busy);
    }

    private static void compare(String shape, String axes, long bytes) {
        Outcome ref = run(shape, axes, bytes, NetworkModel.CHUNK, Integer.MAX_VALUE);
        Outcome booked = run(shape, axes, bytes, NetworkModel.SYMMETRIC, 0);
        int k = MeshAxes.parse(axes).groupSize(Slice.of(SliceShape.parse(shape)).shape());
        double startNs = 4000 + 3000 * (Math.log(k) / Math.log(2));
        double network = (booked.timeNs() - ref.timeNs()) / ref.timeNs();
        double whole = (booked.timeNs() - ref.timeNs()) / (startNs + ref.timeNs());
        assertEquals(0, whole, TOLERANCE, "whole collective: " + whole + " (network alone " + network + ")");
        // at most one event per segment of a route (a run of hops along one axis and direction: 3 on xyz), one for
        // the end; the chunk-level representative costs one per hop
        int axesCount = MeshAxes.parse(axes).axes().size();
        assertTrue(booked.events() <= (long) (k - 1) * axesCount + 1, "events " + booked.events());
        // every link carries the reference's bytes and is busy for their serialisation time
        for (int i = 0; i < ref.linkBytes().length; i++) {
            assertEquals(ref.linkBytes()[i], booked.linkBytes()[i], "bytes of link " + i);
            assertEquals(ref.linkBytes()[i] / (BW / 1e9), booked.linkBusyNs()[i], 1e-6 * (1 + booked.linkBusyNs()[i]));
        }
    }

    /** Small enough for the default suite (the reference: 16 k and 161 k events). */
    @ParameterizedTest(name = "{0} over {1}, {2} B per chip")
    @CsvSource({"4x4x4, xyz, 1048576", "8x8x8, xy, 1048576", "4x4x8, xyz, 65536"})
    void withinItsToleranceOfTheReference(String shape, String axes, long bytes) {
        compare(shape, axes, bytes);
    }

    /** Pod scale: the reference costs 1.8 M (8x8x8) and 9.4 M (8x8x16) events. */
    @ParameterizedTest(name = "{0} over {1}, {2} B per chip")
    @Tag("slow")
    @CsvSource({"8x8x8, xyz, 1048576", "8x8x8, xyz, 262144", "8x8x8, xyz, 4194304", "8x8x8, xyz, 65536",
            "8x8x16, xyz, 1048576"})
    void withinItsToleranceOfTheReferenceAtPodScale(String shape, String axes, long bytes) {
        compare(shape, axes, bytes);
    }
}
