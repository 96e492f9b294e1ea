package org.tpusim.run;

import java.util.ArrayList;
import java.util.List;
import org.tpusim.collective.Collective;
import org.tpusim.collective.CollectiveAnalytical;
import org.tpusim.collective.CollectiveCosts;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.collective.CollectivePlan;
import org.tpusim.collective.CollectiveSpec;
import org.tpusim.engine.Engine;
import org.tpusim.engine.RunStats;
import org.tpusim.figure.Units;
import org.tpusim.interconnect.IciLink;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.interconnect.PointToPointTransfer;
import org.tpusim.result.CollectiveResult;
import org.tpusim.result.LinkLoad;
import org.tpusim.result.LinkPlane;
import org.tpusim.result.RunInfo;
import org.tpusim.result.RunResult;
import org.tpusim.result.ScenarioEcho;
import org.tpusim.result.TransferResult;
import org.tpusim.result.WorkloadResult;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.Workload;
import org.tpusim.topology.Axis;
import org.tpusim.topology.DirectedLink;
import org.tpusim.topology.Slice;
import org.tpusim.trace.TraceRecorder;

/** Runs one scenario to completion on the engine and returns its result record. Stateless; thread-safe. */
public final class ScenarioRunner {

    public RunResult run(Scenario scenario) {
        return run(scenario, null);
    }

    /** Runs the scenario, recording into {@code trace} what it selects (null: no trace). */
    public RunResult run(Scenario scenario, TraceRecorder trace) {
        Workload w = scenario.workload();
        if (w instanceof Workload.Transfer t) {
            return runTransfer(scenario, t, trace);
        }
        if (w instanceof Workload.Collective c) {
            return runCollective(scenario, c, trace);
        }
        if (w instanceof Workload.Batch b) {
            BatchRunner runner = new BatchRunner();
            BatchRunner.Outcome o = runner.simulate(scenario, b, trace);
            return envelope(scenario, runner.result(scenario, b, o), o.stats());
        }
        if (w instanceof Workload.Trace t) {
            TraceRunner runner = new TraceRunner();
            TraceRunner.Outcome o = runner.simulate(scenario, t);
            if (trace != null) {
                TraceRunner.record(o.simulated(), trace);
            }
            return envelope(scenario, runner.result(scenario, t, o), o.stats());
        }
        throw new IllegalStateException("no runner for workload kind " + w.kind());
    }

    private RunResult runTransfer(Scenario s, Workload.Transfer t, TraceRecorder trace) {
        Slice slice = s.system().slice();
        Interconnect net = new Interconnect(slice, s.system().chip().effectiveLinkBandwidthBytesPerSec(),
                s.system().chip().hopLatencyNs(), trace);
        PointToPointTransfer transfer = new PointToPointTransfer(net, slice.id(t.from()), slice.id(t.to()),
                t.bytes(), s.simulation().chunkBytes());
        double[] doneNs = {Double.NaN};
        RunStats stats = Engine.run(s.name(), scheduler -> transfer.start(scheduler, time -> doneNs[0] = time));
        if (Double.isNaN(doneNs[0])) {
            throw new IllegalStateException("transfer did not complete: the event list ran dry");
        }
        double simulatedS = Units.seconds(doneNs[0]);
        int hops = transfer.route().hops();
        double analyticalS = Units.seconds(PointToPointTransfer.uncongestedTimeNs(hops, t.bytes(),
                net.linkBandwidthBytesPerSec(), net.hopLatencyNs()));
        List<String> route = new ArrayList<>();
        for (DirectedLink l : transfer.route().links()) {
            route.add(l.toString());
        }
        TransferResult result = new TransferResult(
                new TransferResult.Simulated(simulatedS, simulatedS > 0 ? t.bytes() / simulatedS : 0),
                new TransferResult.Analytical(analyticalS, "hops x hop_latency + bytes / link_bandwidth"),
                ratio(simulatedS, analyticalS), t.bytes(), transfer.chunkCount(), hops, route,
                linkLoads(net, doneNs[0]));
        return envelope(s, result, stats);
    }

    private RunResult runCollective(Scenario s, Workload.Collective w, TraceRecorder trace) {
        Slice slice = s.system().slice();
        Interconnect net = new Interconnect(slice, s.system().chip().effectiveLinkBandwidthBytesPerSec(),
                s.system().chip().hopLatencyNs(), trace, s.simulation().network());
        CollectiveSpec spec = new CollectiveSpec(w.collective(), w.axes(), w.bytesPerChip(), w.algorithm(),
                w.multiAxis(), s.simulation().chunkBytes());
        // the start cost grows with the group as for program collectives (collective_sync_ns_per_doubling)
        CollectiveCosts costs = new CollectiveCosts(
                s.system().chip().collectiveStartNs(w.axes().groupSize(slice.shape())),
                CollectiveCosts.of(s.system().chip()).reductionBytesPerNs());
        Collective collective = Collective.create(net, spec, costs);
        double[] doneNs = {Double.NaN};
        RunStats stats = Engine.run(s.name(), scheduler -> collective.start(scheduler, t -> {
            doneNs[0] = t;
            if (trace != null) {
                trace.collective(w.collective().key() + " " + w.axes().name(), "collective", 0, t);
            }
        }));
        if (Double.isNaN(doneNs[0])) {
            throw new IllegalStateException("collective did not complete: the event list ran dry");
        }
        CollectiveAnalytical.Estimate est = CollectiveAnalytical.of(spec, slice, net.linkBandwidthBytesPerSec(),
                net.hopLatencyNs(), costs);
        int k = w.axes().groupSize(slice.shape());
        double timeS = Units.seconds(doneNs[0]);
        double algBw = timeS > 0 ? w.bytesPerChip() / timeS : 0;
        CollectiveResult result = new CollectiveResult(
                new CollectiveResult.Simulated(timeS, algBw, algBw * w.collective().busBandwidthFactor(k)),
                new CollectiveResult.Analytical(Units.seconds(est.paperTimeNs()), est.paperBandwidthBytesPerSec(),
                        est.paperFormula(), Units.seconds(est.latencyBandwidthNs()), est.latencyBandwidthFormula()),
                ratio(doneNs[0], est.paperTimeNs()), ratio(doneNs[0], est.latencyBandwidthNs()),
                w.collective().key(), w.axes().name(), k, slice.chipCount() / k, w.algorithm().key(),
                w.multiAxis().key(), w.bytesPerChip(), phases(spec, slice), axisLoads(net, doneNs[0]),
                busiest(net, doneNs[0], 8), LinkPlane.of(net, doneNs[0]));
        return envelope(s, result, stats);
    }

    private static List<CollectiveResult.PhaseInfo> phases(CollectiveSpec spec, Slice slice) {
        List<CollectiveResult.PhaseInfo> out = new ArrayList<>();
        if (spec.kind() != CollectiveKind.ALL_GATHER && spec.kind() != CollectiveKind.REDUCE_SCATTER
                && spec.kind() != CollectiveKind.ALL_REDUCE) {
            return out;
        }
        CollectivePlan plan = CollectivePlan.of(spec.kind(), spec.axes().axes(), slice, spec.bytesPerChip(),
                spec.multiAxis());
        for (int p = 0; p < plan.parts().size(); p++) {
            for (CollectivePlan.Phase ph : plan.parts().get(p).phases()) {
                out.add(new CollectiveResult.PhaseInfo(p, ph.axesLabel(),
                        ph.reduce() ? "reduce-scatter" : "all-gather", ph.size(), ph.ring(slice),
                        ph.steps(), ph.shardBytes(), ph.messageBytes(slice, spec.algorithm())));
            }
        }
        return out;
    }

    /** Link load per physical axis over {@code durationNs}. */
    static List<CollectiveResult.AxisLoad> axisLoads(Interconnect net, double durationNs) {
        List<CollectiveResult.AxisLoad> out = new ArrayList<>();
        for (Axis a : Axis.values()) {
            int links = 0;
            long bytes = 0;
            double sumUtil = 0;
            double maxUtil = 0;
            for (IciLink l : net.links()) {
                if (l.link().axis() != a) {
                    continue;
                }
                links++;
                bytes += l.bytesCarried();
                double u = durationNs > 0 ? l.busyNs() / durationNs : 0;
                sumUtil += u;
                maxUtil = Math.max(maxUtil, u);
            }
            if (links > 0) {
                out.add(new CollectiveResult.AxisLoad(String.valueOf(a.letter()), links, bytes, sumUtil / links, maxUtil));
            }
        }
        return out;
    }

    /** The {@code limit} link directions that carried the most bytes (ties: lower link id first). */
    static List<LinkLoad> busiest(Interconnect net, double durationNs, int limit) {
        List<IciLink> sorted = new ArrayList<>(net.links());
        sorted.sort(java.util.Comparator.comparingLong(IciLink::bytesCarried).reversed()
                .thenComparingInt(l -> l.link().id()));
        List<LinkLoad> out = new ArrayList<>();
        for (IciLink l : sorted.subList(0, Math.min(limit, sorted.size()))) {
            if (l.bytesCarried() > 0) {
                out.add(new LinkLoad(l.link().toString(), String.valueOf(l.link().axis().letter()), l.bytesCarried(),
                        Units.seconds(l.busyNs()), durationNs > 0 ? l.busyNs() / durationNs : 0));
            }
        }
        return out;
    }

    /** The paper's analytical model for a scenario's system, as batch runs use it (for layout search). */
    public static org.tpusim.analytical.AnalyticalModel paperModel(Scenario s) {
        return BatchRunner.paperModel(s);
    }

    static double ratio(double simulated, double analytical) {
        if (analytical == 0) {
            return simulated == 0 ? 1.0 : Double.POSITIVE_INFINITY;
        }
        return simulated / analytical;
    }

    /** The links that carried bytes, in link-id order, with utilisation over {@code durationNs}. */
    static List<LinkLoad> linkLoads(Interconnect net, double durationNs) {
        List<LinkLoad> out = new ArrayList<>();
        for (IciLink l : net.links()) {
            if (l.bytesCarried() > 0) {
                out.add(new LinkLoad(l.link().toString(), String.valueOf(l.link().axis().letter()),
                        l.bytesCarried(), Units.seconds(l.busyNs()), durationNs > 0 ? l.busyNs() / durationNs : 0));
            }
        }
        return out;
    }

    private static RunResult envelope(Scenario s, WorkloadResult result, RunStats stats) {
        return new RunResult(TpusimVersion.get(), ScenarioEcho.of(s), result,
                new RunInfo(stats.events(), Units.seconds(stats.endTimeNs()), Units.seconds(stats.wallNanos())));
    }
}
