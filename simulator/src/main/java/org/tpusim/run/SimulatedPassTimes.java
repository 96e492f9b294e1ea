package org.tpusim.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tpusim.analytical.MixedShape;
import org.tpusim.analytical.StepShape;
import org.tpusim.engine.Engine;
import org.tpusim.engine.Heartbeat;
import org.tpusim.engine.RunStats;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.interconnect.NetworkModel;
import org.tpusim.interconnect.SymmetryConflictException;
import org.tpusim.layout.MeshSplit;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.model.Phase;
import org.tpusim.program.ProgramBuilder;
import org.tpusim.program.StepProgram;
import org.tpusim.scenario.Scenario;
import org.tpusim.workload.PassTimes;
import org.tpusim.workload.StepLayouts;

/**
 * Pass times from the chip-level simulation: each new shape is built by {@code ProgramBuilder} with the
 * layout {@link StepLayouts} resolves for it, and run as in a batch workload (fast detail: embedding, one
 * representative layer x layers, unembedding) in its own {@link Engine#run} on a fresh interconnect. Results
 * are cached by shape, so a serving run simulates each distinct shape once. Not thread-safe.
 */
public final class SimulatedPassTimes implements PassTimes {
    private final Scenario scenario;
    private final StepLayouts layouts;
    private final Map<StepShape, Double> cache = new HashMap<>();
    private final Map<MixedShape, Double> mixedCache = new HashMap<>();
    private long events;
    private long wallNanos;

    public SimulatedPassTimes(Scenario scenario, StepLayouts layouts) {
        this.scenario = scenario;
        this.layouts = layouts;
    }

    @Override
    public double timeNs(Phase phase, int batch, long tokensPerSequence, long contextTokens) {
        StepShape shape = new StepShape(phase, batch, tokensPerSequence, contextTokens);
        Double cached = cache.get(shape);
        if (cached != null) {
            return cached;
        }
        double t = simulate(shape);
        cache.put(shape, t);
        Heartbeat.work(cache.size(), 0, "pass shapes simulated");
        return t;
    }

    /**
     * A mixed pass: the program {@code ProgramBuilder.buildMixed} writes with the prefill layout resolved for
     * the prefill part (its feedforward for the whole pass) and the decode layout's attention for the decode
     * part, simulated once per shape like any other pass.
     */
    @Override
    public double mixedTimeNs(MixedShape shape) {
        Double cached = mixedCache.get(shape);
        if (cached != null) {
            return cached;
        }
        double t = simulate(shape);
        mixedCache.put(shape, t);
        Heartbeat.work(shapesSimulated(), 0, "pass shapes simulated");
        return t;
    }

    private double simulate(Object shape) {
        try {
            return simulate(shape, scenario);
        } catch (RuntimeException e) {
            if (scenario.simulation().network() != NetworkModel.AUTO || !SymmetryConflictException.causedBy(e)) {
                throw e;
            }
            return simulate(shape, BatchRunner.withNetwork(scenario, NetworkModel.CHUNK));
        }
    }

    private double simulate(Object shape, Scenario scenario) {
        Interconnect net = new Interconnect(scenario.system().slice(),
                scenario.system().chip().effectiveLinkBandwidthBytesPerSec(), scenario.system().chip().hopLatencyNs(),
                null, scenario.simulation().network());
        List<BatchRunner.PassTiming> out = new ArrayList<>(1);
        MeshSplit mesh = MeshSplit.of(scenario.system().slice().shape());
        RunStats stats;
        if (shape instanceof StepShape step) {
            PhaseLayout layout = layouts.layout(step.phase(), step.batch(), step.tokensPerSequence());
            stats = Engine.run(scenario.name() + "-pass", s -> BatchRunner.runPass(s,
                    BatchRunner.execution(scenario, net), layouts.model(), mesh, List.of(step), List.of(layout),
                    List.of(new BatchRunner.PassId(step.phase(), 0)), 0, scenario.simulation().fullDetail(), out,
                    null));
        } else {
            MixedShape mixed = (MixedShape) shape;
            StepProgram program = ProgramBuilder.buildMixed(layouts.model(), mesh, layouts.mixedPrefillLayout(mixed),
                    layouts.mixedDecodeAttention(mixed), mixed);
            stats = Engine.run(scenario.name() + "-mixed-pass", s -> BatchRunner.runProgram(s,
                    BatchRunner.execution(scenario, net), program, scenario.simulation().fullDetail(), out, f -> {
                    }));
        }
        if (out.size() != 1) {
            throw new IllegalStateException("the pass " + shape + " did not complete: the event list ran dry");
        }
        events += stats.events();
        wallNanos += stats.wallNanos();
        return out.get(0).timeNs();
    }

    /** Distinct shapes simulated so far (mixed passes included). */
    public int shapesSimulated() {
        return cache.size() + mixedCache.size();
    }

    /** Distinct mixed (chunked-prefill) shapes simulated so far. */
    public int mixedShapesSimulated() {
        return mixedCache.size();
    }

    /** Engine events executed by those simulations. */
    public long events() {
        return events;
    }

    /** Wall time spent in those simulations, ns. */
    public long wallNanos() {
        return wallNanos;
    }
}
