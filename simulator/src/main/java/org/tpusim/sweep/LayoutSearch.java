package org.tpusim.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tpusim.analytical.AnalyticalModel;
import org.tpusim.analytical.StepShape;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.FfnLayout;
import org.tpusim.layout.MeshSplit;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.model.Phase;
import org.tpusim.result.BatchResult;
import org.tpusim.input.InfeasibleException;
import org.tpusim.input.InputException;
import org.tpusim.input.YamlEdit;
import org.tpusim.input.YamlNode;
import org.tpusim.run.ScenarioBatch;
import org.tpusim.run.ScenarioRunner;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.scenario.Workload;
import org.tpusim.input.YamlReader;

/**
 * The paper's method of choosing a layout (Pope et al. 2022, sec. 3 and 4): for one phase of a batch scenario,
 * every feedforward x attention layout is tried; the feasible ones (the scenario loader's checks: the layout
 * divides the mesh and the model fits in HBM) are ranked by the analytical model (roofline plus feedforward
 * communication), and the best few are simulated, so both rankings can be compared. The other phase keeps the
 * scenario's layout.
 */
public final class LayoutSearch {
    private final ScenarioLoader loader;

    public LayoutSearch(ScenarioLoader loader) {
        this.loader = loader;
    }

    /**
     * One layout of the phase.
     *
     * @param layout          the layout tried
     * @param reason          why it is infeasible; empty when feasible
     * @param analyticalMs    the paper model's time of the phase, ms (decode: per step; prefill: the pass)
     * @param simulatedMs     the simulated time, ms; NaN when not simulated
     * @param analyticalRank  1 = fastest by the analytical model; 0 when infeasible
     * @param simulatedRank   1 = fastest of the simulated; 0 when not simulated
     */
    public record Candidate(PhaseLayout layout, String reason, double analyticalMs, double simulatedMs,
                            int analyticalRank, int simulatedRank) {
        public boolean feasible() {
            return reason.isEmpty();
        }

        public boolean simulated() {
            return !Double.isNaN(simulatedMs);
        }
    }

    /**
     * The search of one phase.
     *
     * @param scenario   the scenario's name
     * @param phase      the phase searched
     * @param candidates every layout, feasible ones by analytical rank first, then the infeasible ones
     * @param chosen     the simulated fastest (the analytical fastest when nothing was simulated)
     */
    public record Result(String scenario, Phase phase, List<Candidate> candidates, PhaseLayout chosen) {
        public Result {
            candidates = List.copyOf(candidates);
        }
    }

    /** Searches {@code phase} of the batch scenario in {@code file}, simulating the {@code simulate} best. */
    public Result search(Path file, Phase phase, int simulate) {
        return search(file, phase, simulate, 1);
    }

    /** As {@link #search(Path, Phase, int)}, simulating on {@code threads} threads (the result is the same). */
    public Result search(Path file, Phase phase, int simulate, int threads) {
        YamlNode base = YamlReader.read(file);
        Path baseDir = file.getParent() != null ? file.getParent() : Path.of("");
        Scenario original = loader.load(file.toString(), baseDir, base, List.of());
        if (!(original.workload() instanceof Workload.Batch w)) {
            throw new InputException(file.toString(), 0, "workload.kind", "layout search needs workload kind batch, "
                    + "found " + original.workload().kind());
        }
        if (phase == Phase.PREFILL ? w.inputTokens() == 0 : w.outputTokens() == 0) {
            throw new InputException(file.toString(), 0, "workload", "the scenario has no " + phase.key()
                    + " (expected " + (phase == Phase.PREFILL ? "input_tokens" : "output_tokens") + " > 0)");
        }
        List<Candidate> feasible = new ArrayList<>();
        List<Candidate> infeasible = new ArrayList<>();
        Map<PhaseLayout, Scenario> scenarios = new LinkedHashMap<>();
        for (FfnLayout ffn : FfnLayout.values()) {
            for (AttentionLayout att : AttentionLayout.values()) {
                PhaseLayout layout = new PhaseLayout(ffn, att);
                String origin = file + " [search " + phase.key() + " layout " + layout + "]";
                PhaseLayout other = phase == Phase.PREFILL ? w.decodeLayout() : w.prefillLayout();
                Phase otherPhase = phase == Phase.PREFILL ? Phase.DECODE : Phase.PREFILL;
                // the other phase stays on the layout the scenario resolved for it (so auto cannot change with this one)
                List<YamlEdit> edits = List.of(layoutEdit(otherPhase, other, origin), layoutEdit(phase, layout, origin));
                try {
                    Scenario s = loader.load(file + "[" + layout + "]", baseDir, base, edits);
                    scenarios.put(layout, s);
                    feasible.add(new Candidate(layout, "", analyticalMs(s, phase), Double.NaN, 0, 0));
                } catch (InfeasibleException e) {
                    infeasible.add(new Candidate(layout, e.problem(), Double.NaN, Double.NaN, 0, 0));
                }
            }
        }
        feasible.sort(Comparator.comparingDouble(Candidate::analyticalMs));
        List<Scenario> best = feasible.stream().limit(Math.max(0, simulate)).map(c -> scenarios.get(c.layout()))
                .toList();
        List<Double> simulatedMs = new ScenarioBatch<Scenario, Double>(threads, "search", s -> "layout search of "
                + s.source()).run(best, s -> {
                    BatchResult r = (BatchResult) new ScenarioRunner().run(s).result();
                    return phase == Phase.PREFILL ? r.simulated().prefillS() * 1e3 : r.simulated().decodePerTokenMs();
                }, null);
        List<Candidate> ranked = new ArrayList<>();
        for (int i = 0; i < feasible.size(); i++) {
            Candidate c = feasible.get(i);
            double sim = i < simulatedMs.size() ? simulatedMs.get(i) : Double.NaN;
            ranked.add(new Candidate(c.layout(), "", c.analyticalMs(), sim, i + 1, 0));
        }
        List<Candidate> bySim = new ArrayList<>(ranked.stream().filter(Candidate::simulated).toList());
        bySim.sort(Comparator.comparingDouble(Candidate::simulatedMs));
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : ranked) {
            int simRank = bySim.indexOf(c) + 1;
            out.add(new Candidate(c.layout(), "", c.analyticalMs(), c.simulatedMs(), c.analyticalRank(), simRank));
        }
        out.addAll(infeasible);
        PhaseLayout chosen = !bySim.isEmpty() ? bySim.get(0).layout() : ranked.isEmpty() ? null : ranked.get(0).layout();
        return new Result(original.name(), phase, out, chosen);
    }

    /** {@code layout.<phase>: {ffn: .., attention: ..}} as an edit of the scenario. */
    private static YamlEdit layoutEdit(Phase phase, PhaseLayout layout, String origin) {
        YamlNode.Where at = new YamlNode.Where(origin, 0, "");
        return YamlEdit.of("layout." + phase.key(), new YamlNode.Mapping(at, com.google.common.collect.ImmutableMap.of(
                "ffn", new YamlNode.Scalar(at, layout.ffn().key()),
                "attention", new YamlNode.Scalar(at, layout.attention().key()))));
    }

    /** The paper model's time of the phase, ms: the prefill pass, or the mean decode step. */
    static double analyticalMs(Scenario s, Phase phase) {
        Workload.Batch w = (Workload.Batch) s.workload();
        AnalyticalModel paper = ScenarioRunner.paperModel(s);
        MeshSplit mesh = MeshSplit.of(s.system().slice().shape());
        var model = s.model().orElseThrow();
        if (phase == Phase.PREFILL) {
            return paper.step(model, mesh, w.prefillLayout(), StepShape.prefill(w.batch(), w.inputTokens(),
                    w.cachedTokens())).rooflineWithCommunicationNs() / 1e6;
        }
        double ns = 0;
        for (long step = 1; step <= w.outputTokens(); step++) {
            ns += paper.step(model, mesh, w.decodeLayout(), StepShape.decode(w.batch(),
                    w.cachedTokens() + w.inputTokens() + step)).rooflineWithCommunicationNs();
        }
        return ns / 1e6 / w.outputTokens();
    }
}
