package org.tpusim.collective;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.tpusim.topology.Axis;
import org.tpusim.topology.Slice;

/**
 * The per-axis phases of an all-gather, reduce-scatter or all-reduce over a group of axes: how the
 * buffer is split into parts, and for each part the axis order and the shard each step moves.
 */
public record CollectivePlan(ImmutableList<Part> parts) {

    /**
     * One phase: a ring or line collective along one axis.
     *
     * @param axis       the axis; for a flat-ring phase the group's first axis of more than one chip
     * @param flatAxes   empty for a phase along one axis; for a {@link MultiAxis#FLAT_RING} phase, the group
     *                   axes its ring runs through ({@link FlatRing})
     * @param size       chips along it (K)
     * @param reduce     true for a reduce-scatter phase, false for an all-gather phase
     * @param shardBytes the shard one step moves, whole (a bidirectional ring sends half each way)
     * @param steps      ring steps the phase runs: K-1, or fewer for one chunk of a loop over a flat ring
     */
    public record Phase(Axis axis, ImmutableList<Axis> flatAxes, int size, boolean reduce, long shardBytes,
                        int steps) {

        public Phase(Axis axis, int size, boolean reduce, long shardBytes) {
            this(axis, ImmutableList.of(), size, reduce, shardBytes, size - 1);
        }

        /** A ring through every chip of a multi-axis group. */
        public boolean flat() {
            return !flatAxes.isEmpty();
        }

        /** Whether the phase runs as a ring (a flat ring always does; an axis only when it wraps). */
        public boolean ring(Slice slice) {
            return flat() || slice.wraps(axis);
        }

        /** The axes the phase moves data along, as letters ("x", or "xyz" for a flat ring). */
        public String axesLabel() {
            if (!flat()) {
                return String.valueOf(axis.letter());
            }
            StringBuilder b = new StringBuilder();
            flatAxes.forEach(a -> b.append(a.letter()));
            return b.toString();
        }

        /**
         * The larger per-direction message a step sends: half a shard (rounded up) on a ring with the
         * bidirectional algorithm, the whole shard otherwise (one way on a unidirectional ring, both ways
         * on a line).
         */
        public long messageBytes(Slice slice, CollectiveAlgorithm algorithm) {
            return ring(slice) && algorithm == CollectiveAlgorithm.BIDIRECTIONAL_RING
                    ? (shardBytes + 1) / 2 : shardBytes;
        }
    }

    /** A share of the buffer and its phases, in order. */
    public record Part(long bytes, ImmutableList<Phase> phases) {
    }

    public static CollectivePlan of(CollectiveKind kind, List<Axis> groupAxes, Slice slice, long bytesPerChip,
                                    MultiAxis multiAxis) {
        return of(kind, groupAxes, slice, bytesPerChip, multiAxis, CollectiveSpec.WHOLE);
    }

    /** The plan of a spec (its kind, axes, bytes, decomposition and ring steps). */
    public static CollectivePlan of(CollectiveSpec spec, Slice slice) {
        return of(spec.kind(), spec.axes().axes(), slice, spec.bytesPerChip(), spec.multiAxis(), spec.ringSteps());
    }

    /**
     * @param ringSteps {@link CollectiveSpec#WHOLE}, or the number of flat-ring steps of a loop chunk (the plan is
     *                  then one flat phase of that many steps, even for a group of one axis)
     */
    public static CollectivePlan of(CollectiveKind kind, List<Axis> groupAxes, Slice slice, long bytesPerChip,
                                    MultiAxis multiAxis, int ringSteps) {
        Preconditions.checkArgument(kind == CollectiveKind.ALL_GATHER || kind == CollectiveKind.REDUCE_SCATTER
                || kind == CollectiveKind.ALL_REDUCE, "%s has no per-axis phases", kind);
        List<Axis> axes = new ArrayList<>();
        for (Axis a : groupAxes) {
            if (slice.size(a) > 1) {
                axes.add(a);
            }
        }
        if (ringSteps != CollectiveSpec.WHOLE) {
            Preconditions.checkArgument(kind != CollectiveKind.ALL_REDUCE, "a loop chunk is a gather or a scatter");
            if (axes.isEmpty() || ringSteps == 0) {
                return new CollectivePlan(ImmutableList.of());
            }
            return flat(kind, ImmutableList.copyOf(axes), slice, bytesPerChip, ringSteps);
        }
        if (multiAxis == MultiAxis.FLAT_RING && axes.size() > 1) {
            return flat(kind, ImmutableList.copyOf(axes), slice, bytesPerChip, CollectiveSpec.WHOLE);
        }
        int partCount = multiAxis == MultiAxis.CONCURRENT ? Math.max(1, axes.size()) : 1;
        ImmutableList.Builder<Part> parts = ImmutableList.builder();
        for (int p = 0; p < partCount; p++) {
            long partBytes = bytesPerChip / partCount + (p < bytesPerChip % partCount ? 1 : 0);
            List<Axis> order = new ArrayList<>();
            for (int i = 0; i < axes.size(); i++) {
                order.add(axes.get((i + p) % axes.size()));
            }
            ImmutableList.Builder<Phase> phases = ImmutableList.builder();
            switch (kind) {
                case ALL_GATHER -> gather(phases, order, slice, partBytes);
                case REDUCE_SCATTER -> scatter(phases, order, slice, partBytes);
                default -> {
                    scatter(phases, order, slice, partBytes);
                    List<Axis> reversed = new ArrayList<>(order);
                    java.util.Collections.reverse(reversed);
                    gather(phases, reversed, slice, partBytes);
                }
            }
            parts.add(new Part(partBytes, phases.build()));
        }
        return new CollectivePlan(parts.build());
    }

    /** One part: a reduce-scatter and/or all-gather phase over one ring through the whole group. */
    private static CollectivePlan flat(CollectiveKind kind, ImmutableList<Axis> axes, Slice slice, long d,
                                       int ringSteps) {
        int k = 1;
        for (Axis a : axes) {
            k *= slice.size(a);
        }
        Preconditions.checkArgument(ringSteps <= k - 1, "%s ring steps on a ring of %s chips", ringSteps, k);
        int steps = ringSteps == CollectiveSpec.WHOLE ? k - 1 : ringSteps;
        long shard = ceilDiv(d, k);
        ImmutableList.Builder<Phase> phases = ImmutableList.builder();
        if (kind != CollectiveKind.ALL_GATHER) {
            phases.add(new Phase(axes.get(0), axes, k, true, shard, steps));
        }
        if (kind != CollectiveKind.REDUCE_SCATTER) {
            phases.add(new Phase(axes.get(0), axes, k, false, shard, steps));
        }
        return new CollectivePlan(ImmutableList.of(new Part(d, phases.build())));
    }

    /** All-gather of an output of D: phase i moves shards of D / (product of sizes of axes i..last). */
    private static void gather(ImmutableList.Builder<Phase> out, List<Axis> order, Slice slice, long d) {
        for (int i = 0; i < order.size(); i++) {
            long divisor = 1;
            for (int j = i; j < order.size(); j++) {
                divisor *= slice.size(order.get(j));
            }
            out.add(new Phase(order.get(i), slice.size(order.get(i)), false, ceilDiv(d, divisor)));
        }
    }

    /** Reduce-scatter of an input of D: phase i moves shards of D / (product of sizes of axes 0..i). */
    private static void scatter(ImmutableList.Builder<Phase> out, List<Axis> order, Slice slice, long d) {
        long divisor = 1;
        for (Axis a : order) {
            divisor *= slice.size(a);
            out.add(new Phase(a, slice.size(a), true, ceilDiv(d, divisor)));
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** The parts' phases all run {@code K-1} steps except a loop chunk's. */
    public int phasesPerPart() {
        return parts.isEmpty() ? 0 : parts.get(0).phases().size();
    }
}
