package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tpusim.engine.Scheduler;

/**
 * Disaggregated prefill and decode (Splitwise, DistServe): a prefill pool and a decode pool, each its own slice with
 * its own layout, pass times, KV cache and continuous batching. A request is prefilled in the prefill pool (its
 * first token comes from there), then its KV cache (history + prompt positions, {@code kvBytesPerPosition} each
 * for the whole model) crosses to the decode pool over one link shared first come, first served (latency +
 * bytes / bandwidth, {@link Pools}); the prefill pool keeps its KV until the transfer ends. The decode pool admits
 * arrived requests straight into its running batch and decodes their remaining tokens.
 */
public final class DisaggregatedServing {
    private final List<Flight> flights = new ArrayList<>();
    private final ServingSimulation prefill;
    private final ServingSimulation decode;
    private final Pools pools;
    private final double kvBytesPerPosition;
    private final List<Double> transferNs = new ArrayList<>();
    private final double[] handedOffNs;
    private double linkFreeNs;
    private Scheduler scheduler;

    public DisaggregatedServing(GenerationTrace trace, Batching batching, ShapeBuckets prefillShapes,
                                long prefillKvTokens, ShapeBuckets decodeShapes, long decodeKvTokens, Pools pools,
                                double kvBytesPerPosition) {
        for (Request r : trace.requests()) {
            flights.add(new Flight(r));
        }
        GenerationTrace none = new GenerationTrace(trace.origin(), trace.format(), List.of(), List.of());
        this.prefill = new ServingSimulation(none, batching, prefillShapes, prefillKvTokens, null);
        this.decode = new ServingSimulation(none, batching, decodeShapes, decodeKvTokens, null);
        this.prefill.role(ServingSimulation.Role.PREFILL_ONLY, this::transfer);
        this.decode.role(ServingSimulation.Role.DECODE_ONLY, null);
        this.pools = pools;
        this.kvBytesPerPosition = kvBytesPerPosition;
        this.handedOffNs = new double[flights.size()];
    }

    public void start(Scheduler s) {
        checkState(scheduler == null, "a serving simulation runs once");
        scheduler = s;
        prefill.startReplica(s);
        decode.startReplica(s);
        if (!flights.isEmpty()) {
            s.at(flights.get(0).request.arrivalNs(), () -> onArrival(0));
        }
    }

    private void onArrival(int index) {
        double t = flights.get(index).request.arrivalNs();
        List<Flight> now = new ArrayList<>();
        int i = index;
        while (i < flights.size() && flights.get(i).request.arrivalNs() == t) {
            now.add(flights.get(i++));
        }
        if (i < flights.size()) {
            int following = i;
            scheduler.at(flights.get(following).request.arrivalNs(), () -> onArrival(following));
        }
        prefill.arrive(now);
    }

    /** A prefilled request's KV leaves for the decode pool when the link is free. */
    private void transfer(Flight f) {
        double now = scheduler.nowNs();
        double start = Math.max(now, linkFreeNs);
        double bytes = (f.request.cachedTokens() + f.request.inputTokens()) * kvBytesPerPosition;
        double end = start + pools.transferNs(bytes);
        linkFreeNs = end;
        transferNs.add(end - now);
        handedOffNs[f.request.id()] = end;
        scheduler.at(end, () -> {
            prefill.release(f);
            decode.arrive(List.of(f));
        });
    }

    /**
     * @param all        every request, both pools' passes, pooled gaps
     * @param prefillPool the prefill pool's passes (requests: none)
     * @param decodePool the decode pool's passes
     * @param transferNs every KV transfer's time from the end of its prefill to its arrival (queueing on the
     *                   link included), ns
     */
    public record Outcome(ServingOutcome all, List<PassRecord> prefillPool, List<PassRecord> decodePool,
                          double[] transferNs, long prefillPeakKvTokens, long decodePeakKvTokens) {
    }

    public Outcome outcome() {
        List<RequestOutcome> out = new ArrayList<>();
        for (Flight f : flights) {
            checkState(f.done() && !Double.isNaN(f.completionNs), "request %s was not served", f.request.id());
            Request r = f.request;
            out.add(new RequestOutcome(r.id(), r.line(), r.arrivalNs(), r.inputTokens(), r.cachedTokens(),
                    r.outputTokens(), f.prefillStartNs, f.firstTokenNs, f.completionNs, f.maxGapNs));
        }
        List<PassRecord> p = prefill.passesSoFar();
        List<PassRecord> d = decode.passesSoFar();
        List<PassRecord> passes = new ArrayList<>(p);
        passes.addAll(d);
        passes.sort(Comparator.comparingDouble(PassRecord::startNs));
        double[] gp = prefill.gapsSoFar();
        double[] gd = decode.gapsSoFar();
        double[] gaps = new double[gp.length + gd.length];
        System.arraycopy(gp, 0, gaps, 0, gp.length);
        System.arraycopy(gd, 0, gaps, gp.length, gd.length);
        double[] transfers = transferNs.stream().mapToDouble(Double::doubleValue).toArray();
        ServingOutcome all = new ServingOutcome(out, passes, gaps, 0, decode.peakKvTokens(), 0,
                new ServingOutcome.Paging(0, 0, 0, 0, 0, 0), null);
        return new Outcome(all, p, d, transfers, prefill.peakKvTokens(), decode.peakKvTokens());
    }
}
