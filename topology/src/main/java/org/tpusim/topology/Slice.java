package org.tpusim.topology;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A TPU v4 slice: chips on an X x Y x Z grid, each joined to its neighbours along every axis by one
 * bidirectional inter-chip link, modelled as two {@link DirectedLink}s. An axis is either a ring (the last
 * chip links back to the first, via the optical circuit switches) or a line.
 *
 * <p>Modelled: the rule that an axis wraps around iff its size is a multiple of 4. TPU v4 builds slices
 * from 4x4x4 blocks joined by optical circuit switches (Jouppi et al., "TPU v4", ISCA 2023), so an axis made
 * of whole blocks can be closed into a ring; the rule is overridable per axis. Simplified: one link per
 * neighbour pair, no link faults, no twisted tori.
 *
 * <p>Chip ids are dense, x fastest: id = x + X*(y + Y*z). Link ids are dense in the order of source chip
 * id, then axis, then PLUS before MINUS. Lookups by (chip, axis, direction) are array reads. Instances
 * are immutable and thread-safe.
 */
public final class Slice {

    private static final int PORTS_PER_CHIP = 6;
    private static final int NONE = -1;

    private final SliceShape shape;
    private final boolean[] wraps = new boolean[3];
    private final ImmutableList<DirectedLink> links;
    /** Link id leaving each port, or NONE; index {@link #port}. */
    private final int[] linkIdByPort;
    /** Groups for each {@link MeshAxes#mask()}, built on first use; published safely by the atomic array. */
    private final AtomicReferenceArray<ImmutableList<ChipGroup>> groupsByMask = new AtomicReferenceArray<>(8);

    private final WraparoundRule rule;

    private Slice(SliceShape shape, Map<Axis, Boolean> wraparoundOverride, WraparoundRule rule) {
        this.shape = shape;
        this.rule = rule;
        for (Axis axis : Axis.values()) {
            Boolean forced = wraparoundOverride.get(axis);
            int size = shape.size(axis);
            if (forced == null) {
                wraps[axis.index()] = rule.wraps(size);
            } else {
                checkArgument(!forced || size > 2,
                        "cannot force wraparound on axis %s of slice %s: it has %s chip(s), and a ring needs at"
                                + " least 3 (a 2-chip ring would be two links between the same pair of chips)",
                        axis.letter(), shape, size);
                wraps[axis.index()] = forced;
            }
        }
        int chipCount = shape.chipCount();
        this.linkIdByPort = new int[chipCount * PORTS_PER_CHIP];
        Arrays.fill(linkIdByPort, NONE);
        ImmutableList.Builder<DirectedLink> builder = ImmutableList.builderWithExpectedSize(expectedLinkCount());
        int nextId = 0;
        for (int chip = 0; chip < chipCount; chip++) {
            for (Axis axis : Axis.values()) {
                for (Direction direction : Direction.values()) {
                    int to = step(chip, axis, direction);
                    if (to != NONE) {
                        builder.add(new DirectedLink(nextId, chip, to, axis, direction));
                        linkIdByPort[port(chip, axis, direction)] = nextId;
                        nextId++;
                    }
                }
            }
        }
        this.links = builder.build();
    }

    /** The slice with the TPU v4 wraparound rule: an axis is a ring iff its size is a multiple of 4. */
    public static Slice of(SliceShape shape) {
        return of(shape, Map.of());
    }

    /**
     * The slice with wraparound forced on or off for the axes in {@code wraparoundOverride}; other axes
     * follow the TPU v4 rule.
     *
     * @throws IllegalArgumentException if wraparound is forced on an axis of 1 or 2 chips
     */
    public static Slice of(SliceShape shape, Map<Axis, Boolean> wraparoundOverride) {
        return of(shape, wraparoundOverride, WraparoundRule.MULTIPLE_OF_4);
    }

    /**
     * The slice with wraparound forced on or off for the axes in {@code wraparoundOverride}; other axes
     * follow {@code rule}, the chip generation's (e.g. {@link WraparoundRule#FULL_AXIS_16} for TPU v5e/v6e).
     *
     * @throws IllegalArgumentException if wraparound is forced on an axis of 1 or 2 chips
     */
    public static Slice of(SliceShape shape, Map<Axis, Boolean> wraparoundOverride, WraparoundRule rule) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(wraparoundOverride, "wraparoundOverride");
        Objects.requireNonNull(rule, "rule");
        return new Slice(shape, wraparoundOverride, rule);
    }

    /** The rule the axes not forced by the scenario follow. */
    public WraparoundRule wraparoundRule() {
        return rule;
    }

    public SliceShape shape() {
        return shape;
    }

    public int chipCount() {
        return shape.chipCount();
    }

    /** Whether {@code axis} is a ring (its last chip links to its first). */
    public boolean wraps(Axis axis) {
        return wraps[axis.index()];
    }

    public int size(Axis axis) {
        return shape.size(axis);
    }

    // ---- chips ----

    /** Dense id of the chip at {@code coord}: x + X*(y + Y*z). */
    public int id(ChipCoord coord) {
        checkArgument(contains(coord), "chip %s is outside slice %s", coord, shape);
        return coord.x() + shape.x() * (coord.y() + shape.y() * coord.z());
    }

    public ChipCoord coord(int chip) {
        requireChip(chip);
        return new ChipCoord(
                coordinate(chip, Axis.X), coordinate(chip, Axis.Y), coordinate(chip, Axis.Z));
    }

    public boolean contains(ChipCoord coord) {
        return coord.x() >= 0 && coord.x() < shape.x()
                && coord.y() >= 0 && coord.y() < shape.y()
                && coord.z() >= 0 && coord.z() < shape.z();
    }

    /** The chip's coordinate on {@code axis}, without building a {@link ChipCoord}. */
    public int axisIndexOf(int chip, Axis axis) {
        requireChip(chip);
        return coordinate(chip, axis);
    }

    // ---- links ----

    /** All directed links, indexed by id. */
    public List<DirectedLink> links() {
        return links;
    }

    public int linkCount() {
        return links.size();
    }

    public DirectedLink link(int id) {
        checkArgument(id >= 0 && id < links.size(),
                "link id %s is outside slice %s (ids 0..%s)", id, shape, links.size() - 1);
        return links.get(id);
    }

    /** The link leaving {@code fromChip} along {@code axis} in {@code direction}, if there is one. */
    public Optional<DirectedLink> link(int fromChip, Axis axis, Direction direction) {
        requireChip(fromChip);
        int id = linkIdByPort[port(fromChip, axis, direction)];
        return id == NONE ? Optional.empty() : Optional.of(links.get(id));
    }

    /** The chip one link away from {@code chip} along {@code axis} in {@code direction}, if there is one. */
    public OptionalInt neighbour(int chip, Axis axis, Direction direction) {
        requireChip(chip);
        int id = linkIdByPort[port(chip, axis, direction)];
        return id == NONE ? OptionalInt.empty() : OptionalInt.of(links.get(id).to());
    }

    // ---- distances and routes ----

    /** Minimum number of links between two chips: per axis, min(d, n-d) on a ring and |d| on a line. */
    public int hopDistance(int a, int b) {
        requireChip(a);
        requireChip(b);
        int hops = 0;
        for (Axis axis : Axis.values()) {
            hops += axisHops(axis, coordinate(a, axis), coordinate(b, axis));
        }
        return hops;
    }

    /**
     * Dimension-order route: all x hops, then y, then z. On a ring the shorter way round is taken; when
     * both ways are equally long (distance n/2 on an even ring) the route goes PLUS, so routes are
     * deterministic. Its length always equals {@link #hopDistance(int, int)}.
     */
    public Route route(int source, int destination) {
        int hops = hopDistance(source, destination);
        ImmutableList.Builder<DirectedLink> path = ImmutableList.builderWithExpectedSize(hops);
        int at = source;
        for (Axis axis : Axis.values()) {
            int from = coordinate(at, axis);
            int to = coordinate(destination, axis);
            if (from == to) {
                continue;
            }
            Direction direction = travelDirection(axis, from, to);
            int steps = axisHops(axis, from, to);
            for (int i = 0; i < steps; i++) {
                DirectedLink link = links.get(linkIdByPort[port(at, axis, direction)]);
                path.add(link);
                at = link.to();
            }
        }
        return new Route(source, destination, path.build());
    }

    // ---- groups ----

    /** The group over {@code axes} that holds {@code chip}: the chips sharing its coordinates off those axes. */
    public ChipGroup group(MeshAxes axes, int chip) {
        requireChip(chip);
        // Groups are ordered by lowest member, i.e. by the chip's coordinates on the other axes, x fastest.
        int index = 0;
        int radix = 1;
        for (Axis axis : Axis.values()) {
            if (!axes.contains(axis)) {
                index += coordinate(chip, axis) * radix;
                radix *= shape.size(axis);
            }
        }
        return groups(axes).get(index);
    }

    /** The partition of the slice into groups over {@code axes}, ordered by lowest member id. */
    public List<ChipGroup> groups(MeshAxes axes) {
        Objects.requireNonNull(axes, "axes");
        ImmutableList<ChipGroup> groups = groupsByMask.get(axes.mask());
        if (groups == null) {
            groups = buildGroups(axes);
            groupsByMask.compareAndSet(axes.mask(), null, groups);
        }
        return groups;
    }

    private ImmutableList<ChipGroup> buildGroups(MeshAxes axes) {
        int count = shape.chipCount() / axes.groupSize(shape);
        ImmutableList.Builder<ChipGroup> builder = ImmutableList.builderWithExpectedSize(count);
        for (int chip = 0; chip < shape.chipCount(); chip++) {
            if (isAnchor(axes, chip)) {
                builder.add(new ChipGroup(shape, axes, chip));
            }
        }
        return builder.build();
    }

    /** Whether {@code chip} is the lowest member of its group: coordinate 0 on every group axis. */
    private boolean isAnchor(MeshAxes axes, int chip) {
        for (Axis axis : axes.axes()) {
            if (coordinate(chip, axis) != 0) {
                return false;
            }
        }
        return true;
    }

    // ---- geometry ----

    private int coordinate(int chip, Axis axis) {
        return ChipGroup.coordinate(shape, chip, axis);
    }

    private static int port(int chip, Axis axis, Direction direction) {
        return chip * PORTS_PER_CHIP + axis.index() * 2 + direction.ordinal();
    }

    /** Chip one step from {@code chip} along the axis, or NONE past the end of a line or on a 1-chip axis. */
    private int step(int chip, Axis axis, Direction direction) {
        int size = shape.size(axis);
        int from = coordinate(chip, axis);
        int to = from + direction.sign();
        if (wraps(axis)) {
            to = Math.floorMod(to, size);
        } else if (to < 0 || to >= size) {
            return NONE;
        }
        return chip + (to - from) * ChipGroup.stride(shape, axis);
    }

    private int axisHops(Axis axis, int from, int to) {
        int d = Math.abs(to - from);
        return wraps(axis) ? Math.min(d, shape.size(axis) - d) : d;
    }

    private Direction travelDirection(Axis axis, int from, int to) {
        if (wraps(axis)) {
            int forward = Math.floorMod(to - from, shape.size(axis));
            return forward <= shape.size(axis) - forward ? Direction.PLUS : Direction.MINUS;
        }
        return to > from ? Direction.PLUS : Direction.MINUS;
    }

    private int expectedLinkCount() {
        long perChip = 0;
        for (Axis axis : Axis.values()) {
            int size = shape.size(axis);
            int physical = wraps(axis) ? size : size - 1;
            perChip += 2L * physical * (shape.chipCount() / size);
        }
        return (int) perChip;
    }

    private void requireChip(int chip) {
        if (chip < 0 || chip >= shape.chipCount()) {
            throw new IllegalArgumentException("chip id " + chip + " is outside slice " + shape
                    + " (ids 0.." + (shape.chipCount() - 1) + ")");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Slice
                && ((Slice) other).shape.equals(shape)
                && Arrays.equals(((Slice) other).wraps, wraps);
    }

    @Override
    public int hashCode() {
        return shape.hashCode() * 31 + Arrays.hashCode(wraps);
    }

    /** E.g. "slice 4x4x6 (x ring, y ring, z line)". */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("slice ").append(shape).append(" (");
        for (Axis axis : Axis.values()) {
            if (axis != Axis.X) {
                text.append(", ");
            }
            text.append(axis.letter()).append(wraps(axis) ? " ring" : " line");
        }
        return text.append(')').toString();
    }
}
