package org.tpusim.result;

import java.util.ArrayList;
import java.util.List;
import org.tpusim.hardware.ParameterValue;
import org.tpusim.model.ModelConfig;
import org.tpusim.scenario.Reference;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.Workload;
import org.tpusim.topology.Axis;

/**
 * The scenario as the simulator understood it: effective values after defaults and overrides, each chip
 * parameter with its unit and source, so a result file is self-describing. {@code model}, {@code overlap} and
 * {@code multiAxis} (the execution settings) are null (and omitted from results.json) for workloads that run no
 * model.
 */
public record ScenarioEcho(String name, String description, String file, long seed, SystemEcho system,
                           Scenario.SimulationSettings simulation, ModelConfig model, String overlap,
                           String multiAxis, Workload workload, Reference reference) {

    /**
     * @param chip       chip type name
     * @param topology   slice shape XxYxZ
     * @param chips      number of chips
     * @param wraparound per axis [x, y, z]: true for a ring, false for a line
     * @param parameters every chip parameter in effect
     * @param twisted    whether the slice is a twisted torus ({@code system.twisted}); its twisted axes report
     *                   wraparound false (their wrap links lead to other groups)
     */
    public record SystemEcho(String chip, String topology, int chips, List<Boolean> wraparound,
                             List<ParameterEcho> parameters, boolean twisted) {
    }

    /** One chip parameter in effect: catalog key, value, unit, source. */
    public record ParameterEcho(String key, double value, String unit, String source) {
    }

    public static ScenarioEcho of(Scenario s) {
        List<Boolean> wrap = new ArrayList<>();
        for (Axis a : Axis.values()) {
            wrap.add(s.system().slice().wraps(a));
        }
        List<ParameterEcho> params = new ArrayList<>();
        for (ParameterValue v : s.system().chip().parameters().values()) {
            params.add(new ParameterEcho(v.parameter().key(), v.value(), v.parameter().unit(), v.source()));
        }
        SystemEcho system = new SystemEcho(s.system().chip().name(), s.system().slice().shape().toString(),
                s.system().slice().chipCount(), List.copyOf(wrap), List.copyOf(params), s.system().slice().twisted());
        boolean batch = s.workload() instanceof Workload.Batch || s.workload() instanceof Workload.Trace;
        return new ScenarioEcho(s.name(), s.description(), s.source(), s.seed(), system, s.simulation(),
                s.model().orElse(null), batch ? s.overlap().key() : null,
                batch ? s.execution().multiAxis().key() : null, s.workload(), s.reference().orElse(null));
    }
}
