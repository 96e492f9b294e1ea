package org.tpusim.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.tpusim.analytical.Arithmetic;
import org.tpusim.analytical.ServingMetrics;
import org.tpusim.engine.Engine;
import org.tpusim.engine.RunStats;
import org.tpusim.figure.Units;
import org.tpusim.layout.LayoutPlan;
import org.tpusim.layout.MeshSplit;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.Phase;
import org.tpusim.result.TraceResult;
import org.tpusim.scenario.Disaggregation;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.Workload;
import org.tpusim.trace.TraceRecorder;
import org.tpusim.workload.BatchingPolicyKind;
import org.tpusim.workload.GenerationTrace;
import org.tpusim.memory.KvCacheSharding;
import org.tpusim.workload.KvCacheBudget;
import org.tpusim.workload.KvPaging;
import org.tpusim.workload.PagedKv;
import org.tpusim.workload.PassRecord;
import org.tpusim.workload.PassTimes;
import org.tpusim.workload.Percentiles;
import org.tpusim.workload.Request;
import org.tpusim.workload.RequestOutcome;
import org.tpusim.workload.ServingOutcome;
import org.tpusim.workload.DisaggregatedServing;
import org.tpusim.workload.ReplicatedServing;
import org.tpusim.workload.ServingSimulation;
import org.tpusim.workload.ShapeBuckets;
import org.tpusim.workload.StepLayouts;

/**
 * Runs a trace workload: the serving simulation with simulated pass times ({@link SimulatedPassTimes}), then
 * again with the paper's analytical pass times ({@link AnalyticalPassTimes}), and summarises both into a
 * {@link TraceResult}. The metric definitions are in the README (and the record's javadoc).
 */
final class TraceRunner {
    /** Equal windows the run is cut into for {@code utilisation}. */
    static final int WINDOWS = 20;
    /** Upper bounds of the inter-token gap histogram's bins, ms (the last bin is open above). */
    private static final double[] ITL_BIN_UPPER_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};

    /** The two serving runs and what the simulated one cost. */
    record Outcome(ServingOutcome simulated, ServingOutcome analytical, KvCacheBudget kv, RunStats stats,
                   SimulatedPassTimes passTimes, int[] routed, PoolsRun pools) {
        Outcome(ServingOutcome simulated, ServingOutcome analytical, KvCacheBudget kv, RunStats stats,
                SimulatedPassTimes passTimes, int[] routed) {
            this(simulated, analytical, kv, stats, passTimes, routed, null);
        }
    }

    /** Disaggregated pools: each pool's pass times and the simulated run's per-pool outcome. */
    record PoolsRun(DisaggregatedServing.Outcome simulated, SimulatedPassTimes decodeTimes, int prefillChips,
                    int decodeChips) {
    }

    /** A pool's scenario: the scenario with the pool's slice. */
    private static Scenario poolScenario(Scenario s, Scenario.SystemConfig system) {
        return new Scenario(s.source(), s.name(), s.description(), s.seed(), system, s.simulation(), s.model(),
                s.execution(), s.workload(), s.reference());
    }

    private Outcome simulatePools(Scenario s, Workload.Trace w) {
        ModelConfig model = s.model().orElseThrow();
        Disaggregation d = w.pools();
        Scenario.SystemConfig ps = Disaggregation.system(s.system().chip(), d.prefillTopology());
        Scenario.SystemConfig ds = Disaggregation.system(s.system().chip(), d.decodeTopology());
        StepLayouts pl = new StepLayouts(d.prefillLayout().toPlan(), model, MeshSplit.of(ps.slice().shape()));
        StepLayouts dl = new StepLayouts(d.decodeLayout().toPlan(), model, MeshSplit.of(ds.slice().shape()));
        long longestPrompt = 0;
        for (Request r : w.requests().requests()) {
            longestPrompt = Math.max(longestPrompt, r.inputTokens());
        }
        int maxBatch = w.batching().maxBatch();
        KvCacheBudget pkv = KvCacheBudget.of(pl, ps.chip(), maxBatch, longestPrompt);
        KvCacheBudget dkv = KvCacheBudget.of(dl, ds.chip(), maxBatch, longestPrompt);
        // the whole cache of one position: K and V of every layer and K/V head, once
        double perPosition = 2.0 * model.model().layers() * model.model().kvHeads() * model.model().dHead()
                * model.kvCache().bytes();
        SimulatedPassTimes pt = new SimulatedPassTimes(poolScenario(s, ps), pl);
        SimulatedPassTimes dt = new SimulatedPassTimes(poolScenario(s, ds), dl);
        DisaggregatedServing sim = new DisaggregatedServing(w.requests(), w.batching(), new ShapeBuckets(pt, pl,
                maxBatch), pkv.tokens(), new ShapeBuckets(dt, dl, maxBatch), dkv.tokens(), d.kvTransfer(), perPosition);
        RunStats serving = Engine.run(s.name(), sim::start);
        RunStats stats = new RunStats(serving.endTimeNs(), serving.events() + pt.events() + dt.events(),
                serving.wallNanos());
        DisaggregatedServing ana = new DisaggregatedServing(w.requests(), w.batching(), new ShapeBuckets(
                new AnalyticalPassTimes(BatchRunner.paperModel(poolScenario(s, ps)), pl), pl, maxBatch), pkv.tokens(),
                new ShapeBuckets(new AnalyticalPassTimes(BatchRunner.paperModel(poolScenario(s, ds)), dl), dl,
                        maxBatch), dkv.tokens(), d.kvTransfer(), perPosition);
        Engine.run(s.name() + "-analytical", ana::start);
        DisaggregatedServing.Outcome so = sim.outcome();
        return new Outcome(so.all(), ana.outcome().all(), dkv, stats, pt, null,
                new PoolsRun(so, dt, ps.slice().chipCount(), ds.slice().chipCount()));
    }

    Outcome simulate(Scenario s, Workload.Trace w) {
        if (w.pools() != null) {
            return simulatePools(s, w);
        }
        ModelConfig model = s.model().orElseThrow();
        StepLayouts layouts = new StepLayouts(w.layout().toPlan(), model, MeshSplit.of(s.system().slice().shape()));
        long longestPrompt = 0;
        for (Request r : w.requests().requests()) {
            longestPrompt = Math.max(longestPrompt, r.inputTokens());
        }
        DraftSlice own = draftSlice(s, w, longestPrompt);
        StepLayouts draft = w.speculative() == null ? null : own != null ? own.layouts() : new StepLayouts(
                LayoutPlan.AUTO, w.speculative().draft(), layouts.mesh());
        KvCacheBudget kv;
        if (own == null) {
            kv = KvCacheBudget.of(layouts, s.system().chip(), w.batching().maxBatch(), longestPrompt, draft);
        } else {
            // the draft's weights and KV live on its own slice: the target keeps its whole budget; admission is
            // bounded by the smaller of the two slices' capacities (the draft holds every position the target does)
            KvCacheBudget target = KvCacheBudget.of(layouts, s.system().chip(), w.batching().maxBatch(),
                    longestPrompt);
            kv = new KvCacheBudget(Math.min(target.tokens(), own.kv().tokens()), target.budgetBytesPerChip(),
                    target.attention());
        }
        Scenario draftScenario = own == null ? s : own.scenario();
        SimulatedPassTimes simulatedTimes = new SimulatedPassTimes(s, layouts);
        SimulatedPassTimes draftTimes = draft == null ? null : new SimulatedPassTimes(draftScenario, draft);
        ServingOutcome[] sim = new ServingOutcome[1];
        int[][] routed = new int[1][];
        RunStats serving = serve(s.name(), s, w, simulatedTimes, draftTimes, layouts, draft, kv, sim, routed);
        // the pass shapes are simulated inside the serving run (its wall time includes them): count their events too
        RunStats stats = new RunStats(serving.endTimeNs(), serving.events() + simulatedTimes.events()
                + (draftTimes == null ? 0 : draftTimes.events()), serving.wallNanos());
        ServingOutcome[] ana = new ServingOutcome[1];
        serve(s.name() + "-analytical", s, w, new AnalyticalPassTimes(BatchRunner.paperModel(s), layouts),
                draft == null ? null : new AnalyticalPassTimes(BatchRunner.paperModel(draftScenario), draft), layouts,
                draft, kv,
                ana, new int[1][]);
        return new Outcome(sim[0], ana[0], kv, stats, simulatedTimes, routed[0]);
    }

    /**
     * A draft model on a slice of its own ({@code speculative.draft_slice}): the scenario on that slice, the draft's
     * layouts there and its KV budget.
     */
    record DraftSlice(Scenario scenario, StepLayouts layouts, KvCacheBudget kv) {
    }

    /** The draft's own slice, or null (no speculation, or the draft on the target's slice). */
    static DraftSlice draftSlice(Scenario s, Workload.Trace w, long longestPrompt) {
        if (w.speculative() == null || !w.speculative().ownSlice()) {
            return null;
        }
        Scenario.SystemConfig ds = Disaggregation.system(s.system().chip(), w.speculative().draftTopology());
        StepLayouts layouts = new StepLayouts(w.speculative().draftLayout(), w.speculative().draft(),
                MeshSplit.of(ds.slice().shape()));
        return new DraftSlice(poolScenario(s, ds), layouts, KvCacheBudget.of(layouts, ds.chip(),
                w.batching().maxBatch(), longestPrompt));
    }

    /**
     * Records a simulated serving run into a trace: every pass of the slice (phase, executed batch), then each
     * request's queued, prefill and decode intervals, in request order, until the trace's event cap.
     */
    static void record(ServingOutcome o, TraceRecorder trace) {
        for (PassRecord p : o.passes()) {
            trace.servingPass(p.phase().key() + " (batch " + p.executedBatch() + ")", p.startNs(), p.endNs());
        }
        for (RequestOutcome r : o.requests()) {
            trace.requestPhase(r.id(), "queued", r.arrivalNs(), r.prefillStartNs());
            trace.requestPhase(r.id(), "prefill", r.prefillStartNs(), r.firstTokenNs());
            trace.requestPhase(r.id(), "decode", r.firstTokenNs(), r.completionNs());
        }
    }

    /**
     * The paged KV cache of a scenario, or null: its blocks are the KV budget's positions / block_tokens; a swap
     * moves, per position, what one position of one sequence occupies on a chip holding it under the decode
     * attention layout (all its K/V heads under batch sharding; its share of heads under head sharding).
     */
    static PagedKv paged(Scenario s, Workload.Trace w, StepLayouts layouts, KvCacheBudget kv) {
        KvPaging p = w.kvCache();
        if (p == null) {
            return null;
        }
        double perPosition = KvCacheSharding.bytesPerChipPerToken(layouts.model(), layouts.mesh(), kv.attention(), 1);
        long prefixBlocks = w.prefixCache() == null ? 0 : w.prefixCache().capacityBlocks();
        return new PagedKv(p.blockTokens(), p.preemption(), kv.tokens() / p.blockTokens() - prefixBlocks, perPosition,
                s.system().chip().hostLink().orElse(null), prefixBlocks);
    }

    private static RunStats serve(String name, Scenario s, Workload.Trace w, PassTimes times, PassTimes draftTimes,
                                  StepLayouts layouts, StepLayouts draft, KvCacheBudget kv, ServingOutcome[] out,
                                  int[][] routed) {
        ShapeBuckets buckets = new ShapeBuckets(times, layouts, w.batching().maxBatch());
        // a full reservation holds the positions a request's layers keep (fewer with a sliding window)
        java.util.function.LongUnaryOperator positions = context -> KvCacheBudget.positions(layouts.model(), context);
        if (w.replicas() != null) {
            ReplicatedServing cluster = new ReplicatedServing(w.requests(), w.batching(), buckets, kv.tokens(),
                    positions, paged(s, w, layouts, kv), w.replicas());
            if (w.speculative() != null) {
                cluster.speculate(w.speculative(), new ShapeBuckets(draftTimes, draft, w.batching().maxBatch()));
            }
            RunStats stats = Engine.run(name, cluster::start);
            out[0] = cluster.outcome();
            routed[0] = cluster.routed();
            return stats;
        }
        ServingSimulation server = new ServingSimulation(w.requests(), w.batching(), buckets, kv.tokens(),
                positions, paged(s, w, layouts, kv));
        if (w.speculative() != null) {
            server.speculate(w.speculative(), new ShapeBuckets(draftTimes, draft, w.batching().maxBatch()));
        }
        RunStats stats = Engine.run(name, server::start);
        out[0] = server.outcome();
        return stats;
    }

    TraceResult result(Scenario s, Workload.Trace w, Outcome o) {
        int chips = s.system().slice().chipCount();
        double nominal = s.model().orElseThrow().model().nominalParams();
        double peak = Arithmetic.matmulPeakPerSec(s.system().chip(), s.model().orElseThrow());
        int replicas = replicaCount(w);
        DraftSlice own = draftSlice(s, w, longestPrompt(w));
        if (own != null) {
            chips += own.scenario().system().slice().chipCount();   // MFU and cost count the draft's slice too
        }
        if (o.pools() != null) {
            // both pools' chips; busy fraction averaged over the two slices
            chips = o.pools().prefillChips() + o.pools().decodeChips();
            replicas = 1;
        }
        TraceResult.Figures sim = o.pools() != null ? poolFigures(o.simulated(), chips, nominal, peak)
                : figures(o.simulated(), chips, replicas, nominal, peak);
        TraceResult.Figures ana = o.pools() != null ? poolFigures(o.analytical(), chips, nominal, peak)
                : figures(o.analytical(), chips, replicas, nominal, peak);
        GenerationTrace t = w.requests();
        List<TraceResult.SkippedRow> skipped = new ArrayList<>();
        for (GenerationTrace.SkippedRow r : t.skipped()) {
            skipped.add(new TraceResult.SkippedRow(r.line(), r.reason()));
        }
        List<TraceResult.RequestRow> rows = new ArrayList<>();
        for (RequestOutcome r : o.simulated().requests()) {
            rows.add(new TraceResult.RequestRow(r.id(), r.line(), Units.seconds(r.arrivalNs()), r.inputTokens(),
                    r.cachedTokens(), r.outputTokens(), Units.seconds(r.prefillStartNs()),
                    Units.seconds(r.firstTokenNs()), Units.seconds(r.completionNs()), Units.millis(r.queueingNs()),
                    Units.millis(r.ttftNs()), r.outputTokens() > 1 ? Units.millis(r.tpotNs()) : null,
                    Units.millis(r.e2eNs()), Units.millis(r.maxGapNs())));
        }
        SimulatedPassTimes pt = o.passTimes();
        return new TraceResult(sim, ana, ScenarioRunner.ratio(sim.e2eMs().p50(), ana.e2eMs().p50()),
                w.batching().policy().key(), w.batching().maxBatch(), Units.millis(w.batching().maxWaitNs()),
                new TraceResult.Source(t.origin(), t.format(), t.requests().size(), t.skipped().size(), skipped),
                new TraceResult.KvCache(o.kv().tokens(), o.simulated().peakKvTokens(), o.kv().budgetBytesPerChip(),
                        o.kv().attention().key()),
                passes(o.simulated().passes()), batchShares(o.simulated().passes()), windows(o.simulated(), replicas),
                histogram(o.simulated().gapsNs()),
                new TraceResult.Shapes("next power of two (max_batch is a bucket), then the next size the layout runs",
                        ShapeBuckets.PROMPT_BUCKET_TOKENS, ShapeBuckets.CONTEXT_GRID_TOKENS, pt.shapesSimulated()
                        + (o.pools() == null ? 0 : o.pools().decodeTimes().shapesSimulated()),
                        pt.events() + (o.pools() == null ? 0 : o.pools().decodeTimes().events()),
                        Units.seconds(pt.wallNanos() + (o.pools() == null ? 0 : o.pools().decodeTimes().wallNanos()))),
                rows, serving(s, w, o));
    }

    /** The serving block: null when no serving feature is on (the existing results keep their keys). */
    private static TraceResult.Serving serving(Scenario s, Workload.Trace w, Outcome o) {
        TraceResult.ChunkedPrefill chunked = null;
        if (w.batching().policy() == BatchingPolicyKind.CHUNKED) {
            long mixed = 0;
            double mixedNs = 0;
            for (PassRecord p : o.simulated().passes()) {
                if (p.mixed()) {
                    mixed++;
                    mixedNs += p.durationNs();
                }
            }
            chunked = new TraceResult.ChunkedPrefill(w.batching().tokenBudget(), o.simulated().prefillChunks(), mixed,
                    o.passTimes().mixedShapesSimulated(), Units.seconds(mixedNs));
        }
        TraceResult.PagedKv paged = null;
        if (w.kvCache() != null) {
            ServingOutcome.Paging p = o.simulated().paging();
            paged = new TraceResult.PagedKv(p.blockTokens(), w.kvCache().preemption().key(), p.capacityBlocks(),
                    o.simulated().peakKvTokens() / p.blockTokens(), p.preemptions(), p.recomputedTokens(),
                    p.swappedBytesPerChip(), Units.seconds(p.swapNs()));
        }
        TraceResult.PrefixCache prefix = null;
        ServingOutcome.Prefixes x = o.simulated().prefixes();
        if (x != null) {
            prefix = new TraceResult.PrefixCache(x.capacityBlocks(), x.lookups(), x.hits(),
                    x.lookups() > 0 ? (double) x.hits() / x.lookups() : 0, x.tokensSaved(), x.evictions());
        }
        TraceResult.ReplicaSet replicaSet = null;
        if (w.replicas() != null) {
            int[] routed = o.routed();
            List<Integer> perReplica = new ArrayList<>();
            for (int r : routed) {
                perReplica.add(r);
            }
            replicaSet = new TraceResult.ReplicaSet(w.replicas().count(), w.replicas().router().key(), perReplica);
        }
        TraceResult.Speculative spec = null;
        ServingOutcome.Speculative sp = o.simulated().speculative();
        if (sp != null) {
            DraftSlice own = draftSlice(s, w, longestPrompt(w));
            spec = new TraceResult.Speculative(w.speculative().draft().model().name(), w.speculative().tokens(),
                    w.speculative().acceptanceLow(), w.speculative().acceptanceHigh(), sp.acceptedPerStep(),
                    sp.acceptedPerStep() + 1, Units.seconds(sp.draftNs()),
                    own == null ? null : w.speculative().draftTopology(),
                    own == null ? null : own.scenario().system().slice().chipCount(),
                    own == null ? null : own.kv().tokens());
        }
        TraceResult.PoolSet poolSet = null;
        if (o.pools() != null) {
            DisaggregatedServing.Outcome p = o.pools().simulated();
            double[] tms = new double[p.transferNs().length];
            for (int i = 0; i < tms.length; i++) {
                tms[i] = Units.millis(p.transferNs()[i]);
            }
            double duration = o.simulated().requests().isEmpty() ? 0 : Units.seconds(
                    o.simulated().requests().stream().mapToDouble(RequestOutcome::completionNs).max().orElse(0)
                    - o.simulated().requests().stream().mapToDouble(RequestOutcome::arrivalNs).min().orElse(0));
            double[] ttft = o.simulated().requests().stream().mapToDouble(r -> Units.millis(r.ttftNs())).toArray();
            double[] tpot = o.simulated().requests().stream().filter(r -> r.outputTokens() > 1)
                    .mapToDouble(r -> Units.millis(r.tpotNs())).toArray();
            Disaggregation d = w.pools();
            poolSet = new TraceResult.PoolSet(d.kvTransfer().network(), d.kvTransfer().bandwidthBytesPerSec(),
                    d.kvTransfer().latencyNs(), percentiles(tms),
                    new TraceResult.Pool(d.prefillTopology(),
                            key(d.prefillLayout().prefillFfn()) + "/" + key(d.prefillLayout().prefillAttention()), o.pools().prefillChips(),
                            p.prefillPool().size(), busyS(p.prefillPool()) / duration, p.prefillPeakKvTokens(),
                            percentiles(ttft), null),
                    new TraceResult.Pool(d.decodeTopology(),
                            key(d.decodeLayout().decodeFfn()) + "/" + key(d.decodeLayout().decodeAttention()), o.pools().decodeChips(),
                            p.decodePool().size(), busyS(p.decodePool()) / duration, p.decodePeakKvTokens(), null,
                            percentiles(tpot)));
        }
        if (chunked == null && paged == null && replicaSet == null && spec == null && poolSet == null) {
            return null;
        }
        return new TraceResult.Serving(chunked, paged, prefix, replicaSet, spec, poolSet);
    }

    /** Figures over both pools: MFU and cost over all their chips; busy fraction averaged over the two slices. */
    private static TraceResult.Figures poolFigures(ServingOutcome o, int chips, double nominal, double peak) {
        TraceResult.Figures f = figures(o, chips, 1, nominal, peak);
        return new TraceResult.Figures(f.requests(), f.durationS(), f.ttftMs(), f.tpotMs(), f.itlMs(), f.e2eMs(),
                f.queueingMs(), f.throughputTokensPerS(), f.inputTokensPerS(), f.requestsPerS(), f.mfu(), f.mfuBusy(),
                f.busyFraction() / 2, f.costChipMsPerToken());
    }

    private static long longestPrompt(Workload.Trace w) {
        long longest = 0;
        for (Request r : w.requests().requests()) {
            longest = Math.max(longest, r.inputTokens());
        }
        return longest;
    }

    static int replicaCount(Workload.Trace w) {
        return w.replicas() == null ? 1 : w.replicas().count();
    }

    /**
     * @param chips    chips of one slice
     * @param replicas slices serving the stream (MFU and cost count them all; busy fraction is per slice, averaged)
     */
    static TraceResult.Figures figures(ServingOutcome o, int chips, int replicas, double nominal, double peak) {
        List<RequestOutcome> rs = o.requests();
        double first = Double.POSITIVE_INFINITY, last = 0;
        long outputTokens = 0, inputTokens = 0;
        for (RequestOutcome r : rs) {
            first = Math.min(first, r.arrivalNs());
            last = Math.max(last, r.completionNs());
            outputTokens += r.outputTokens();
            inputTokens += r.inputTokens();
        }
        double durationNs = last - first;
        long processed = 0;
        double busyNs = 0;
        for (PassRecord p : o.passes()) {
            processed += p.realTokens();
            busyNs += p.durationNs();
        }
        double[] tpot = rs.stream().filter(r -> r.outputTokens() > 1).mapToDouble(r -> Units.millis(r.tpotNs()))
                .toArray();
        double[] itl = new double[o.gapsNs().length];
        for (int i = 0; i < itl.length; i++) {
            itl[i] = Units.millis(o.gapsNs()[i]);
        }
        return new TraceResult.Figures(rs.size(), Units.seconds(durationNs),
                percentiles(rs, r -> Units.millis(r.ttftNs())),
                percentiles(tpot), percentiles(itl), percentiles(rs, r -> Units.millis(r.e2eNs())),
                percentiles(rs, r -> Units.millis(r.queueingNs())), perS(outputTokens, durationNs),
                perS(inputTokens, durationNs), perS(rs.size(), durationNs),
                durationNs > 0 ? ServingMetrics.mfu(nominal, processed, chips * replicas, peak, durationNs) : 0,
                busyNs > 0 ? ServingMetrics.mfu(nominal, processed, chips, peak, busyNs) : 0,
                durationNs > 0 ? busyNs / (replicas * durationNs) : 0,
                ServingMetrics.costChipMsPerToken(chips * replicas, durationNs, outputTokens));
    }

    private static double busyS(List<PassRecord> passes) {
        double ns = 0;
        for (PassRecord p : passes) {
            ns += p.durationNs();
        }
        return Units.seconds(ns);
    }

    /** A layout part's key; auto where the block left it. */
    private static String key(org.tpusim.keys.Keyed k) {
        return k == null ? "auto" : k.key();
    }

    private static double perS(double count, double durationNs) {
        return durationNs > 0 ? count / Units.seconds(durationNs) : 0;
    }

    private static TraceResult.Percentiles percentiles(List<RequestOutcome> rs, ToDoubleFunction<RequestOutcome> f) {
        return percentiles(rs.stream().mapToDouble(f).toArray());
    }

    /** Null for no values (the field is then absent from results.json). */
    static TraceResult.Percentiles percentiles(double[] values) {
        if (values.length == 0) {
            return null;
        }
        double[] s = Percentiles.sorted(values);
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        return new TraceResult.Percentiles(Percentiles.ofSorted(s, 50), Percentiles.ofSorted(s, 90),
                Percentiles.ofSorted(s, 99), s[s.length - 1], sum / s.length);
    }

    private static TraceResult.Passes passes(List<PassRecord> passes) {
        long prefill = 0, decode = 0, prefillReal = 0, prefillExec = 0, decodeReal = 0, decodeExec = 0;
        double busy = 0;
        for (PassRecord p : passes) {
            busy += p.durationNs();
            if (p.phase() == Phase.PREFILL) {
                prefill++;
                prefillReal += p.realTokens();
                prefillExec += p.executedTokens();
            } else {
                decode++;
                decodeReal += p.realTokens();
                decodeExec += p.executedTokens();
            }
        }
        return new TraceResult.Passes(prefill, decode, Units.seconds(busy),
                prefillExec > 0 ? 1 - (double) prefillReal / prefillExec : 0,
                decodeExec > 0 ? 1 - (double) decodeReal / decodeExec : 0);
    }

    private static List<TraceResult.BatchShare> batchShares(List<PassRecord> passes) {
        List<TraceResult.BatchShare> out = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            Map<Integer, double[]> byBatch = new TreeMap<>();
            double total = 0;
            for (PassRecord p : passes) {
                if (p.phase() == phase) {
                    double[] a = byBatch.computeIfAbsent(p.realBatch(), b -> new double[2]);
                    a[0]++;
                    a[1] += p.durationNs();
                    total += p.durationNs();
                }
            }
            for (Map.Entry<Integer, double[]> e : byBatch.entrySet()) {
                out.add(new TraceResult.BatchShare(phase.key(), e.getKey(), (long) e.getValue()[0],
                        Units.seconds(e.getValue()[1]), total > 0 ? e.getValue()[1] / total : 0));
            }
        }
        return out;
    }

    private static List<TraceResult.Window> windows(ServingOutcome o, int replicas) {
        double start = Double.POSITIVE_INFINITY, end = 0;
        for (RequestOutcome r : o.requests()) {
            start = Math.min(start, r.arrivalNs());
            end = Math.max(end, r.completionNs());
        }
        List<TraceResult.Window> out = new ArrayList<>();
        if (!(end > start)) {
            return out;
        }
        double width = (end - start) / WINDOWS;
        double[] busy = new double[WINDOWS], prefill = new double[WINDOWS], decode = new double[WINDOWS];
        double[] batchTime = new double[WINDOWS], tokens = new double[WINDOWS];
        for (PassRecord p : o.passes()) {
            int endWindow = Math.min(WINDOWS - 1, (int) ((p.endNs() - start) / width));
            tokens[endWindow] += p.realBatch();
            for (int i = Math.max(0, (int) ((p.startNs() - start) / width)); i <= endWindow; i++) {
                double overlap = Math.min(p.endNs(), start + (i + 1) * width) - Math.max(p.startNs(), start + i * width);
                if (overlap <= 0) {
                    continue;
                }
                busy[i] += overlap;
                if (p.phase() == Phase.PREFILL) {
                    prefill[i] += overlap;
                } else {
                    decode[i] += overlap;
                    batchTime[i] += overlap * p.realBatch();
                }
            }
        }
        for (int i = 0; i < WINDOWS; i++) {
            double ws = start + i * width, we = start + (i + 1) * width;
            int waiting = 0;
            for (RequestOutcome r : o.requests()) {
                if (r.arrivalNs() <= we && r.prefillStartNs() > we) {
                    waiting++;
                }
            }
            out.add(new TraceResult.Window(Units.seconds(ws), Units.seconds(we), busy[i] / (replicas * width),
                    prefill[i] / (replicas * width),
                    decode[i] > 0 ? batchTime[i] / decode[i] : 0, tokens[i] / Units.seconds(width), waiting));
        }
        return out;
    }

    private static List<TraceResult.HistogramBin> histogram(double[] gapsNs) {
        long[] counts = new long[ITL_BIN_UPPER_MS.length + 1];
        double max = 0;
        for (double g : gapsNs) {
            double ms = Units.millis(g);
            max = Math.max(max, ms);
            int i = 0;
            while (i < ITL_BIN_UPPER_MS.length && ms >= ITL_BIN_UPPER_MS[i]) {
                i++;
            }
            counts[i]++;
        }
        List<TraceResult.HistogramBin> out = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            double lower = i == 0 ? 0 : ITL_BIN_UPPER_MS[i - 1];
            double upper = i < ITL_BIN_UPPER_MS.length ? ITL_BIN_UPPER_MS[i] : Math.max(max, lower);
            out.add(new TraceResult.HistogramBin(lower, upper, counts[i]));
        }
        return out;
    }
}
