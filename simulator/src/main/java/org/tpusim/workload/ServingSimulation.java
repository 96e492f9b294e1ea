package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.tpusim.engine.Scheduler;
import org.tpusim.model.Phase;

/**
 * The server as a discrete-event model: requests arrive ({@link #onArrival}), wait in a FIFO queue, and are
 * served one pass at a time, the {@link BatchingPolicy} choosing each pass whenever the server is idle;
 * {@link #onPrefillDone} and {@link #onDecodeDone} hand out tokens. One pass runs at a time (the slice runs
 * one program); a pass's time comes from {@link ShapeBuckets}. Requests arriving at the same instant join the
 * queue together, before the policy decides. Other ties run in scheduling order: a request arriving exactly
 * when a pass ends is seen after that pass's tokens are handed out.
 */
public final class ServingSimulation {
    private final List<Flight> flights = new ArrayList<>();
    private final BatchingPolicy policy;
    private final ShapeBuckets shapes;
    private final long kvCapacityTokens;

    /** The FIFO queue: queue[queueHead..] wait, in arrival order. */
    private final List<Flight> queue = new ArrayList<>();
    private int queueHead;
    private final List<Flight> running = new ArrayList<>();
    private final List<PassRecord> passes = new ArrayList<>();
    private double[] gaps = new double[1024];
    private int gapCount;
    private long kvUsed;
    private long peakKv;
    private long chunksRun;
    private boolean busy;
    private double pendingWakeNs = Double.NaN;
    private Scheduler scheduler;

    public ServingSimulation(GenerationTrace trace, Batching batching, ShapeBuckets shapes, long kvCapacityTokens) {
        checkArgument(kvCapacityTokens > 0, "kvCapacityTokens must be positive, got %s", kvCapacityTokens);
        for (Request r : trace.requests()) {
            flights.add(new Flight(r));
        }
        this.policy = batching.policy().create(batching);
        this.shapes = shapes;
        this.kvCapacityTokens = kvCapacityTokens;
    }

    /** The engine model: schedules the first arrival. */
    public void start(Scheduler s) {
        checkState(scheduler == null, "a serving simulation runs once");
        scheduler = s;
        if (!flights.isEmpty()) {
            s.at(flights.get(0).request.arrivalNs(), () -> onArrival(0));
        }
    }

    /** Requests {@code index} and every later one with the same arrival time join the queue together. */
    private void onArrival(int index) {
        double t = flights.get(index).request.arrivalNs();
        int next = index;
        while (next < flights.size() && flights.get(next).request.arrivalNs() == t) {
            queue.add(flights.get(next++));
        }
        if (next < flights.size()) {
            int following = next;
            scheduler.at(flights.get(following).request.arrivalNs(), () -> onArrival(following));
        }
        dispatch();
    }

    private void onWake() {
        pendingWakeNs = Double.NaN;
        dispatch();
    }

    private void dispatch() {
        if (busy) {
            return;
        }
        BatchingPolicy.Decision d = policy.next(view());
        if (d instanceof BatchingPolicy.Prefill p) {
            startPrefill(p);
        } else if (d instanceof BatchingPolicy.Decode dec) {
            startDecode(dec);
        } else if (d instanceof BatchingPolicy.Chunked c) {
            startChunked(c);
        } else if (d instanceof BatchingPolicy.WaitUntil w) {
            if (Double.isNaN(pendingWakeNs) || w.timeNs() < pendingWakeNs) {
                pendingWakeNs = w.timeNs();
                scheduler.at(w.timeNs(), this::onWake);
            }
        }
    }

    private void startPrefill(BatchingPolicy.Prefill p) {
        long maxInput = 0, maxCached = 0, realTokens = 0;
        for (Flight f : p.admitted()) {
            Flight head = poll();
            checkState(head == f, "a policy admits the head of the queue, in order");
            f.reservedKvTokens = p.kvTokensEach() > 0 ? p.kvTokensEach() : f.request.finalContextTokens();
            kvUsed += f.reservedKvTokens;
            f.prefillStartNs = scheduler.nowNs();
            maxInput = Math.max(maxInput, f.request.inputTokens());
            maxCached = Math.max(maxCached, f.request.cachedTokens());
            realTokens += f.request.inputTokens();
        }
        checkState(kvUsed <= kvCapacityTokens, "KV reservations %s exceed capacity %s", kvUsed, kvCapacityTokens);
        peakKv = Math.max(peakKv, kvUsed);
        ShapeBuckets.PricedPass priced = shapes.prefill(p.admitted().size(), maxInput, maxCached);
        List<Flight> group = List.copyOf(p.admitted());
        PassRecord rec = new PassRecord(priced.phase(), scheduler.nowNs(), scheduler.nowNs() + priced.timeNs(),
                group.size(), priced.executedBatch(), realTokens, priced.executedTokens());
        busy = true;
        scheduler.after(priced.timeNs(), () -> onPrefillDone(group, rec));
    }

    private void onPrefillDone(List<Flight> group, PassRecord rec) {
        passes.add(rec);
        double now = scheduler.nowNs();
        for (Flight f : group) {
            f.prefilled = f.request.inputTokens();
            f.generated = 1;
            f.firstTokenNs = now;
            f.lastTokenNs = now;
            if (f.done()) {
                complete(f);
            } else {
                running.add(f);
            }
        }
        busy = false;
        dispatch();
    }

    private void startDecode(BatchingPolicy.Decode d) {
        ShapeBuckets.PricedPass priced = shapes.decode(d.batch(), d.contextTokens());
        List<Flight> seqs = List.copyOf(d.sequences());
        int real = 0;
        for (Flight f : seqs) {
            real += f.done() ? 0 : 1;
        }
        PassRecord rec = new PassRecord(priced.phase(), scheduler.nowNs(), scheduler.nowNs() + priced.timeNs(),
                real, priced.executedBatch(), real, priced.executedTokens());
        busy = true;
        scheduler.after(priced.timeNs(), () -> onDecodeDone(seqs, rec));
    }

    private void onDecodeDone(List<Flight> seqs, PassRecord rec) {
        passes.add(rec);
        double now = scheduler.nowNs();
        for (Flight f : seqs) {
            if (f.done()) {
                continue;
            }
            double gap = now - f.lastTokenNs;
            addGap(gap);
            f.maxGapNs = Math.max(f.maxGapNs, gap);
            f.lastTokenNs = now;
            f.generated++;
            if (f.done()) {
                complete(f);
            }
        }
        busy = false;
        dispatch();
    }

    private void startChunked(BatchingPolicy.Chunked c) {
        for (Flight f : c.admitted()) {
            Flight head = poll();
            checkState(head == f, "a policy admits the head of the queue, in order");
            f.reservedKvTokens = f.request.finalContextTokens();
            kvUsed += f.reservedKvTokens;
            f.prefillStartNs = scheduler.nowNs();
            running.add(f);
        }
        checkState(kvUsed <= kvCapacityTokens, "KV reservations %s exceed capacity %s", kvUsed, kvCapacityTokens);
        peakKv = Math.max(peakKv, kvUsed);
        List<Flight> prefilling = List.copyOf(c.prefilling());
        long[] chunks = c.chunks().clone();
        List<Flight> decoding = List.copyOf(c.decoding());
        long longestChunk = 0, longestHistory = 0, chunkTokens = 0;
        for (int i = 0; i < chunks.length; i++) {
            Flight f = prefilling.get(i);
            checkState(chunks[i] >= 1 && chunks[i] <= f.promptLeft(), "chunk %s of a prompt with %s left", chunks[i],
                    f.promptLeft());
            longestChunk = Math.max(longestChunk, chunks[i]);
            longestHistory = Math.max(longestHistory, f.request.cachedTokens() + f.prefilled);
            chunkTokens += chunks[i];
        }
        double contextSum = 0;
        for (Flight f : decoding) {
            contextSum += f.contextTokens();
        }
        double now = scheduler.nowNs();
        int sequences = prefilling.size() + decoding.size();
        PassRecord rec;
        double timeNs;
        if (decoding.isEmpty()) {
            ShapeBuckets.PricedPass p = shapes.prefill(prefilling.size(), longestChunk, longestHistory);
            timeNs = p.timeNs();
            rec = new PassRecord(Phase.PREFILL, now, now + timeNs, sequences, p.executedBatch(), chunkTokens,
                    p.executedTokens());
        } else if (prefilling.isEmpty()) {
            ShapeBuckets.PricedPass p = shapes.decode(decoding.size(), contextSum / decoding.size());
            timeNs = p.timeNs();
            rec = new PassRecord(Phase.DECODE, now, now + timeNs, sequences, p.executedBatch(), sequences,
                    p.executedTokens());
        } else {
            ShapeBuckets.PricedMixed p = shapes.mixed(prefilling.size(), longestChunk, longestHistory,
                    decoding.size(), contextSum / decoding.size());
            timeNs = p.timeNs();
            rec = new PassRecord(Phase.PREFILL, now, now + timeNs, sequences,
                    p.prefill().batch() + p.decodeBatch(), chunkTokens + decoding.size(), p.executedTokens(),
                    decoding.size());
        }
        busy = true;
        scheduler.after(timeNs, () -> onChunkedDone(prefilling, chunks, decoding, rec));
    }

    private void onChunkedDone(List<Flight> prefilling, long[] chunks, List<Flight> decoding, PassRecord rec) {
        passes.add(rec);
        double now = scheduler.nowNs();
        for (int i = 0; i < chunks.length; i++) {
            Flight f = prefilling.get(i);
            f.prefilled += chunks[i];
            chunksRun++;
            if (f.promptLeft() == 0) {
                f.generated = 1;
                f.firstTokenNs = now;
                f.lastTokenNs = now;
                if (f.done()) {
                    complete(f);
                }
            }
        }
        for (Flight f : decoding) {
            double gap = now - f.lastTokenNs;
            addGap(gap);
            f.maxGapNs = Math.max(f.maxGapNs, gap);
            f.lastTokenNs = now;
            f.generated++;
            if (f.done()) {
                complete(f);
            }
        }
        busy = false;
        dispatch();
    }

    private void complete(Flight f) {
        f.completionNs = scheduler.nowNs();
        running.remove(f);
        kvUsed -= f.reservedKvTokens;
    }

    private Flight poll() {
        Flight f = queue.get(queueHead++);
        if (queueHead > 4096 && queueHead * 2 > queue.size()) {
            queue.subList(0, queueHead).clear();
            queueHead = 0;
        }
        return f;
    }

    private void addGap(double gap) {
        if (gapCount == gaps.length) {
            gaps = Arrays.copyOf(gaps, gaps.length * 2);
        }
        gaps[gapCount++] = gap;
    }

    private BatchingPolicy.ServerView view() {
        return new BatchingPolicy.ServerView() {
            @Override
            public List<Flight> waiting() {
                return Collections.unmodifiableList(queue.subList(queueHead, queue.size()));
            }

            @Override
            public List<Flight> running() {
                return Collections.unmodifiableList(running);
            }

            @Override
            public long freeKvTokens() {
                return kvCapacityTokens - kvUsed;
            }

            @Override
            public double nowNs() {
                return scheduler.nowNs();
            }
        };
    }

    /** The outcome, once the run has ended. */
    public ServingOutcome outcome() {
        List<RequestOutcome> out = new ArrayList<>(flights.size());
        for (Flight f : flights) {
            checkState(f.done() && !Double.isNaN(f.completionNs), "request %s (line %s) was not served: the run "
                    + "ended with %s waiting", f.request.id(), f.request.line(), queue.size() - queueHead);
            Request r = f.request;
            out.add(new RequestOutcome(r.id(), r.line(), r.arrivalNs(), r.inputTokens(), r.cachedTokens(),
                    r.outputTokens(), f.prefillStartNs, f.firstTokenNs, f.completionNs, f.maxGapNs));
        }
        return new ServingOutcome(out, List.copyOf(passes), Arrays.copyOf(gaps, gapCount), kvCapacityTokens, peakKv,
                chunksRun);
    }
}
