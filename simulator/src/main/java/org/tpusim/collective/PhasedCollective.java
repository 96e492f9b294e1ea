package org.tpusim.collective;

import java.util.function.DoubleConsumer;
import org.tpusim.engine.Scheduler;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.topology.Axis;
import org.tpusim.topology.Direction;
import org.tpusim.topology.Route;
import org.tpusim.topology.Slice;

/**
 * All-gather, reduce-scatter and all-reduce as per-axis ring (or line) phases, simulated step by step.
 *
 * <p>Every chip runs each part of the {@link CollectivePlan} through its phases. In a phase along an
 * axis of K chips, a chip sends one message per step to its neighbour in each direction the algorithm
 * uses. Step s can go once the chip has received (and, in a reduce-scatter, reduced) the message its
 * step-s data depends on, and once its previous message has left its link. A phase ends on a chip when
 * it has received and reduced everything it expects; the chip then starts the next phase of that part,
 * without waiting for other chips. Messages queue on the links like any other traffic, so concurrent
 * collectives and the parts of one collective contend where they share links.
 *
 * <p>A reduce-scatter adds each received message into the chip's buffer before forwarding it; the adds
 * of a chip queue on one reducer (HBM-bound, see {@link CollectiveCosts}). Uncongested, a phase on a ring
 * costs {@code (K-1) x (hop latency + m / link bandwidth [+ r / reduction rate])} with m the larger
 * per-direction message and r the bytes reduced per step (the whole shard), the latency-bandwidth form.
 */
public final class PhasedCollective implements Collective {
    private static final int PLUS = 0;
    private static final int MINUS = 1;

    private final Interconnect net;
    private final Slice slice;
    private final CollectiveSpec spec;
    private final CollectiveCosts costs;
    private final CollectivePlan plan;
    private final int phasesPerPart;
    /** [chip][part * phasesPerPart + phase], created when first touched. */
    private final PhaseRun[][] runs;
    private final int[] partsLeft;
    private final double[] reducerFreeAtNs;
    private Scheduler scheduler;
    private DoubleConsumer onComplete;
    private int chipsLeft;
    /** The links the messages cross; representative: chip 0 stands for every chip (see {@link Symmetry}). */
    private final Interconnect.LinkView view;
    /** The chips simulated: all, or chip 0 alone on a representative view. */
    private final int simulatedChips;

    PhasedCollective(Interconnect net, CollectiveSpec spec, CollectiveCosts costs) {
        this.net = net;
        this.slice = net.slice();
        this.spec = spec;
        this.costs = costs;
        this.plan = CollectivePlan.of(spec, slice);
        this.phasesPerPart = plan.phasesPerPart();
        int chips = slice.chipCount();
        this.runs = new PhaseRun[chips][plan.parts().size() * phasesPerPart];
        this.partsLeft = new int[chips];
        this.reducerFreeAtNs = new double[chips];
        this.view = view(net, plan);
        this.simulatedChips = view.representative() ? 1 : chips;
    }

    private static Interconnect.LinkView view(Interconnect net, CollectivePlan plan) {
        if (plan.parts().isEmpty() || plan.phasesPerPart() == 0) {
            return net.real();
        }
        CollectivePlan.Phase first = plan.parts().get(0).phases().get(0);
        if (first.flat()) {
            return Symmetry.flatRing(net, first.flatAxes());
        }
        java.util.Set<Axis> axes = java.util.EnumSet.noneOf(Axis.class);
        for (CollectivePlan.Part part : plan.parts()) {
            for (CollectivePlan.Phase phase : part.phases()) {
                axes.add(phase.axis());
            }
        }
        return Symmetry.translation(net, axes);
    }

    /** Whether one representative chip is simulated for all (network model symmetric or auto, symmetric slice). */
    public boolean representative() {
        return view.representative();
    }

    public CollectivePlan plan() {
        return plan;
    }

    @Override
    public void start(Scheduler scheduler, DoubleConsumer onComplete) {
        this.scheduler = scheduler;
        this.onComplete = onComplete;
        int chips = simulatedChips;
        chipsLeft = chips;
        if (phasesPerPart == 0) {
            scheduler.after(costs.overheadNs(), () -> onComplete.accept(scheduler.nowNs()));
            return;
        }
        for (int c = 0; c < chips; c++) {
            partsLeft[c] = plan.parts().size();
        }
        view.begin();
        scheduler.after(costs.overheadNs(), () -> {
            for (int c = 0; c < chips; c++) {
                for (int p = 0; p < plan.parts().size(); p++) {
                    run(c, p, 0).begin();
                }
            }
        });
    }

    private PhaseRun run(int chip, int part, int phase) {
        int i = part * phasesPerPart + phase;
        PhaseRun r = runs[chip][i];
        if (r == null) {
            r = new PhaseRun(chip, part, phase, plan.parts().get(part).phases().get(phase));
            runs[chip][i] = r;
        }
        return r;
    }

    private void onPhaseDone(PhaseRun r) {
        runs[r.chip][r.part * phasesPerPart + r.phase] = null;
        if (r.phase + 1 < phasesPerPart) {
            run(r.chip, r.part, r.phase + 1).begin();
        } else if (--partsLeft[r.chip] == 0 && --chipsLeft == 0) {
            view.end();
            onComplete.accept(scheduler.nowNs());
        }
    }

    /** How a chip's step s in one direction depends on what it received from upstream. */
    private enum StreamShape { RING, LINE_GATHER, LINE_SCATTER }

    /** One chip's share of one phase of one part. */
    private final class PhaseRun {
        final int chip;
        final int part;
        final int phase;
        final CollectivePlan.Phase spec;
        final StreamShape shape;
        final long[] messageBytes = new long[2];
        final int[] firstStep = new int[2];
        final int[] lastStep = new int[2];
        final int[] nextStep = new int[2];
        final int[] expected = new int[2];
        final int[] ready = new int[2];
        final double[] linkFreeAtNs = {0, 0};
        final boolean[] waiting = new boolean[2];
        final Route[] routes = new Route[2];
        final int[] flowPosition = new int[2];
        boolean begun;
        boolean done;

        PhaseRun(int chip, int part, int phase, CollectivePlan.Phase spec) {
            this.chip = chip;
            this.part = part;
            this.phase = phase;
            this.spec = spec;
            Axis axis = spec.axis();
            int k = spec.size();
            FlatRing flatRing = spec.flat() ? new FlatRing(slice, spec.flatAxes()) : null;
            int position = flatRing != null ? flatRing.rank(chip) : slice.axisIndexOf(chip, axis);
            boolean ring = spec.ring(slice);
            this.shape = ring ? StreamShape.RING : spec.reduce() ? StreamShape.LINE_SCATTER : StreamShape.LINE_GATHER;
            if (ring && spec().algorithm() == CollectiveAlgorithm.BIDIRECTIONAL_RING) {
                messageBytes[PLUS] = spec.messageBytes(slice, spec().algorithm());
                messageBytes[MINUS] = spec.shardBytes() - messageBytes[PLUS];
            } else if (ring) {
                messageBytes[PLUS] = spec.shardBytes();
                messageBytes[MINUS] = 0;
            } else {
                messageBytes[PLUS] = spec.shardBytes();
                messageBytes[MINUS] = spec.shardBytes();
            }
            for (int d = 0; d < 2; d++) {
                int q = d == PLUS ? position : k - 1 - position;   // position along the flow
                flowPosition[d] = q;
                if (messageBytes[d] == 0) {
                    firstStep[d] = 1;
                    nextStep[d] = 1;
                    lastStep[d] = 0;
                    expected[d] = 0;
                    continue;
                }
                switch (shape) {
                    case RING -> {
                        firstStep[d] = 1;
                        lastStep[d] = spec.steps();
                        expected[d] = spec.steps();
                    }
                    case LINE_GATHER -> {
                        firstStep[d] = 1;
                        lastStep[d] = q < k - 1 ? q + 1 : 0;
                        expected[d] = q;
                    }
                    case LINE_SCATTER -> {
                        firstStep[d] = q + 1;
                        lastStep[d] = k - 1;
                        expected[d] = q == 0 ? 0 : k - q;
                    }
                }
                nextStep[d] = firstStep[d];
                if (lastStep[d] >= firstStep[d]) {
                    if (flatRing != null) {
                        routes[d] = slice.route(chip, flatRing.neighbour(chip, d == PLUS ? 1 : -1));
                    } else {
                        Direction dir = d == PLUS ? Direction.PLUS : Direction.MINUS;
                        int to = slice.neighbour(chip, axis, dir).orElseThrow();
                        routes[d] = new Route(chip, to, java.util.List.of(slice.link(chip, axis, dir).orElseThrow()));
                    }
                }
            }
        }

        private CollectiveSpec spec() {
            return PhasedCollective.this.spec;
        }

        /**
         * Messages received (and reduced) that direction d counts towards its next step. On a ring both
         * directions advance together, as one loop iteration: step s of either waits for both directions'
         * step s-1 messages (they are halves of the same shards). Lines advance each direction alone.
         */
        private int readyFor(int d) {
            if (shape == StreamShape.RING && lastStep[PLUS] > 0 && lastStep[MINUS] > 0) {
                return Math.min(ready[PLUS], ready[MINUS]);
            }
            return ready[d];
        }

        /** Messages from upstream that step s of direction d needs to have received and reduced. */
        private int needed(int d, int s) {
            return switch (shape) {
                case RING, LINE_GATHER -> s - 1;
                case LINE_SCATTER -> flowPosition[d] == 0 ? 0 : s - flowPosition[d];
            };
        }

        void begin() {
            begun = true;
            for (int d = 0; d < 2; d++) {
                trySend(d);
            }
            checkDone();
        }

        void trySend(int d) {
            if (!begun || waiting[d] || nextStep[d] > lastStep[d] || readyFor(d) < needed(d, nextStep[d])) {
                return;
            }
            double now = scheduler.nowNs();
            if (now < linkFreeAtNs[d]) {
                waiting[d] = true;
                scheduler.at(linkFreeAtNs[d], () -> {
                    waiting[d] = false;
                    trySend(d);
                });
                return;
            }
            nextStep[d]++;
            waiting[d] = true;
            // on a representative view the message this chip receives from upstream arrives when its own does downstream
            int to = view.representative() ? chip : routes[d].destination();
            // a reduced message is delivered at a rank of its own (phase, part, direction): messages reaching one
            // chip's reducer at one instant queue in the same order on every chip, and on the representative
            int rank = Math.min(Interconnect.TRANSIT_RANK_BASE - 1, (part * phasesPerPart + phase) * 2 + d);
            view.sendMessage(scheduler, routes[d], messageBytes[d], spec().chunkBytes(), rank, freeAt -> {
                waiting[d] = false;
                linkFreeAtNs[d] = freeAt;
                trySend(d);
                checkDone();
            }, () -> run(to, part, phase).receive(d));
        }

        void receive(int d) {
            if (spec.reduce()) {
                double start = Math.max(scheduler.nowNs(), reducerFreeAtNs[chip]);
                double done = start + costs.reductionNs(messageBytes[d]);
                reducerFreeAtNs[chip] = done;
                scheduler.at(done, () -> onReady(d));
            } else {
                onReady(d);
            }
        }

        private void onReady(int d) {
            ready[d]++;
            trySend(PLUS);
            trySend(MINUS);
            checkDone();
        }

        private void checkDone() {
            if (begun && !done && ready[PLUS] == expected[PLUS] && ready[MINUS] == expected[MINUS]
                    && nextStep[PLUS] > lastStep[PLUS] && nextStep[MINUS] > lastStep[MINUS] && !waiting[PLUS]
                    && !waiting[MINUS]) {
                done = true;
                onPhaseDone(this);
            }
        }
    }
}
