package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tpusim.engine.Scheduler;

/**
 * N identical servers ({@link ServingSimulation}s, each a slice with its own queue, batching and KV cache) behind a
 * router, in one discrete-event run. Requests arriving at the same instant are routed one by one in trace order
 * (each seeing the others' routing), then each replica decides. The pass times are shared: every replica runs the
 * same shapes on the same kind of slice.
 */
public final class ReplicatedServing {
    private final List<Flight> flights = new ArrayList<>();
    private final List<ServingSimulation> replicas = new ArrayList<>();
    private final RouterKind router;
    private final int[] routed;
    private final Map<Integer, Integer> prefixHome = new HashMap<>();
    private int next;
    private Scheduler scheduler;

    public ReplicatedServing(GenerationTrace trace, Batching batching, ShapeBuckets shapes, long kvCapacityTokens,
                             PagedKv paged, Replicas replicas) {
        this(trace, batching, shapes, kvCapacityTokens, java.util.function.LongUnaryOperator.identity(), paged,
                replicas);
    }

    /** @param kvPositions as {@link ServingSimulation}'s: the positions a full reservation takes (sliding windows) */
    public ReplicatedServing(GenerationTrace trace, Batching batching, ShapeBuckets shapes, long kvCapacityTokens,
                             java.util.function.LongUnaryOperator kvPositions, PagedKv paged, Replicas replicas) {
        for (Request r : trace.requests()) {
            flights.add(new Flight(r));
        }
        GenerationTrace none = new GenerationTrace(trace.origin(), trace.format(), List.of(), List.of());
        for (int i = 0; i < replicas.count(); i++) {
            this.replicas.add(new ServingSimulation(none, batching, shapes, kvCapacityTokens, kvPositions, paged));
        }
        this.router = replicas.router();
        this.routed = new int[replicas.count()];
    }

    /**
     * Speculative decoding on every replica (each its own acceptance draws, split from the seed in replica order;
     * a request's acceptance rate is its own wherever it runs).
     */
    public void speculate(Speculation s, ShapeBuckets draft) {
        for (int i = 0; i < replicas.size(); i++) {
            replicas.get(i).speculate(s.withSeed(s.seed() + i), draft);
        }
    }

    public void start(Scheduler s) {
        checkState(scheduler == null, "a serving simulation runs once");
        scheduler = s;
        for (ServingSimulation r : replicas) {
            r.startReplica(s);
        }
        if (!flights.isEmpty()) {
            s.at(flights.get(0).request.arrivalNs(), () -> onArrival(0));
        }
    }

    private void onArrival(int index) {
        double t = flights.get(index).request.arrivalNs();
        List<List<Flight>> perReplica = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            perReplica.add(new ArrayList<>());
        }
        long[] pending = new long[replicas.size()];
        int i = index;
        while (i < flights.size() && flights.get(i).request.arrivalNs() == t) {
            Flight f = flights.get(i++);
            int r = route(f, pending);
            perReplica.get(r).add(f);
            pending[r] += f.outstandingTokens();
            routed[r]++;
        }
        if (i < flights.size()) {
            int following = i;
            scheduler.at(flights.get(following).request.arrivalNs(), () -> onArrival(following));
        }
        for (int r = 0; r < replicas.size(); r++) {
            if (!perReplica.get(r).isEmpty()) {
                replicas.get(r).arrive(perReplica.get(r));
            }
        }
    }

    /** The replica for {@code f}; {@code pending} holds the tokens routed at this instant, not yet arrived. */
    private int route(Flight f, long[] pending) {
        switch (router) {
            case ROUND_ROBIN -> {
                int r = next;
                next = (next + 1) % replicas.size();
                return r;
            }
            case PREFIX_AFFINITY -> {
                if (f.request.prefixId() >= 0) {
                    Integer home = prefixHome.get(f.request.prefixId());
                    int r = home != null ? home : leastTokens(pending);
                    prefixHome.put(f.request.prefixId(), r);
                    return r;
                }
                return leastTokens(pending);
            }
            default -> {
                return leastTokens(pending);
            }
        }
    }

    private int leastTokens(long[] pending) {
        int best = 0;
        long bestTokens = Long.MAX_VALUE;
        for (int r = 0; r < replicas.size(); r++) {
            long t = replicas.get(r).outstandingTokens() + pending[r];
            if (t < bestTokens) {
                best = r;
                bestTokens = t;
            }
        }
        return best;
    }

    /** Requests routed to each replica. */
    public int[] routed() {
        return routed.clone();
    }

    /** Each replica's own outcome. */
    public List<ServingOutcome> replicaOutcomes() {
        List<ServingOutcome> out = new ArrayList<>();
        for (ServingSimulation r : replicas) {
            out.add(r.outcome());
        }
        return out;
    }

    /**
     * All replicas as one outcome: requests in trace order, every pass of every replica by start time, gaps pooled,
     * the KV capacity of one replica and the highest peak, counters summed.
     */
    public ServingOutcome outcome() {
        List<ServingOutcome> parts = replicaOutcomes();
        List<RequestOutcome> requests = new ArrayList<>();
        List<PassRecord> passes = new ArrayList<>();
        int gapCount = 0;
        long peak = 0, chunks = 0, preemptions = 0, recomputed = 0;
        double swapped = 0, swapNs = 0;
        ServingOutcome.Prefixes prefixes = null;
        ServingOutcome.Speculative speculative = null;
        for (ServingOutcome o : parts) {
            requests.addAll(o.requests());
            passes.addAll(o.passes());
            gapCount += o.gapsNs().length;
            peak = Math.max(peak, o.peakKvTokens());
            chunks += o.prefillChunks();
            preemptions += o.paging().preemptions();
            recomputed += o.paging().recomputedTokens();
            swapped += o.paging().swappedBytesPerChip();
            swapNs += o.paging().swapNs();
            if (o.speculative() != null) {
                ServingOutcome.Speculative x = o.speculative();
                speculative = speculative == null ? x : new ServingOutcome.Speculative(
                        speculative.sequenceSteps() + x.sequenceSteps(),
                        speculative.proposalsAccepted() + x.proposalsAccepted(), speculative.draftNs() + x.draftNs());
            }
            if (o.prefixes() != null) {
                ServingOutcome.Prefixes p = o.prefixes();
                prefixes = prefixes == null ? p : new ServingOutcome.Prefixes(p.capacityBlocks(),
                        prefixes.lookups() + p.lookups(), prefixes.hits() + p.hits(),
                        prefixes.tokensSaved() + p.tokensSaved(), prefixes.evictions() + p.evictions());
            }
        }
        requests.sort(Comparator.comparingInt(RequestOutcome::id));
        passes.sort(Comparator.comparingDouble(PassRecord::startNs));
        double[] gaps = new double[gapCount];
        int k = 0;
        for (ServingOutcome o : parts) {
            System.arraycopy(o.gapsNs(), 0, gaps, k, o.gapsNs().length);
            k += o.gapsNs().length;
        }
        ServingOutcome.Paging first = parts.get(0).paging();
        return new ServingOutcome(requests, passes, gaps, parts.get(0).kvCapacityTokens(), peak, chunks,
                new ServingOutcome.Paging(preemptions, recomputed, swapped, swapNs, first.capacityBlocks(),
                        first.blockTokens()), prefixes, speculative);
    }
}
