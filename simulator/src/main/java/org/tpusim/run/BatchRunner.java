package org.tpusim.run;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.tpusim.analytical.AnalyticalModel;
import org.tpusim.analytical.Arithmetic;
import org.tpusim.analytical.CostOptions;
import org.tpusim.analytical.ServingMetrics;
import org.tpusim.analytical.StepCost;
import org.tpusim.analytical.MoeTraffic;
import org.tpusim.analytical.StepShape;
import org.tpusim.collective.CollectiveAlgorithm;
import org.tpusim.collective.CollectiveAnalytical;
import org.tpusim.collective.CollectiveCosts;
import org.tpusim.cost.ChipCostModel;
import org.tpusim.engine.Engine;
import org.tpusim.engine.Heartbeat;
import org.tpusim.engine.RunStats;
import org.tpusim.engine.Scheduler;
import org.tpusim.execution.ProgramExecution;
import org.tpusim.execution.TimeBreakdown;
import org.tpusim.figure.Units;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.interconnect.NetworkModel;
import org.tpusim.interconnect.SymmetryConflictException;
import org.tpusim.layout.MeshSplit;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.memory.HbmFootprint;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.MoeConfig;
import org.tpusim.model.Phase;
import org.tpusim.program.OpCategory;
import org.tpusim.program.OpSequence;
import org.tpusim.program.ProgramBuilder;
import org.tpusim.program.StepProgram;
import org.tpusim.result.BatchResult;
import org.tpusim.result.LinkPlane;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.Workload;
import org.tpusim.topology.MeshAxes;
import org.tpusim.trace.TraceRecorder;

/**
 * Runs a batch workload: the prefill pass, then one pass per decode step (the KV cache growing by one
 * token each), each built by {@link ProgramBuilder} and executed by {@link ProgramExecution} in one
 * simulation. In fast detail a pass simulates the embedding, one representative layer and the
 * unembedding, and counts the layer {@code layers} times (layers are identical and run one after another);
 * in full detail it simulates every layer on every chip's core.
 */
final class BatchRunner {

    /** Which pass of a run this is, for the trace: the prefill pass (step 0) or decode step 1, 2, ... */
    record PassId(Phase phase, long step) {
    }

    /** The time of one pass and where it went; {@code moe} is null for a dense model. */
    record PassTiming(double timeNs, TimeBreakdown breakdown, List<ProgramExecution.TimelineEntry> layerTimeline,
                      double layerStartNs, MoeStats moe) {
    }

    record Outcome(PassTiming prefill, List<PassTiming> decode, RunStats stats, Interconnect net) {
    }

    Outcome simulate(Scenario s, Workload.Batch w) {
        return simulate(s, w, null);
    }

    /** Simulates the passes, recording into {@code trace} (null: none) the passes it selects. */
    Outcome simulate(Scenario s, Workload.Batch w, TraceRecorder trace) {
        try {
            return simulateOnce(s, w, trace);
        } catch (RuntimeException e) {
            if (s.simulation().network() != NetworkModel.AUTO || !SymmetryConflictException.causedBy(e)) {
                throw e;
            }
            // two collectives of different symmetries overlapped: the reference model, every chip simulated
            return simulateOnce(withNetwork(s, NetworkModel.CHUNK), w, trace);
        }
    }

    /** The scenario with another network model (auto's fallback). */
    static Scenario withNetwork(Scenario s, NetworkModel model) {
        return new Scenario(s.source(), s.name(), s.description(), s.seed(), s.system(),
                s.simulation().withNetwork(model), s.model(), s.execution(), s.workload(), s.reference());
    }

    private Outcome simulateOnce(Scenario s, Workload.Batch w, TraceRecorder trace) {
        ModelConfig model = s.model().orElseThrow();
        ChipSpec chip = s.system().chip();
        MeshSplit mesh = MeshSplit.of(s.system().slice().shape());
        Interconnect net = new Interconnect(s.system().slice(), chip.effectiveLinkBandwidthBytesPerSec(),
                chip.hopLatencyNs(), trace, s.simulation().network());
        ProgramExecution exec = execution(s, net);
        List<StepShape> passes = new ArrayList<>();
        List<PhaseLayout> layouts = new ArrayList<>();
        List<PassId> names = new ArrayList<>();
        if (w.inputTokens() > 0) {
            names.add(new PassId(Phase.PREFILL, 0));
            passes.add(StepShape.prefill(w.batch(), w.inputTokens(), w.cachedTokens()));
            layouts.add(w.prefillLayout());
        }
        for (long step = 1; step <= w.outputTokens(); step++) {
            passes.add(StepShape.decode(w.batch(), w.cachedTokens() + w.inputTokens() + step));
            names.add(new PassId(Phase.DECODE, step));
            layouts.add(w.decodeLayout());
        }
        List<PassTiming> timings = new ArrayList<>();
        boolean full = s.simulation().fullDetail();
        RunStats stats = Engine.run(s.name(), scheduler -> runPass(scheduler, exec, model, mesh, passes, layouts,
                names, 0, full, timings, trace));
        if (timings.size() != passes.size()) {
            throw new IllegalStateException("the simulation ended after " + timings.size() + " of " + passes.size()
                    + " passes: the event list ran dry");
        }
        PassTiming prefill = w.inputTokens() > 0 ? timings.get(0) : null;
        List<PassTiming> decode = timings.subList(w.inputTokens() > 0 ? 1 : 0, timings.size());
        return new Outcome(prefill, List.copyOf(decode), stats, net);
    }

    static void runPass(Scheduler scheduler, ProgramExecution exec, ModelConfig model, MeshSplit mesh,
                        List<StepShape> passes, List<PhaseLayout> layouts, List<PassId> names, int index,
                        boolean full, List<PassTiming> out, TraceRecorder trace) {
        Heartbeat.work(index, passes.size(), "pass");
        if (index == passes.size()) {
            return;
        }
        if (trace != null) {
            PassId pass = names.get(index);
            trace.beginPass(pass.phase().key(), pass.step(), scheduler.nowNs());
        }
        StepProgram program = ProgramBuilder.build(model, mesh, layouts.get(index), passes.get(index));
        runProgram(scheduler, exec, program, full, out, first -> {
            if (trace != null) {
                // fast detail: the one simulated layer is replayed as each of the model's layers in the trace
                trace.endPass(scheduler.nowNs(), first.startNs(), first.startNs() + first.durationNs(),
                        full ? 1 : program.totalLayers());
            }
            runPass(scheduler, exec, model, mesh, passes, layouts, names, index + 1, full, out, trace);
        });
    }

    /**
     * Runs one pass's program (embedding, one layer x layers in fast detail or every layer in full detail,
     * unembedding), adds its timing to {@code out}, then calls {@code then} with the shown layer's timing (the
     * first layer, or the first MoE layer of a mixture-of-experts model).
     */
    static void runProgram(Scheduler scheduler, ProgramExecution exec, StepProgram program, boolean full,
                           List<PassTiming> out, java.util.function.Consumer<ProgramExecution.SequenceTiming> then) {
        List<OpSequence> sequences = new ArrayList<>();
        List<Double> factors = new ArrayList<>();
        sequences.add(program.embedding());
        factors.add(1.0);
        for (StepProgram.LayerGroup g : program.layerGroups()) {
            int simulated = full ? g.count() : 1;
            for (int i = 0; i < simulated; i++) {
                sequences.add(g.layer());
                factors.add(full ? 1.0 : g.count());
            }
        }
        sequences.add(program.unembedding());
        factors.add(1.0);
        // the layer shown in timelines and traces: an MoE layer when the model has them
        int shown = program.moeLayers() > 0 ? sequences.indexOf(program.moeLayer().orElseThrow()) : 1;
        MoeStats moe = program.moe().map(p -> MoeStats.of(p, program.moeLayers(), exec.costModel())).orElse(null);
        exec.run(scheduler, sequences, seqs -> {
            TimeBreakdown total = TimeBreakdown.ZERO;
            double time = 0;
            for (int i = 0; i < seqs.size(); i++) {
                double f = factors.get(i);
                time += f * seqs.get(i).durationNs();
                total = total.scaledSum(seqs.get(i).breakdown(), f);
            }
            ProgramExecution.SequenceTiming first = seqs.get(shown);
            out.add(new PassTiming(time, total, first.timeline(), first.startNs(), moe));
            then.accept(first);
        });
    }

    BatchResult result(Scenario s, Workload.Batch w, Outcome o) {
        ModelConfig model = s.model().orElseThrow();
        ChipSpec chip = s.system().chip();
        MeshSplit mesh = MeshSplit.of(s.system().slice().shape());
        int n = mesh.chips();
        double nominal = model.model().nominalParams();
        double peak = Arithmetic.matmulPeakPerSec(chip, model);
        double prefillNs = o.prefill() == null ? 0 : o.prefill().timeNs();
        double decodeNs = 0;
        for (PassTiming p : o.decode()) {
            decodeNs += p.timeNs();
        }
        BatchResult.Figures simulated = figures(w, n, nominal, peak, prefillNs, decodeNs);

        AnalyticalModel paper = paperModel(s);
        List<BatchResult.AnalyticalForms> forms = new ArrayList<>();
        double aPrefill = 0;
        if (w.inputTokens() > 0) {
            StepCost c = paper.step(model, mesh, w.prefillLayout(),
                    StepShape.prefill(w.batch(), w.inputTokens(), w.cachedTokens()));
            aPrefill = c.rooflineWithCommunicationNs();
            forms.add(forms("prefill", List.of(c)));
        }
        double aDecode = 0;
        if (w.outputTokens() > 0) {
            List<StepCost> steps = new ArrayList<>();
            for (long step = 1; step <= w.outputTokens(); step++) {
                StepCost c = paper.step(model, mesh, w.decodeLayout(),
                        StepShape.decode(w.batch(), w.cachedTokens() + w.inputTokens() + step));
                steps.add(c);
                aDecode += c.rooflineWithCommunicationNs();
            }
            forms.add(forms("decode", steps));
        }
        BatchResult.Figures analytical = figures(w, n, nominal, peak, aPrefill, aDecode);

        HbmFootprint mem = HbmFootprint.perChip(model, chip, mesh,
                w.outputTokens() > 0 ? w.decodeLayout() : w.prefillLayout(), w.batch(),
                w.outputTokens() > 0 ? 1 : w.inputTokens(), w.cachedTokens() + w.inputTokens() + w.outputTokens());

        List<BatchResult.PhaseBreakdown> breakdown = new ArrayList<>();
        List<BatchResult.CategoryTime> byOp = new ArrayList<>();
        List<BatchResult.TimelineSpan> timeline = new ArrayList<>();
        if (o.prefill() != null) {
            add("prefill", o.prefill().breakdown(), breakdown, byOp);
            timeline(o.prefill(), "prefill", timeline);
        }
        if (!o.decode().isEmpty()) {
            TimeBreakdown sum = TimeBreakdown.ZERO;
            for (PassTiming p : o.decode()) {
                sum = sum.plus(p.breakdown());
            }
            add("decode", sum, breakdown, byOp);
            timeline(o.decode().get(0), "decode", timeline);
        }
        double simulatedNs = o.stats().endTimeNs();
        return new BatchResult(simulated, analytical, ScenarioRunner.ratio(simulated.totalS(), analytical.totalS()),
                forms, new BatchResult.Layouts(w.prefillLayout().ffn().key(), w.prefillLayout().attention().key(),
                w.decodeLayout().ffn().key(), w.decodeLayout().attention().key(),
                w.prefillLayout().experts().map(MeshAxes::name).orElse(null),
                w.decodeLayout().experts().map(MeshAxes::name).orElse(null), padding(w, model, mesh)),
                s.overlap().key(), s.simulation().fullDetail() ? "full" : "fast",
                new BatchResult.Memory(mem.weightsBytes(), mem.kvCacheBytes(), mem.activationsBytes(),
                        mem.capacityBytes()), breakdown, byOp, ScenarioRunner.axisLoads(o.net(), simulatedNs), timeline,
                LinkPlane.of(o.net(), simulatedNs), moe(s, w, o, paper));
    }

    /** The MoE block of the result, or null for a dense model. */
    private static BatchResult.Moe moe(Scenario s, Workload.Batch w, Outcome o, AnalyticalModel paper) {
        ModelConfig model = s.model().orElseThrow();
        if (model.moe().isEmpty()) {
            return null;
        }
        MoeConfig e = model.moe().get();
        MeshSplit mesh = MeshSplit.of(s.system().slice().shape());
        List<BatchResult.MoePhase> phases = new ArrayList<>();
        long dropped = 0;
        long max = 0;
        double meanSum = 0;
        double idle = 0;
        int passes = 0;
        List<PassTiming> prefill = o.prefill() == null ? List.of() : List.of(o.prefill());
        for (int i = 0; i < 2; i++) {
            List<PassTiming> timings = i == 0 ? prefill : o.decode();
            if (timings.isEmpty()) {
                continue;
            }
            PhaseLayout layout = i == 0 ? w.prefillLayout() : w.decodeLayout();
            long pDropped = 0;
            long pMax = 0;
            double pMean = 0;
            double pIdle = 0;
            double a2a = 0;
            double a2aAnalytical = 0;
            MoeStats last = null;
            for (PassTiming t : timings) {
                MoeStats m = t.moe();
                pDropped += m.dropped();
                pMax = Math.max(pMax, m.maxPerExpert());
                pMean += m.meanPerExpert();
                pIdle += m.imbalanceIdleNs();
                a2a += t.breakdown().byCategoryNs().getOrDefault(OpCategory.EXPERT_ALL_TO_ALL, 0.0);
                a2aAnalytical += e.moeLayers(model.model()) * MoeTraffic.perLayer(e, model.model().dModel(), mesh,
                        layout.experts().orElseThrow(), m.tokens()).allToAllNs(paper.networkBandwidthBytesPerSec(),
                        mesh);
                last = m;
            }
            phases.add(new BatchResult.MoePhase(i == 0 ? "prefill" : "decode",
                    layout.experts().map(MeshAxes::name).orElse(""), timings.size(), last.tokens(), last.expertsUsed(),
                    pDropped, pMax, pMean / timings.size(), Units.seconds(pIdle), Units.seconds(a2a),
                    Units.seconds(a2aAnalytical)));
            dropped += pDropped;
            max = Math.max(max, pMax);
            meanSum += pMean;
            idle += pIdle;
            passes += timings.size();
        }
        return new BatchResult.Moe(dropped, max, passes == 0 ? 0 : meanSum / passes, Units.seconds(idle),
                e.routing().toString(), e.experts(), e.expertsPerToken(), phases);
    }

    /** The splits the run's programs pad ({@code model.pad_shards}): its prefill's and first decode step's; null if none. */
    private static List<String> padding(Workload.Batch w, ModelConfig model, MeshSplit mesh) {
        if (!model.padShards()) {
            return null;
        }
        java.util.Set<String> all = new java.util.LinkedHashSet<>();
        if (w.inputTokens() > 0) {
            all.addAll(ProgramBuilder.padding(model, mesh, w.prefillLayout(),
                    StepShape.prefill(w.batch(), w.inputTokens(), w.cachedTokens())));
        }
        if (w.outputTokens() > 0) {
            all.addAll(ProgramBuilder.padding(model, mesh, w.decodeLayout(),
                    StepShape.decode(w.batch(), w.cachedTokens() + w.inputTokens() + 1)));
        }
        return all.isEmpty() ? null : List.copyOf(all);
    }

    /** The paper's model for a scenario's passes: bw = the chip's injection bandwidth into all its axes. */
    static AnalyticalModel paperModel(Scenario s) {
        ChipSpec chip = s.system().chip();
        double bw = CollectiveAnalytical.groupInjectionBandwidth(
                new org.tpusim.collective.CollectiveSpec(org.tpusim.collective.CollectiveKind.ALL_GATHER,
                        MeshAxes.parse("xyz"), 0, CollectiveAlgorithm.BIDIRECTIONAL_RING,
                        org.tpusim.collective.MultiAxis.CONCURRENT, 1),
                s.system().slice(), chip.linkBandwidthBytesPerSec());
        // a single chip communicates nothing; the model still wants a positive bandwidth
        return new AnalyticalModel(chip, Math.max(bw, chip.linkBandwidthBytesPerSec()), CostOptions.PAPER);
    }

    /** The execution of one simulation: a fresh interconnect (links idle at time 0) and the scenario's settings. */
    static ProgramExecution execution(Scenario s, Interconnect net) {
        ChipCostModel cost = new ChipCostModel(s.system().chip(),
                Arithmetic.matmulPeakPerSec(s.system().chip(), s.model().orElseThrow()));
        return new ProgramExecution(net, cost, CollectiveCosts.of(s.system().chip()),
                MeshSplit.of(s.system().slice().shape()), new ProgramExecution.Settings(s.overlap(),
                s.simulation().fullDetail(), s.simulation().chunkBytes(), CollectiveAlgorithm.BIDIRECTIONAL_RING,
                s.execution().multiAxis()));
    }

    private static BatchResult.Figures figures(Workload.Batch w, int chips, double nominal, double peak,
                                               double prefillNs, double decodeNs) {
        double prefillTokens = (double) w.batch() * w.inputTokens();
        double decodeTokens = (double) w.batch() * w.outputTokens();
        double totalNs = prefillNs + decodeNs;
        return new BatchResult.Figures(Units.seconds(prefillNs), Units.seconds(decodeNs),
                w.outputTokens() > 0 ? Units.millis(decodeNs) / w.outputTokens() : 0, Units.seconds(totalNs),
                new BatchResult.Mfu(ServingMetrics.mfuOrZero(nominal, prefillTokens, chips, peak, prefillNs),
                        ServingMetrics.mfuOrZero(nominal, decodeTokens, chips, peak, decodeNs),
                        ServingMetrics.mfuOrZero(nominal, prefillTokens + decodeTokens, chips, peak, totalNs)),
                new BatchResult.Cost(ServingMetrics.costChipMsPerTokenOrZero(chips, prefillNs, prefillTokens),
                        ServingMetrics.costChipMsPerTokenOrZero(chips, decodeNs, decodeTokens)));
    }

    private static BatchResult.AnalyticalForms forms(String phase, List<StepCost> steps) {
        double c = 0, wl = 0, kv = 0, comm = 0, roof = 0, roofComm = 0, none = 0;
        for (StepCost s : steps) {
            c += s.computeNs();
            wl += s.weightLoadNs();
            kv += s.kvLoadNs();
            comm += s.ffnCommunicationNs();
            roof += s.rooflineNs();
            roofComm += s.rooflineWithCommunicationNs();
            none += s.noOverlapNs();
        }
        return new BatchResult.AnalyticalForms(phase, Units.seconds(c), Units.seconds(wl), Units.seconds(kv),
                Units.seconds(comm), Units.seconds(roof), Units.seconds(roofComm), Units.seconds(none));
    }

    private static void add(String phase, TimeBreakdown b, List<BatchResult.PhaseBreakdown> out,
                            List<BatchResult.CategoryTime> byOp) {
        out.add(new BatchResult.PhaseBreakdown(phase, Units.seconds(b.spanNs()), Units.seconds(b.matmulComputeNs()),
                Units.seconds(b.weightLoadingNs()), Units.seconds(b.kvLoadingNs()), Units.seconds(b.vectorNs()),
                Units.seconds(b.fixedNs()), Units.seconds(b.communicationExposedNs()),
                Units.seconds(b.communicationHiddenNs()), Units.seconds(b.idleNs())));
        Map<OpCategory, Double> cats = new EnumMap<>(OpCategory.class);
        cats.putAll(b.byCategoryNs());
        for (Map.Entry<OpCategory, Double> e : cats.entrySet()) {
            byOp.add(new BatchResult.CategoryTime(phase, e.getKey().label(), Units.seconds(e.getValue())));
        }
    }

    private static void timeline(PassTiming p, String phase, List<BatchResult.TimelineSpan> out) {
        for (ProgramExecution.TimelineEntry e : p.layerTimeline()) {
            out.add(new BatchResult.TimelineSpan(phase, e.lane(), e.name(), e.category().label(),
                    Units.seconds(e.startNs() - p.layerStartNs()), Units.seconds(e.endNs() - p.layerStartNs())));
        }
    }
}
