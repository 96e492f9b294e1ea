package org.tpusim.collective;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.interconnect.NetworkModel;
import org.tpusim.topology.Axis;
import org.tpusim.topology.ChipGroup;
import org.tpusim.topology.DirectedLink;
import org.tpusim.topology.MeshAxes;
import org.tpusim.topology.Route;
import org.tpusim.topology.Slice;

/**
 * The link views on which a collective can be simulated for one representative chip ({@link NetworkModel#SYMMETRIC}).
 *
 * <p><b>Translation</b>: when every axis a collective moves data along wraps, its traffic (per-axis ring phases,
 * dimension-order all-to-all routes, whose tie-break depends only on the offset, and the cyclic permute) is the same
 * seen from every chip: shifting the whole slice along a ring maps every message to another message of the same
 * collective, at the same times. Every link along a wrapping axis in one direction is then equivalent to every other:
 * one class per (axis, direction), and chip 0's messages stand for all. Groups that differ along other axes are
 * disjoint copies.
 *
 * <p><b>Flat ring</b>: the snake of {@link FlatRing} is not a translation, but rotating the ring by one position is a
 * symmetry of the ring's traffic when every step, both ways, is one hop over a link of its own (no two ring steps
 * share a link): then every chip sends the same messages at the same times over its own two links, and one class per
 * ring direction suffices. Slices whose snake closes over several hops (odd sizes, lines) or reuses a link (an axis of
 * two chips) have no such symmetry and run every chip.
 *
 * <p><b>Twisted tori</b> have neither in this sense: a route may cross a twisted wrap link, which shifts it along
 * other axes, so link classes by (axis, direction) do not carry equal traffic. Every collective on a twisted slice
 * runs every chip ({@code auto} and {@code symmetric} fall back to the real links).
 */
final class Symmetry {
    private static final String TRANSLATION = "translation";
    /** Ring classes per (slice, axes); empty when the ring has no rotation symmetry. Read-only once computed. */
    private static final java.util.Map<List<Object>, java.util.Optional<int[]>> RING_CLASSES =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Symmetry() {}

    /** The view for traffic along {@code axes} (axes of one chip ignored): translation classes, or the real links. */
    static Interconnect.LinkView translation(Interconnect net, Collection<Axis> axes) {
        Slice slice = net.slice();
        if (!net.representativesAllowed() || slice.twisted()) {
            return net.real();
        }
        for (Axis a : axes) {
            if (slice.size(a) > 1 && !(slice.wraps(a) && slice.size(a) > 2)) {
                return net.real();
            }
        }
        return net.representative(TRANSLATION, () -> {
            int[] classes = new int[slice.linkCount()];
            for (DirectedLink l : slice.links()) {
                boolean symmetric = slice.wraps(l.axis()) && slice.size(l.axis()) > 2;
                classes[l.id()] = symmetric ? 2 * l.axis().ordinal() + l.direction().ordinal() : -1;
            }
            return classes;
        });
    }

    /** The view for a flat ring through {@code groupAxes}: ring classes, translation classes, or the real links. */
    static Interconnect.LinkView flatRing(Interconnect net, List<Axis> groupAxes) {
        Slice slice = net.slice();
        List<Axis> axes = new ArrayList<>();
        for (Axis a : groupAxes) {
            if (slice.size(a) > 1) {
                axes.add(a);
            }
        }
        if (!net.representativesAllowed() || axes.isEmpty() || slice.twisted()) {
            return net.real();
        }
        if (axes.size() == 1) {
            // a ring along one axis is that axis's ring: its steps are the axis's links (a line is not symmetric)
            return translation(net, axes);
        }
        // the classes depend on the slice and the axes only; computing them walks every chip, so once per JVM
        java.util.Optional<int[]> classes = RING_CLASSES.computeIfAbsent(List.of(slice, axes), k ->
                java.util.Optional.ofNullable(ringClasses(slice, new FlatRing(slice, axes),
                        MeshAxes.of(axes.toArray(new Axis[0])))));
        if (classes.isEmpty()) {
            return net.real();
        }
        return net.representative("flat ring " + axes, classes::get);
    }

    /**
     * Per link: 0 for the one-hop step of some chip to its ring successor, 1 to its predecessor, -1 otherwise; null
     * when a step is longer than one hop or two steps share a link.
     */
    private static int[] ringClasses(Slice slice, FlatRing ring, MeshAxes axes) {
        int[] classes = new int[slice.linkCount()];
        java.util.Arrays.fill(classes, -1);
        ChipGroup first = slice.group(axes, 0);
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < first.size(); i++) {
            int chip = first.member(i);
            for (int step : new int[] {1, -1}) {
                Route r = slice.route(chip, ring.neighbour(chip, step));
                if (r.hops() != 1 || !used.add(r.links().get(0).id())) {
                    return null;
                }
            }
        }
        // every group is a copy of the first: same snake, same links relative to it
        for (int chip = 0; chip < slice.chipCount(); chip++) {
            for (int step : new int[] {1, -1}) {
                Route r = slice.route(chip, ring.neighbour(chip, step));
                classes[r.links().get(0).id()] = step == 1 ? 0 : 1;
            }
        }
        return classes;
    }
}
