package org.tpusim.run;

import java.util.ArrayList;
import java.util.List;
import org.tpusim.engine.Engine;
import org.tpusim.engine.RunStats;
import org.tpusim.interconnect.IciLink;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.interconnect.PointToPointTransfer;
import org.tpusim.result.LinkLoad;
import org.tpusim.result.RunInfo;
import org.tpusim.result.RunResult;
import org.tpusim.result.ScenarioEcho;
import org.tpusim.result.TransferResult;
import org.tpusim.result.WorkloadResult;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.Workload;
import org.tpusim.topology.DirectedLink;
import org.tpusim.topology.Slice;

/** Runs one scenario to completion on the engine and returns its result record. Stateless; thread-safe. */
public final class ScenarioRunner {

    public RunResult run(Scenario scenario) {
        Workload w = scenario.workload();
        if (w instanceof Workload.Transfer t) {
            return runTransfer(scenario, t);
        }
        throw new IllegalStateException("no runner for workload kind " + w.kind());
    }

    private RunResult runTransfer(Scenario s, Workload.Transfer t) {
        Slice slice = s.system().slice();
        Interconnect net = new Interconnect(slice, s.system().chip().linkBandwidthBytesPerSec(),
                s.system().chip().hopLatencyNs());
        PointToPointTransfer transfer = new PointToPointTransfer(net, slice.id(t.from()), slice.id(t.to()),
                t.bytes(), s.simulation().chunkBytes());
        double[] doneNs = {Double.NaN};
        RunStats stats = Engine.run(s.name(), scheduler -> transfer.start(scheduler, time -> doneNs[0] = time));
        if (Double.isNaN(doneNs[0])) {
            throw new IllegalStateException("transfer did not complete: the event list ran dry");
        }
        double simulatedS = doneNs[0] / 1e9;
        int hops = transfer.route().hops();
        double analyticalS = PointToPointTransfer.uncongestedTimeNs(hops, t.bytes(), net.linkBandwidthBytesPerSec(),
                net.hopLatencyNs()) / 1e9;
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
                        l.bytesCarried(), l.busyNs() / 1e9, durationNs > 0 ? l.busyNs() / durationNs : 0));
            }
        }
        return out;
    }

    private static RunResult envelope(Scenario s, WorkloadResult result, RunStats stats) {
        return new RunResult(TpusimVersion.get(), ScenarioEcho.of(s), result,
                new RunInfo(stats.events(), stats.endTimeNs() / 1e9, stats.wallNanos() / 1e9));
    }
}
