package org.tpusim.result;

import java.util.ArrayList;
import java.util.List;
import org.tpusim.interconnect.IciLink;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.topology.Axis;
import org.tpusim.topology.ChipCoord;
import org.tpusim.topology.Direction;
import org.tpusim.topology.Slice;

/**
 * Utilisation of the links along one axis, in one direction, for the chips of one plane of the slice: the
 * data of a heatmap that shows where load concentrates. The plane spans the link axis (columns) and the next
 * axis of size above one (rows, in the order x, y, z, x); the third coordinate is 0. At most
 * {@value #MAX_SIDE} chips per side are kept (the first ones).
 *
 * @param axis        axis of the links, x, y or z
 * @param direction   "+" (towards higher coordinates) or "-"
 * @param rowAxis     the plane's other axis
 * @param plane       the coordinate held fixed, e.g. "z=0"
 * @param utilisation [row][column]: busy time / duration of the link leaving that chip; -1 where the chip has
 *                    no such link (the end of a line)
 */
public record LinkPlane(String axis, String direction, String rowAxis, String plane,
                        List<List<Double>> utilisation) {
    /** Largest number of chips kept along each side of a plane. */
    public static final int MAX_SIDE = 32;

    /** One plane per axis of size above one and direction, over {@code durationNs}. */
    public static List<LinkPlane> of(Interconnect net, double durationNs) {
        Slice slice = net.slice();
        List<LinkPlane> out = new ArrayList<>();
        for (Axis a : Axis.values()) {
            if (slice.size(a) < 2) {
                continue;
            }
            Axis rows = Axis.values()[(a.index() + 1) % 3];
            Axis third = Axis.values()[(a.index() + 2) % 3];
            if (slice.size(rows) < 2 && slice.size(third) >= 2) {
                Axis t = rows;
                rows = third;
                third = t;
            }
            for (Direction d : Direction.values()) {
                List<List<Double>> grid = new ArrayList<>();
                for (int r = 0; r < Math.min(MAX_SIDE, slice.size(rows)); r++) {
                    List<Double> row = new ArrayList<>();
                    for (int c = 0; c < Math.min(MAX_SIDE, slice.size(a)); c++) {
                        ChipCoord at = new ChipCoord(0, 0, 0).with(a, c).with(rows, r);
                        int chip = slice.id(at);
                        double u = slice.link(chip, a, d)
                                .map(l -> {
                                    IciLink link = net.link(l);
                                    return durationNs > 0 ? link.busyNs() / durationNs : 0.0;
                                })
                                .orElse(-1.0);
                        row.add(u);
                    }
                    grid.add(List.copyOf(row));
                }
                out.add(new LinkPlane(String.valueOf(a.letter()), d == Direction.PLUS ? "+" : "-",
                        String.valueOf(rows.letter()), third.letter() + "=0", List.copyOf(grid)));
            }
        }
        return List.copyOf(out);
    }
}
