package org.tpusim.execution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.tpusim.collective.Collective;
import org.tpusim.collective.CollectiveAlgorithm;
import org.tpusim.collective.CollectiveCosts;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.collective.CollectiveSpec;
import org.tpusim.collective.MultiAxis;
import org.tpusim.cost.Bound;
import org.tpusim.cost.ChipCostModel;
import org.tpusim.cost.OpKind;
import org.tpusim.cost.OpTime;
import org.tpusim.engine.Scheduler;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.layout.MeshSplit;
import org.tpusim.program.OpCategory;
import org.tpusim.program.OpSequence;
import org.tpusim.program.ProgramOp;
import org.tpusim.trace.TraceRecorder;

/**
 * Runs op sequences on a simulated slice, one after another.
 *
 * <p>Every chip has an in-order core: its compute ops start in program order, each when its inputs are ready
 * and the previous compute op has finished, and take the time the {@link ChipCostModel} gives. A collective
 * starts when its inputs are ready on every chip (SPMD programs meet at their collectives), runs on the
 * interconnect as a {@link Collective} over its mesh axes (every group at once), and its outputs are ready
 * when the last chip has finished it. With {@link Overlap#NONE} every op also waits for the one before it.
 * Collectives whose inputs are ready start in program order; with the chip's {@code max_collectives_in_flight}
 * N > 0, one starts only while fewer than N are running (the runtime's limit on asynchronous collectives in flight),
 * the others wait, in program order, for one to end.
 *
 * <p>{@code everyChip}: true simulates every chip's core (full detail); false simulates one core for all,
 * which is exact here because all chips run the same compute ops with the same costs and meet at every
 * collective. The interconnect is always simulated link by link for all chips.
 */
public final class ProgramExecution {

    /**
     * @param overlap   how communication overlaps computation
     * @param everyChip simulate every chip's core (true) or one representative core (false)
     * @param chunkBytes largest unit a collective moves over a link at once
     * @param algorithm collective algorithm per axis
     * @param multiAxis how collectives over several axes run
     */
    public record Settings(Overlap overlap, boolean everyChip, long chunkBytes, CollectiveAlgorithm algorithm,
                           MultiAxis multiAxis) {
    }

    /** One sequence's run: when it started and ended, and where its time went. */
    public record SequenceTiming(String name, double startNs, double endNs, TimeBreakdown breakdown,
                                 List<TimelineEntry> timeline) {
        public double durationNs() {
            return endNs - startNs;
        }
    }

    /**
     * One interval of the representative chip's timeline.
     *
     * @param lane "core" for compute ops, "collectives" for communication
     */
    public record TimelineEntry(String lane, String name, OpCategory category, double startNs, double endNs) {
    }

    /** Upper bound on the chunks of one message of a program collective (see chunkBytes). */
    static final long MAX_CHUNKS_PER_MESSAGE = 32;

    private final Interconnect net;
    private final ChipCostModel cost;
    private final CollectiveCosts collectiveCosts;
    /** Costs of chunks 2..n of a Looped CollectiveEinsum: no start cost (see CollectiveEinsum). */
    private final CollectiveCosts continuationCosts;
    private final MeshSplit mesh;
    private final Settings settings;
    private final int cores;
    /** The interconnect's trace, or null: records compute ops and collectives. */
    private final TraceRecorder trace;

    public ProgramExecution(Interconnect net, ChipCostModel cost, CollectiveCosts collectiveCosts, MeshSplit mesh,
                            Settings settings) {
        this.net = net;
        this.cost = cost;
        this.collectiveCosts = collectiveCosts;
        this.mesh = mesh;
        this.settings = settings;
        this.cores = settings.everyChip() ? net.slice().chipCount() : 1;
        this.continuationCosts = new CollectiveCosts(0, collectiveCosts.reductionBytesPerNs());
        this.trace = net.trace();
    }

    /** The chip cost model the cores use. */
    public ChipCostModel costModel() {
        return cost;
    }

    /** The sequence as it will execute: decomposed into chunks under {@link Overlap#COLLECTIVE_EINSUM}. */
    public OpSequence prepare(OpSequence seq) {
        return settings.overlap() == Overlap.COLLECTIVE_EINSUM
                ? CollectiveEinsum.decompose(seq, mesh, c -> multiAxisFor(c) == MultiAxis.FLAT_RING) : seq;
    }

    /**
     * How a program collective over several axes runs: the execution's choice, except that under flat rings a
     * collective whose group spans all three torus axes and moves at most {@code torus_collective_max_bytes} per chip
     * runs as concurrent per-axis phases (the torus algorithm: sum of (K_axis - 1) steps instead of K - 1), as a
     * collective library picks a latency-optimal algorithm for small buffers and the ring for large ones; so does one
     * whose group has more than {@code flat_ring_max_chips} chips (a ring's K - 1 steps grow with the group).
     */
    MultiAxis multiAxisFor(ProgramOp.Communicate c) {
        if (settings.multiAxis() == MultiAxis.FLAT_RING && c.axes().axes().size() == 3
                && (c.bytesPerChip() <= cost.chip().torusCollectiveMaxBytes() || aboveFlatRingLimit(c))) {
            return MultiAxis.CONCURRENT;
        }
        return settings.multiAxis();
    }

    /** Whether the collective's group is larger than the chip's {@code flat_ring_max_chips} (0: no limit). */
    private boolean aboveFlatRingLimit(ProgramOp.Communicate c) {
        double limit = cost.chip().flatRingMaxChips();
        return limit > 0 && c.axes().groupSize(net.slice().shape()) > limit;
    }

    /** Runs the sequences one after another from now; {@code onDone} gets their timings. */
    public void run(Scheduler scheduler, List<OpSequence> sequences, Consumer<List<SequenceTiming>> onDone) {
        List<SequenceTiming> timings = new ArrayList<>();
        runFrom(scheduler, sequences, 0, timings, onDone);
    }

    private void runFrom(Scheduler scheduler, List<OpSequence> sequences, int index, List<SequenceTiming> timings,
                         Consumer<List<SequenceTiming>> onDone) {
        if (index == sequences.size()) {
            onDone.accept(timings);
            return;
        }
        new SequenceRun(scheduler, prepare(sequences.get(index)), timing -> {
            timings.add(timing);
            runFrom(scheduler, sequences, index + 1, timings, onDone);
        }).start();
    }

    /** One sequence in flight. */
    private final class SequenceRun {
        private final Scheduler scheduler;
        private final OpSequence seq;
        private final Consumer<SequenceTiming> onDone;
        private final List<ProgramOp> ops;
        private final OpTime[] opTimes;
        /** [core][op]: compute ops done on that core; collectives use row 0 only. */
        private final boolean[][] done;
        private final boolean[] collectiveStarted;
        /** [op]: whether the op is a collective. */
        private final boolean[] communicate;
        /** [op]: the op's distinct deps (and, under Overlap.NONE, its predecessor) not yet done on every core. */
        private final int[] pendingDeps;
        /** [op]: the collectives that depend on op (distinct), released when op is done on every core. */
        private final int[][] dependentCollectives;
        /**
         * Collectives whose deps are all done and that have not started, by id (they start in program order, at most
         * {@code max_collectives_in_flight} at a time).
         */
        private final java.util.PriorityQueue<Integer> startable = new java.util.PriorityQueue<>();
        private final int[] nextCompute;
        private final boolean[] coreBusy;
        /** [core]: when the core last became idle (its last compute op ended, or the sequence started). */
        private final double[] idleSinceNs;
        private final int[] coresDoneWith;
        private int opsLeft;
        private int collectivesInFlight;
        private double startNs;
        private final List<TimelineEntry> timeline = new ArrayList<>();
        private double fixedNs;
        private double matmulComputeNs;
        private double weightLoadingNs;
        private double kvLoadingNs;
        private double vectorNs;
        private final Map<OpCategory, Double> byCategory = new EnumMap<>(OpCategory.class);

        SequenceRun(Scheduler scheduler, OpSequence seq, Consumer<SequenceTiming> onDone) {
            this.scheduler = scheduler;
            this.seq = seq;
            this.onDone = onDone;
            this.ops = seq.ops();
            this.opTimes = new OpTime[ops.size()];
            for (ProgramOp op : ops) {
                if (op instanceof ProgramOp.Compute c) {
                    opTimes[op.id()] = cost.time(c.demand());
                }
            }
            this.done = new boolean[cores][ops.size()];
            this.collectiveStarted = new boolean[ops.size()];
            int n = ops.size();
            this.communicate = new boolean[n];
            this.pendingDeps = new int[n];
            int[] dependents = new int[n];
            List<int[]> distinct = new ArrayList<>(n);
            for (ProgramOp op : ops) {
                communicate[op.id()] = op instanceof ProgramOp.Communicate;
                int[] ds = distinctDeps(op);
                distinct.add(ds);
                if (communicate[op.id()]) {
                    pendingDeps[op.id()] = ds.length;
                    for (int d : ds) {
                        dependents[d]++;
                    }
                }
            }
            this.dependentCollectives = new int[n][];
            for (int i = 0; i < n; i++) {
                dependentCollectives[i] = new int[dependents[i]];
                dependents[i] = 0;
            }
            for (ProgramOp op : ops) {
                if (communicate[op.id()]) {
                    for (int d : distinct.get(op.id())) {
                        dependentCollectives[d][dependents[d]++] = op.id();
                    }
                    if (pendingDeps[op.id()] == 0) {
                        startable.add(op.id());
                    }
                }
            }
            this.nextCompute = new int[cores];
            this.coreBusy = new boolean[cores];
            this.idleSinceNs = new double[cores];
            this.coresDoneWith = new int[ops.size()];
            this.opsLeft = ops.size();
        }

        void start() {
            startNs = scheduler.nowNs();
            java.util.Arrays.fill(idleSinceNs, startNs);
            if (ops.isEmpty()) {
                finish();
                return;
            }
            advance(-1);
        }

        /** The ids whose completion op waits for: its deps and, under Overlap.NONE, its predecessor; each once. */
        private int[] distinctDeps(ProgramOp op) {
            java.util.TreeSet<Integer> ids = new java.util.TreeSet<>(op.deps());
            if (settings.overlap() == Overlap.NONE && op.id() > 0) {
                ids.add(op.id() - 1);
            }
            return ids.stream().mapToInt(Integer::intValue).toArray();
        }

        /** Whether op's inputs are ready on this core (collectives: on every core). */
        private boolean ready(ProgramOp op, int core) {
            if (settings.overlap() == Overlap.NONE && op.id() > 0 && !doneEverywhereOrOn(op.id() - 1, core)) {
                return false;
            }
            for (int d : op.deps()) {
                if (!doneEverywhereOrOn(d, core)) {
                    return false;
                }
            }
            return true;
        }

        private boolean doneEverywhereOrOn(int id, int core) {
            return communicate[id] ? done[0][id] : done[core][id];
        }

        /**
         * Starts whatever can start now, given that only {@code core}'s state and the collectives' changed since the
         * last call ({@code core} < 0: every core's may have).
         *
         * <p>Equivalent to scanning every op on every core, and in the same order (startable collectives by id, then
         * the cores by index): a core's next compute op waits only for its own earlier ops and for collectives, so
         * between calls only the core whose op ended can become ready, except when a collective ended.
         */
        private void advance(int core) {
            int limit = cost.chip().maxCollectivesInFlight();
            while (!startable.isEmpty() && (limit == 0 || collectivesInFlight < limit)) {
                startCollective((ProgramOp.Communicate) ops.get(startable.poll()));
            }
            if (core >= 0) {
                tryCompute(core);
            } else {
                for (int c = 0; c < cores; c++) {
                    tryCompute(c);
                }
            }
        }

        /** Op {@code id} is done on every core: collectives waiting only for it may start. */
        private void releaseDependents(int id) {
            for (int c : dependentCollectives[id]) {
                if (--pendingDeps[c] == 0) {
                    startable.add(c);
                }
            }
        }

        private void tryCompute(int core) {
            if (coreBusy[core]) {
                return;
            }
            int i = nextCompute[core];
            while (i < ops.size() && communicate[i]) {
                i++;
            }
            nextCompute[core] = i;
            if (i == ops.size() || !ready(ops.get(i), core)) {
                return;
            }
            ProgramOp.Compute op = (ProgramOp.Compute) ops.get(i);
            double start = scheduler.nowNs();
            OpTime t = withPrefetch(op, opTimes[i], start - idleSinceNs[core]);
            coreBusy[core] = true;
            nextCompute[core] = i + 1;
            if (core == 0) {
                account(op, t);
                timeline.add(new TimelineEntry("core", op.name(), op.category(), start, start + t.totalNs()));
            }
            if (trace != null) {
                trace.compute(cores == 1 ? -1 : core, op.name(), op.category().label(), start, start + t.totalNs());
            }
            scheduler.after(t.totalNs(), () -> {
                coreBusy[core] = false;
                idleSinceNs[core] = scheduler.nowNs();
                done[core][op.id()] = true;
                onComputeDone(op.id(), core);
            });
        }

        /**
         * Weight prefetch: while the core waited {@code idleNs} for this op's inputs, its HBM was free, and the runtime
         * fetched the op's weights ahead into on-chip memory (XLA's memory-space assignment), up to the chip's
         * {@code prefetch_buffer_bytes} at the achievable HBM rate. The op then streams only the rest.
         */
        private OpTime withPrefetch(ProgramOp.Compute op, OpTime full, double idleNs) {
            double buffer = cost.chip().prefetchBufferBytes();
            if (buffer <= 0 || idleNs <= 0 || op.demand().weightBytes() <= 0) {
                return full;
            }
            double prefetched = Math.min(Math.min(buffer, op.demand().weightBytes()), idleNs * cost.prefetchBytesPerNs());
            return cost.time(op.demand(), prefetched);
        }

        private void account(ProgramOp.Compute op, OpTime t) {
            fixedNs += t.fixedNs();
            double rest = t.totalNs() - t.fixedNs();
            OpKind kind = op.demand().kind();
            if (kind == OpKind.VECTOR) {
                vectorNs += rest;
            } else if (kind == OpKind.ATTENTION && t.bound() != Bound.COMPUTE) {
                kvLoadingNs += rest;
            } else if (kind == OpKind.MATMUL && t.bound() == Bound.MEMORY) {
                weightLoadingNs += rest;
            } else {
                matmulComputeNs += rest;
            }
            byCategory.merge(op.category(), t.totalNs(), Double::sum);
        }

        private void startCollective(ProgramOp.Communicate c) {
            collectiveStarted[c.id()] = true;
            collectivesInFlight++;
            double start = scheduler.nowNs();
            CollectiveSpec spec = c.loopChunk()
                    ? new CollectiveSpec(c.kind(), c.axes(), c.bytesPerChip(), settings.algorithm(), MultiAxis.FLAT_RING,
                            chunkBytes(c), c.ringSteps())
                    : new CollectiveSpec(c.kind(), c.axes(), c.bytesPerChip(), settings.algorithm(),
                            multiAxisFor(c), chunkBytes(c));
            CollectiveCosts costs = c.loopContinuation() ? continuationCosts : startCosts(c);
            Collective.create(net, spec, costs).start(scheduler, end -> {
                collectivesInFlight--;
                timeline.add(new TimelineEntry("collectives", c.name(), c.category(), start, end));
                if (trace != null) {
                    trace.collective(c.name(), c.category().label(), start, end);
                }
                byCategory.merge(c.category(), end - start, Double::sum);
                done[0][c.id()] = true;
                releaseDependents(c.id());
                opsLeft--;
                if (opsLeft == 0) {
                    finish();
                } else {
                    advance(-1);
                }
            });
        }

        /**
         * Costs of a collective that starts (not a loop continuation): the fixed start cost plus the group's
         * synchronisation, {@code collective_sync_ns_per_doubling x log2(K)} for a group of K chips, and for an
         * all-to-all {@code all_to_all_ns_per_peer x (K - 1)} (one DMA issued per destination).
         */
        private CollectiveCosts startCosts(ProgramOp.Communicate c) {
            double sync = cost.chip().collectiveSyncNsPerDoubling();
            double perPeer = c.kind() == CollectiveKind.ALL_TO_ALL ? cost.chip().allToAllNsPerPeer() : 0;
            if (sync == 0 && perPeer == 0) {
                return collectiveCosts;
            }
            int k = c.axes().groupSize(net.slice().shape());
            return new CollectiveCosts(collectiveCosts.overheadNs() + cost.chip().collectiveStartNs(k)
                    - cost.chip().collectiveOverheadNs() + perPeer * (k - 1), collectiveCosts.reductionBytesPerNs());
        }

        /**
         * The chunk size for a program collective: the scenario's, raised so that no message is cut into more than
         * about {@value #MAX_CHUNKS_PER_MESSAGE} chunks (a weight gather moves gigabytes; finer chunks would only
         * cost events, since nothing else shares its links at a finer grain).
         */
        private long chunkBytes(ProgramOp.Communicate c) {
            int k = c.axes().groupSize(net.slice().shape());
            long perMessage = c.bytesPerChip() / Math.max(1, k);
            return Math.max(settings.chunkBytes(), (perMessage + MAX_CHUNKS_PER_MESSAGE - 1) / MAX_CHUNKS_PER_MESSAGE);
        }

        private void onComputeDone(int id, int core) {
            if (++coresDoneWith[id] < cores) {
                advance(core);
                return;
            }
            releaseDependents(id);
            opsLeft--;
            if (opsLeft == 0) {
                finish();
            } else {
                advance(core);
            }
        }

        private void finish() {
            double end = scheduler.nowNs();
            onDone.accept(new SequenceTiming(seq.name(), startNs, end, breakdown(end), List.copyOf(timeline)));
        }

        /** Splits the span into compute classes, exposed and hidden communication, and idle time. */
        private TimeBreakdown breakdown(double end) {
            double span = end - startNs;
            List<double[]> core = new ArrayList<>();
            List<double[]> comm = new ArrayList<>();
            for (TimelineEntry e : timeline) {
                (e.lane().equals("core") ? core : comm).add(new double[] {e.startNs(), e.endNs()});
            }
            List<double[]> commUnion = union(comm);
            double commTotal = length(commUnion);
            double hidden = overlap(commUnion, union(core));
            double computeBusy = matmulComputeNs + weightLoadingNs + kvLoadingNs + vectorNs + fixedNs;
            double exposed = commTotal - hidden;
            double idle = Math.max(0, span - computeBusy - exposed);
            return new TimeBreakdown(span, matmulComputeNs, weightLoadingNs, kvLoadingNs, vectorNs, fixedNs, exposed,
                    hidden, idle, new EnumMap<>(byCategory.isEmpty() ? Map.of() : byCategory));
        }
    }

    static List<double[]> union(List<double[]> intervals) {
        List<double[]> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingDouble(a -> a[0]));
        List<double[]> out = new ArrayList<>();
        for (double[] iv : sorted) {
            if (!out.isEmpty() && iv[0] <= out.get(out.size() - 1)[1]) {
                double[] last = out.get(out.size() - 1);
                last[1] = Math.max(last[1], iv[1]);
            } else {
                out.add(new double[] {iv[0], iv[1]});
            }
        }
        return out;
    }

    static double length(List<double[]> union) {
        double s = 0;
        for (double[] iv : union) {
            s += iv[1] - iv[0];
        }
        return s;
    }

    /** Total length of the intersection of two unions of intervals. */
    static double overlap(List<double[]> a, List<double[]> b) {
        double s = 0;
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            double lo = Math.max(a.get(i)[0], b.get(j)[0]);
            double hi = Math.min(a.get(i)[1], b.get(j)[1]);
            if (hi > lo) {
                s += hi - lo;
            }
            if (a.get(i)[1] < b.get(j)[1]) {
                i++;
            } else {
                j++;
            }
        }
        return s;
    }
}
