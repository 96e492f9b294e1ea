package org.tpusim.workload;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.tpusim.engine.Scheduler;
import org.tpusim.model.Phase;

/**
 * The server as a discrete-event model: requests arrive ({@link #onArrival}), wait in a FIFO queue, and are
 * served one pass at a time, the {@link BatchingPolicy} choosing each pass whenever the server is idle;
 * {@link #onPrefillDone} and {@link #onDecodeDone} hand out tokens. One pass runs at a time (the slice runs
 * one program); a pass's time comes from {@link ShapeBuckets}. Requests arriving at the same instant join the
 * queue together, before the policy decides. Other ties run in scheduling order: a request arriving exactly
 * when a pass ends is seen after that pass's tokens are handed out.
 *
 * <p><b>KV cache.</b> Without paging, each admitted request reserves what the policy asks (its final context)
 * until it completes, and nothing is preempted. With a {@link PagedKv}, a sequence holds blocks for the
 * positions it has written: at the start of each pass every sequence in it takes the blocks its new tokens
 * need; when the free blocks do not suffice, requests admitted for this very pass go back to the head of the
 * queue first (not a preemption), then the newest running request (highest admission order) is preempted,
 * until the rest fit. Recompute: its positions are dropped (counted as recomputed tokens) and it waits at the
 * head of the queue to prefill its whole context again (history + prompt + tokens generated), which emits its
 * next token. Swap: its positions are copied to host memory over every chip's host link (latency + bytes per
 * chip / bandwidth, added to the pass that caused it) and it waits, first in line, until its blocks and the
 * next token's fit again, when it is copied back (again priced on the host link, added to the next pass);
 * while any request is swapped out no new request is admitted (as vLLM schedules). With a {@link PrefixCache}
 * (paged only), a request whose prompt's prefix is cached reads it from the cache's blocks as history and
 * prefills the rest; a recompute of such a request prefills its whole context again.
 */
public final class ServingSimulation {
    private final List<Flight> flights = new ArrayList<>();
    private final BatchingPolicy policy;
    private final ShapeBuckets shapes;
    private final long kvCapacityTokens;
    /** Null: reservations, no preemption. */
    private final PagedKv paged;
    /** Null: no prefix caching. */
    private final PrefixCache prefixCache;
    /** Null: plain decode steps. */
    private Speculation speculation;
    private ShapeBuckets draftShapes;
    private java.util.SplittableRandom acceptanceDraws;
    private long speculativeSteps;
    private long proposalsAccepted;
    private double draftNs;
    private final int maxBatch;
    /** Disaggregated pools: this server only prefills (hands requests off) or only decodes (receives them). */
    enum Role { BOTH, PREFILL_ONLY, DECODE_ONLY }
    private Role role = Role.BOTH;
    private java.util.function.Consumer<Flight> handoff;

    /** The FIFO queue: queue[queueHead..] wait, in arrival order. */
    private final List<Flight> queue = new ArrayList<>();
    private int queueHead;
    private final List<Flight> running = new ArrayList<>();
    private final List<Flight> swapped = new ArrayList<>();
    private final List<PassRecord> passes = new ArrayList<>();
    private double[] gaps = new double[1024];
    private int gapCount;
    private long kvUsed;
    private final LongUnaryOperator kvPositions;
    private long peakKv;
    private long chunksRun;
    private long usedBlocks;
    private long admissions;
    private long preemptions;
    private long recomputedTokens;
    private double swappedBytesPerChip;
    private double swapNs;
    private double pendingSwapNs;
    private boolean busy;
    private double pendingWakeNs = Double.NaN;
    private Scheduler scheduler;

    public ServingSimulation(GenerationTrace trace, Batching batching, ShapeBuckets shapes, long kvCapacityTokens) {
        this(trace, batching, shapes, kvCapacityTokens, LongUnaryOperator.identity(), null);
    }

    /** @param paged the paged KV cache, or null for full-context reservations (no sliding window) */
    public ServingSimulation(GenerationTrace trace, Batching batching, ShapeBuckets shapes, long kvCapacityTokens,
                             PagedKv paged) {
        this(trace, batching, shapes, kvCapacityTokens, LongUnaryOperator.identity(), paged);
    }

    /**
     * @param kvPositions the KV-cache positions a sequence of a given context reserves when the cache reserves in
     *                    full (identity without a sliding window; see {@code BatchingPolicy.ServerView#kvPositions})
     * @param paged       the paged KV cache, or null for full-context reservations
     */
    public ServingSimulation(GenerationTrace trace, Batching batching, ShapeBuckets shapes, long kvCapacityTokens,
                             LongUnaryOperator kvPositions, PagedKv paged) {
        checkArgument(kvCapacityTokens > 0, "kvCapacityTokens must be positive, got %s", kvCapacityTokens);
        this.kvPositions = java.util.Objects.requireNonNull(kvPositions, "kvPositions");
        checkArgument(paged == null || batching.policy() != BatchingPolicyKind.STATIC,
                "static batching reserves its padded context: no paged KV cache");
        for (Request r : trace.requests()) {
            flights.add(new Flight(r));
        }
        this.policy = batching.policy().create(batching);
        this.shapes = shapes;
        this.kvCapacityTokens = kvCapacityTokens;
        this.paged = paged;
        this.prefixCache = paged != null && paged.prefixCacheBlocks() > 0
                ? new PrefixCache(paged.prefixCacheBlocks(), paged.blockTokens()) : null;
        this.maxBatch = batching.maxBatch();
    }

    /**
     * Speculative decoding: every decode step runs {@code s.tokens()} draft steps priced by {@code draft}, then a
     * verify pass of k + 1 tokens (one after the other, also when the draft has its own slice: the verify needs the
     * proposals, and the next step's proposals need the verified tokens); every prefill also prefills the draft
     * (after the target's on one slice, beside it on the draft's own). Call before {@link #start}.
     */
    public void speculate(Speculation s, ShapeBuckets draft) {
        checkState(scheduler == null, "speculation is set before the run");
        this.speculation = s;
        this.draftShapes = draft;
        this.acceptanceDraws = new java.util.SplittableRandom(s.seed()).split();
    }

    /** The engine model: schedules the first arrival. */
    public void start(Scheduler s) {
        checkState(scheduler == null, "a serving simulation runs once");
        scheduler = s;
        if (!flights.isEmpty()) {
            s.at(flights.get(0).request.arrivalNs(), () -> onArrival(0));
        }
    }

    /**
     * A replica behind a router ({@link ReplicatedServing}): {@code arrivals} (arriving now, in order) join this
     * server's queue together, then it decides.
     */
    void arrive(List<Flight> arrivals) {
        flights.addAll(arrivals);
        queue.addAll(arrivals);
        dispatch();
    }

    /**
     * A pool of disaggregated serving: {@code PREFILL_ONLY} hands every request with tokens left to
     * {@code handoff} after its prefill (its KV stays reserved until {@link #release}); {@code DECODE_ONLY}
     * admits requests whose first token came from the prefill pool straight into its running batch.
     */
    void role(Role r, java.util.function.Consumer<Flight> handoff) {
        this.role = r;
        this.handoff = handoff;
    }

    /** Prefill pool: a handed-off request's KV has left; its reservation is freed. */
    void release(Flight f) {
        kvUsed -= f.reservedKvTokens;
        f.reservedKvTokens = 0;
        dispatch();
    }

    /** Starts a replica that receives its requests through {@link #arrive} (its trace is empty). */
    void startReplica(Scheduler s) {
        checkState(scheduler == null && flights.isEmpty(), "a replica starts once, before any arrival");
        scheduler = s;
    }

    /** Tokens this server still has to compute for the requests it holds: prompt left and output left. */
    long outstandingTokens() {
        long t = 0;
        for (int i = queueHead; i < queue.size(); i++) {
            t += queue.get(i).outstandingTokens();
        }
        for (Flight f : running) {
            t += f.outstandingTokens();
        }
        for (Flight f : swapped) {
            t += f.outstandingTokens();
        }
        return t;
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
        if (paged != null) {
            swapIn();
        }
        if (prefixCache != null) {
            // what the cache holds for the requests the policy may admit now
            for (int i = queueHead; i < Math.min(queue.size(), queueHead + maxBatch + 1); i++) {
                Flight f = queue.get(i);
                if (f.generated == 0 && f.resumePrompt == 0 && f.prefilled == 0) {
                    f.prefixHit = prefixCache.peek(f.request);
                }
            }
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
        if (role == Role.DECODE_ONLY) {
            // their KV arrived from the prefill pool: they join the running batch at once
            for (Flight f : p.admitted()) {
                Flight head = poll();
                checkState(head == f, "a policy admits the head of the queue, in order");
                f.reservedKvTokens = f.request.finalContextTokens();
                kvUsed += f.reservedKvTokens;
                running.add(f);
            }
            checkState(kvUsed <= kvCapacityTokens, "KV reservations %s exceed capacity %s", kvUsed, kvCapacityTokens);
            peakKv = Math.max(peakKv, kvUsed);
            dispatch();
            return;
        }
        List<Flight> group = new ArrayList<>();
        for (Flight f : p.admitted()) {
            Flight head = poll();
            checkState(head == f, "a policy admits the head of the queue, in order");
            admit(f);
            if (paged == null) {
                f.reservedKvTokens = p.kvTokensEach() > 0 ? p.kvTokensEach()
                        : kvPositions.applyAsLong(role == Role.PREFILL_ONLY
                                ? f.request.cachedTokens() + f.request.inputTokens() : f.request.finalContextTokens());
                kvUsed += f.reservedKvTokens;
            }
            group.add(f);
        }
        if (paged == null) {
            checkState(kvUsed <= kvCapacityTokens, "KV reservations %s exceed capacity %s", kvUsed, kvCapacityTokens);
            peakKv = Math.max(peakKv, kvUsed);
        } else {
            long[] writes = new long[group.size()];
            for (int i = 0; i < writes.length; i++) {
                writes[i] = group.get(i).promptTokens();
            }
            makeRoom(group, writes, group, new ArrayList<>());
            if (group.isEmpty()) {
                dispatchLater();
                return;
            }
            running.removeAll(group);   // they run once prefilled
        }
        long maxInput = 0, maxCached = 0, realTokens = 0;
        for (Flight f : group) {
            maxInput = Math.max(maxInput, f.promptTokens());
            maxCached = Math.max(maxCached, f.historyTokens());
            realTokens += f.promptTokens();
        }
        ShapeBuckets.PricedPass priced = shapes.prefill(group.size(), maxInput, maxCached);
        double passNs = priced.timeNs();
        if (speculation != null) {
            double d = draftShapes.prefill(group.size(), maxInput, maxCached).timeNs();   // the draft's KV too
            draftNs += d;
            // on its own slice the draft prefills the same prompts beside the target's prefill; on the target's
            // slice after it
            passNs = speculation.ownSlice() ? Math.max(passNs, d) : passNs + d;
        }
        double timeNs = passNs + takeSwapNs();
        List<Flight> members = List.copyOf(group);
        PassRecord rec = new PassRecord(priced.phase(), scheduler.nowNs(), scheduler.nowNs() + timeNs,
                members.size(), priced.executedBatch(), realTokens, priced.executedTokens());
        busy = true;
        scheduler.after(timeNs, () -> onPrefillDone(members, rec));
    }

    /** A request enters service: its first admission time, and (paged) its admission order and history. */
    private void admit(Flight f) {
        if (Double.isNaN(f.prefillStartNs)) {
            f.prefillStartNs = scheduler.nowNs();
        }
        if (paged != null) {
            if (prefixCache != null && f.generated == 0 && f.resumePrompt == 0 && f.prefilled == 0) {
                long hit = prefixCache.admit(f.request);
                checkState(hit == f.prefixHit, "prefix hit changed between look-up and admission");
                f.pinsPrefix = hit > 0;
            }
            f.admissionOrder = admissions++;
            f.kvHeld = f.historyTokens() - f.prefixHit;   // the prefix's blocks are the cache's, shared
            f.blocks = 0;
            running.add(f);
        }
    }

    private void releasePrefix(Flight f) {
        if (f.pinsPrefix) {
            prefixCache.release(f.request);
            f.pinsPrefix = false;
        }
    }

    private void onPrefillDone(List<Flight> group, PassRecord rec) {
        passes.add(rec);
        double now = scheduler.nowNs();
        for (Flight f : group) {
            f.kvHeld += f.promptTokens();
            f.prefilled = f.promptTokens();
            emitAfterPrefill(f, now);
            if (!f.done()) {
                if (role == Role.PREFILL_ONLY) {
                    handoff.accept(f);
                } else {
                    running.add(f);
                }
            }
        }
        busy = false;
        dispatch();
    }

    /** The token a finished prefill emits: the first, or after a recompute the next one (a gap like any). */
    private void emitAfterPrefill(Flight f, double now) {
        if (prefixCache != null && f.generated == 0) {
            prefixCache.store(f.request);
        }
        if (f.generated == 0) {
            f.generated = 1;
            f.firstTokenNs = now;
            f.lastTokenNs = now;
        } else {
            token(f, now);
        }
        f.resumePrompt = 0;
        f.prefilled = f.promptTokens();
        if (f.done()) {
            complete(f);
        }
    }

    private void token(Flight f, double now) {
        double gap = now - f.lastTokenNs;
        addGap(gap);
        f.maxGapNs = Math.max(f.maxGapNs, gap);
        f.lastTokenNs = now;
        f.generated++;
    }

    private void startDecode(BatchingPolicy.Decode d) {
        List<Flight> seqs = new ArrayList<>(d.sequences());
        int batch = d.batch();
        double context = d.contextTokens();
        if (paged != null) {
            long[] writes = new long[seqs.size()];
            Arrays.fill(writes, 1);
            makeRoom(seqs, writes, List.of(), new ArrayList<>());
            if (seqs.isEmpty()) {
                dispatchLater();
                return;
            }
            double sum = 0;
            for (Flight f : seqs) {
                sum += f.contextTokens();
            }
            batch = seqs.size();
            context = sum / seqs.size();
        }
        if (speculation != null) {
            startSpeculative(seqs);
            return;
        }
        ShapeBuckets.PricedPass priced = shapes.decode(batch, context);
        int real = 0;
        for (Flight f : seqs) {
            real += f.done() ? 0 : 1;
        }
        double timeNs = priced.timeNs() + takeSwapNs();
        List<Flight> members = List.copyOf(seqs);
        PassRecord rec = new PassRecord(priced.phase(), scheduler.nowNs(), scheduler.nowNs() + timeNs,
                real, priced.executedBatch(), real, priced.executedTokens());
        busy = true;
        scheduler.after(timeNs, () -> onDecodeDone(members, rec));
    }

    /**
     * One speculative step of the running sequences: k draft decode steps at their mean context + i, then the
     * target's verify pass of k + 1 tokens per sequence after the longest context (a prefill shape, padded as
     * one).
     */
    private void startSpeculative(List<Flight> seqs) {
        int k = speculation.tokens();
        double sum = 0;
        long longest = 0;
        for (Flight f : seqs) {
            sum += f.contextTokens();
            longest = Math.max(longest, f.contextTokens());
        }
        double mean = sum / seqs.size();
        double draft = 0;
        for (int i = 0; i < k; i++) {
            draft += draftShapes.decode(seqs.size(), mean + i).timeNs();
        }
        // the verify pass reads the context so far (the last token's KV included) and writes k + 1 positions
        ShapeBuckets.PricedPass verify = shapes.prefill(seqs.size(), k + 1, longest - 1);
        double timeNs = draft + verify.timeNs() + takeSwapNs();
        draftNs += draft;
        List<Flight> members = List.copyOf(seqs);
        double now = scheduler.nowNs();
        PassRecord rec = new PassRecord(Phase.DECODE, now, now + timeNs, members.size(), verify.executedBatch(),
                members.size(), verify.executedTokens());
        busy = true;
        scheduler.after(timeNs, () -> onSpeculativeDone(members, rec));
    }

    private void onSpeculativeDone(List<Flight> seqs, PassRecord rec) {
        double now = scheduler.nowNs();
        int k = speculation.tokens();
        long emittedAll = 0;
        for (Flight f : seqs) {
            int j = Speculation.accepted(k, speculation.acceptanceOf(f.request), acceptanceDraws);
            speculativeSteps++;
            proposalsAccepted += j;
            long emit = Math.min(j + 1, f.request.outputTokens() - f.generated);
            for (long t = 0; t < emit; t++) {
                f.kvHeld++;
                token(f, now);
            }
            emittedAll += emit;
            if (f.done()) {
                complete(f);
            }
        }
        // tokens that needed computing: the tokens emitted (the rejected proposals' work is waste)
        passes.add(new PassRecord(rec.phase(), rec.startNs(), rec.endNs(), rec.realBatch(), rec.executedBatch(),
                emittedAll, rec.executedTokens()));
        busy = false;
        dispatch();
    }

    private void onDecodeDone(List<Flight> seqs, PassRecord rec) {
        passes.add(rec);
        double now = scheduler.nowNs();
        for (Flight f : seqs) {
            if (f.done()) {
                continue;
            }
            f.kvHeld++;
            token(f, now);
            if (f.done()) {
                complete(f);
            }
        }
        busy = false;
        dispatch();
    }

    private void startChunked(BatchingPolicy.Chunked c) {
        List<Flight> admitted = new ArrayList<>();
        for (Flight f : c.admitted()) {
            Flight head = poll();
            checkState(head == f, "a policy admits the head of the queue, in order");
            admit(f);
            if (paged == null) {
                f.reservedKvTokens = f.request.finalContextTokens();
                kvUsed += f.reservedKvTokens;
                running.add(f);
            }
            admitted.add(f);
        }
        List<Flight> prefilling = new ArrayList<>(c.prefilling());
        List<Long> chunkList = new ArrayList<>();
        for (long x : c.chunks()) {
            chunkList.add(x);
        }
        List<Flight> decoding = new ArrayList<>(c.decoding());
        if (paged == null) {
            checkState(kvUsed <= kvCapacityTokens, "KV reservations %s exceed capacity %s", kvUsed, kvCapacityTokens);
            peakKv = Math.max(peakKv, kvUsed);
        } else {
            List<Flight> all = new ArrayList<>(decoding);
            all.addAll(prefilling);
            long[] writes = new long[all.size()];
            for (int i = 0; i < writes.length; i++) {
                writes[i] = i < decoding.size() ? 1 : chunkList.get(i - decoding.size());
            }
            List<Flight> dropped = new ArrayList<>();
            makeRoom(all, writes, admitted, dropped);
            for (Flight f : dropped) {
                int i = prefilling.indexOf(f);
                if (i >= 0) {
                    prefilling.remove(i);
                    chunkList.remove(i);
                }
                decoding.remove(f);
            }
            if (prefilling.isEmpty() && decoding.isEmpty()) {
                dispatchLater();
                return;
            }
        }
        long[] chunks = new long[chunkList.size()];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = chunkList.get(i);
        }
        long longestChunk = 0, longestHistory = 0, chunkTokens = 0;
        for (int i = 0; i < chunks.length; i++) {
            Flight f = prefilling.get(i);
            checkState(chunks[i] >= 1 && chunks[i] <= f.promptLeft(), "chunk %s of a prompt with %s left", chunks[i],
                    f.promptLeft());
            longestChunk = Math.max(longestChunk, chunks[i]);
            longestHistory = Math.max(longestHistory, f.historyTokens() + f.prefilled);
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
        double swap = takeSwapNs();
        if (decoding.isEmpty()) {
            ShapeBuckets.PricedPass p = shapes.prefill(prefilling.size(), longestChunk, longestHistory);
            timeNs = p.timeNs() + swap;
            rec = new PassRecord(Phase.PREFILL, now, now + timeNs, sequences, p.executedBatch(), chunkTokens,
                    p.executedTokens());
        } else if (prefilling.isEmpty()) {
            ShapeBuckets.PricedPass p = shapes.decode(decoding.size(), contextSum / decoding.size());
            timeNs = p.timeNs() + swap;
            rec = new PassRecord(Phase.DECODE, now, now + timeNs, sequences, p.executedBatch(), sequences,
                    p.executedTokens());
        } else {
            ShapeBuckets.PricedMixed p = shapes.mixed(prefilling.size(), longestChunk, longestHistory,
                    decoding.size(), contextSum / decoding.size());
            timeNs = p.timeNs() + swap;
            rec = new PassRecord(Phase.PREFILL, now, now + timeNs, sequences,
                    p.prefill().batch() + p.decodeBatch(), chunkTokens + decoding.size(), p.executedTokens(),
                    decoding.size());
        }
        busy = true;
        List<Flight> pre = List.copyOf(prefilling);
        List<Flight> dec = List.copyOf(decoding);
        scheduler.after(timeNs, () -> onChunkedDone(pre, chunks, dec, rec));
    }

    private void onChunkedDone(List<Flight> prefilling, long[] chunks, List<Flight> decoding, PassRecord rec) {
        passes.add(rec);
        double now = scheduler.nowNs();
        for (int i = 0; i < chunks.length; i++) {
            Flight f = prefilling.get(i);
            f.prefilled += chunks[i];
            f.kvHeld += chunks[i];
            chunksRun++;
            if (f.promptLeft() == 0) {
                emitAfterPrefill(f, now);
            }
        }
        for (Flight f : decoding) {
            f.kvHeld++;
            token(f, now);
            if (f.done()) {
                complete(f);
            }
        }
        busy = false;
        dispatch();
    }

    /**
     * Paged KV: gives every sequence of the pass ({@code members}, each writing {@code writes[i]} positions) the
     * blocks it needs, sending back requests admitted for this pass ({@code admittedNow}, newest first) and then
     * preempting the newest running requests while the free blocks do not suffice. Removes whatever leaves the
     * pass from {@code members} and lists it in {@code dropped}.
     */
    private void makeRoom(List<Flight> members, long[] writes, List<Flight> admittedNow, List<Flight> dropped) {
        List<Flight> in = new ArrayList<>(members);
        List<Long> w = new ArrayList<>();
        for (long x : writes) {
            w.add(x);
        }
        while (true) {
            long need = 0;
            for (int i = 0; i < in.size(); i++) {
                need += paged.blocksFor(in.get(i).kvHeld + w.get(i)) - in.get(i).blocks;
            }
            if (need <= paged.capacityBlocks() - usedBlocks) {
                for (int i = 0; i < in.size(); i++) {
                    Flight f = in.get(i);
                    long b = paged.blocksFor(f.kvHeld + w.get(i));
                    usedBlocks += b - f.blocks;
                    f.blocks = b;
                }
                peakKv = Math.max(peakKv, usedBlocks * paged.blockTokens());
                break;
            }
            Flight victim = null;
            for (int i = admittedNow.size() - 1; i >= 0 && victim == null; i--) {
                if (running.contains(admittedNow.get(i)) && in.contains(admittedNow.get(i))) {
                    victim = admittedNow.get(i);
                }
            }
            if (victim != null) {
                unadmit(victim);
            } else {
                victim = newestRunning();
                checkState(victim != null, "the KV cache cannot hold the pass: %s blocks needed, %s free", need,
                        paged.capacityBlocks() - usedBlocks);
                preempt(victim);
            }
            int i = in.indexOf(victim);
            if (i >= 0) {
                in.remove(i);
                w.remove(i);
                dropped.add(victim);
            }
        }
        if (!dropped.isEmpty() || in.size() != members.size()) {
            members.retainAll(new java.util.HashSet<>(in));
        }
    }

    /** A request admitted for a pass that has no room for it: back to the head of the queue, as if never admitted. */
    private void unadmit(Flight f) {
        if (prefixCache != null && f.resumePrompt == 0) {
            prefixCache.unadmit(f.request, f.prefixHit);
            f.pinsPrefix = false;
            f.prefixHit = 0;
        }
        running.remove(f);
        usedBlocks -= f.blocks;
        f.blocks = 0;
        f.kvHeld = 0;
        f.admissionOrder = -1;
        admissions--;
        if (f.generated == 0 && f.resumePrompt == 0) {
            f.prefillStartNs = Double.NaN;
        }
        requeueAtHead(f);
    }

    private Flight newestRunning() {
        Flight newest = null;
        for (Flight f : running) {
            if (newest == null || f.admissionOrder > newest.admissionOrder) {
                newest = f;
            }
        }
        return newest;
    }

    private void preempt(Flight f) {
        preemptions++;
        running.remove(f);
        usedBlocks -= f.blocks;
        f.blocks = 0;
        if (paged.preemption() == KvPreemption.RECOMPUTE) {
            // its own positions, and the prefix it read from the cache: its resume prefills them all again
            recomputedTokens += f.kvHeld + f.prefixHit;
            releasePrefix(f);
            f.prefixHit = 0;
            f.kvHeld = 0;
            f.prefilled = 0;
            f.resumePrompt = f.request.cachedTokens() + f.request.inputTokens() + f.generated;
            requeueAtHead(f);
        } else {
            double bytes = f.kvHeld * paged.swapBytesPerChipPerPosition();
            swappedBytesPerChip += bytes;
            pendingSwapNs += paged.hostLink().transferNs(bytes);
            swapped.add(f);
        }
    }

    /** Swapped-out requests come back, earliest admitted first, while their blocks and next token's fit. */
    private void swapIn() {
        while (!swapped.isEmpty()) {
            Flight first = swapped.get(0);
            for (Flight f : swapped) {
                if (f.admissionOrder < first.admissionOrder) {
                    first = f;
                }
            }
            long need = paged.blocksFor(first.kvHeld + 1);
            if (need > paged.capacityBlocks() - usedBlocks - runningGrowthBlocks()) {
                return;
            }
            swapped.remove(first);
            first.blocks = paged.blocksFor(first.kvHeld);
            usedBlocks += first.blocks;
            double bytes = first.kvHeld * paged.swapBytesPerChipPerPosition();
            swappedBytesPerChip += bytes;
            pendingSwapNs += paged.hostLink().transferNs(bytes);
            running.add(first);
        }
    }

    /** Blocks the running sequences take if each writes one more position (the next decode step). */
    private long runningGrowthBlocks() {
        long g = 0;
        for (Flight f : running) {
            g += paged.blocksFor(f.kvHeld + 1) - f.blocks;
        }
        return g;
    }

    private double takeSwapNs() {
        double t = pendingSwapNs;
        swapNs += t;
        pendingSwapNs = 0;
        return t;
    }

    private void requeueAtHead(Flight f) {
        if (queueHead > 0) {
            queue.set(--queueHead, f);
        } else {
            queue.add(0, f);
        }
    }

    /** Every member of a pass left it (sent back or preempted): decide again at once. */
    private void dispatchLater() {
        scheduler.after(0, this::dispatch);
    }

    private void complete(Flight f) {
        f.completionNs = scheduler.nowNs();
        running.remove(f);
        kvUsed -= f.reservedKvTokens;
        if (paged != null) {
            usedBlocks -= f.blocks;
            f.blocks = 0;
            releasePrefix(f);
        }
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
                if (!swapped.isEmpty()) {
                    return List.of();    // swapped-out requests come back before anyone new is admitted
                }
                return Collections.unmodifiableList(queue.subList(queueHead, queue.size()));
            }

            @Override
            public List<Flight> running() {
                return Collections.unmodifiableList(running);
            }

            @Override
            public long freeKvTokens() {
                if (paged == null) {
                    return kvCapacityTokens - kvUsed;
                }
                return Math.max(0, paged.capacityBlocks() - usedBlocks - runningGrowthBlocks()) * paged.blockTokens();
            }

            @Override
            public long admissionKvTokens(Flight f, long firstPassTokens) {
                if (paged == null) {
                    return kvPositions.applyAsLong(role == Role.PREFILL_ONLY
                            ? f.request.cachedTokens() + f.request.inputTokens() : f.request.finalContextTokens());
                }
                return paged.blocksFor(f.historyTokens() + firstPassTokens) * paged.blockTokens();
            }

            @Override
            public long kvPositions(long contextTokens) {
                return kvPositions.applyAsLong(contextTokens);
            }

            @Override
            public double nowNs() {
                return scheduler.nowNs();
            }
        };
    }

    /** Passes run so far (a pool's own). */
    List<PassRecord> passesSoFar() {
        return List.copyOf(passes);
    }

    /** Inter-token gaps recorded so far. */
    double[] gapsSoFar() {
        return Arrays.copyOf(gaps, gapCount);
    }

    long peakKvTokens() {
        return peakKv;
    }

    /** The outcome, once the run has ended. */
    public ServingOutcome outcome() {
        List<RequestOutcome> out = new ArrayList<>(flights.size());
        List<Flight> byId = new ArrayList<>(flights);
        byId.sort(java.util.Comparator.comparingInt(f -> f.request.id()));
        for (Flight f : byId) {
            checkState(f.done() && !Double.isNaN(f.completionNs), "request %s (line %s) was not served: the run "
                    + "ended with %s waiting", f.request.id(), f.request.line(), queue.size() - queueHead);
            Request r = f.request;
            out.add(new RequestOutcome(r.id(), r.line(), r.arrivalNs(), r.inputTokens(), r.cachedTokens(),
                    r.outputTokens(), f.prefillStartNs, f.firstTokenNs, f.completionNs, f.maxGapNs));
        }
        return new ServingOutcome(out, List.copyOf(passes), Arrays.copyOf(gaps, gapCount), kvCapacityTokens, peakKv,
                chunksRun, new ServingOutcome.Paging(preemptions, recomputedTokens, swappedBytesPerChip, swapNs,
                        paged == null ? 0 : paged.capacityBlocks(), paged == null ? 0 : paged.blockTokens()),
                prefixCache == null ? null : new ServingOutcome.Prefixes(prefixCache.capacityBlocks(),
                        prefixCache.lookups, prefixCache.hits, prefixCache.tokensSaved, prefixCache.evictions),
                speculation == null ? null : new ServingOutcome.Speculative(speculativeSteps, proposalsAccepted,
                        draftNs));
    }
}
