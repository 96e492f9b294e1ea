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
     * @param axis       the axis
     * @param size       chips along it (K)
     * @param reduce     true for a reduce-scatter phase, false for an all-gather phase
     * @param shardBytes the shard one step moves, whole (a bidirectional ring sends half each way)
     */
    public record Phase(Axis axis, int size, boolean reduce, long shardBytes) {
        /**
         * The larger per-direction message a step sends: half a shard (rounded up) on a ring with the
         * bidirectional algorithm, the whole shard otherwise (one way on a unidirectional ring, both ways
         * on a line).
         */
        public long messageBytes(Slice slice, CollectiveAlgorithm algorithm) {
            return slice.wraps(axis) && algorithm == CollectiveAlgorithm.BIDIRECTIONAL_RING
                    ? (shardBytes + 1) / 2 : shardBytes;
        }
    }

    /** A share of the buffer and its phases, in order. */
    public record Part(long bytes, ImmutableList<Phase> phases) {
    }

    public static CollectivePlan of(CollectiveKind kind, List<Axis> groupAxes, Slice slice, long bytesPerChip,
                                    MultiAxis multiAxis) {
        Preconditions.checkArgument(kind == CollectiveKind.ALL_GATHER || kind == CollectiveKind.REDUCE_SCATTER
                || kind == CollectiveKind.ALL_REDUCE, "%s has no per-axis phases", kind);
        List<Axis> axes = new ArrayList<>();
        for (Axis a : groupAxes) {
            if (slice.size(a) > 1) {
                axes.add(a);
            }
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

    public int phasesPerPart() {
        return parts.isEmpty() ? 0 : parts.get(0).phases().size();
    }
}
