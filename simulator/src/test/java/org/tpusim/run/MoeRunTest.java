package org.tpusim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tpusim.analytical.StepShape;
import org.tpusim.cost.ChipCostModel;
import org.tpusim.cost.OpDemand;
import org.tpusim.program.MoePass;
import org.tpusim.program.ProgramBuilder;
import org.tpusim.result.BatchResult;
import org.tpusim.result.TraceResult;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.scenario.Workload;

/** MoE runs end to end: imbalance idle, the cost of skew, drops in results, traces. */
class MoeRunTest {
    private static final ScenarioLoader LOADER = ScenarioLoader.withBundledCatalog();

    /** Full peak and bandwidth, no fixed costs, padding, latency or prefetch: times are the work at the rates. */
    private static final String IDEAL_CHIP = """
              overrides:
                compute_efficiency: 1
                hbm_efficiency: 1
                matmul_fixed_ns: 0
                attention_fixed_ns: 0
                vector_fixed_ns: 0
                matmul_tile_elements: 1
                matmul_row_tile_elements: 1
                overlap_exponent: 64
                hop_latency_ns: 0
                collective_overhead_ns: 0
                collective_sync_ns_per_doubling: 0
                prefetch_buffer_bytes: 0
            """;

    /** Two layers, 4 experts of width 4096, top-1, on 2x2x2 with the experts over x (2 groups of 2 experts). */
    private static String scenario(String routing, String workload) {
        return """
                name: moe-t
                system:
                  chip: tpu-v4
                  topology: 2x2x2
                %s
                model: {layers: 2, d_model: 1024, d_ff: 4096, heads: 8, d_head: 128, ffn_matrices: 3, vocab: 1024,
                        experts: 4, experts_per_token: 1, expert_d_ff: 4096, weights: bf16, routing: %s}
                layout:
                  prefill: {ffn: ws-2d, attention: head, experts: x}
                  decode: {ffn: ws-2d, attention: batch, experts: x}
                workload: %s
                """.formatted(IDEAL_CHIP, routing, workload);
    }

    private static Scenario load(Path dir, String yaml) throws IOException {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        return LOADER.load(f);
    }

    private static BatchResult run(Scenario s) {
        return (BatchResult) new ScenarioRunner().run(s).result();
    }

    private static double expertNs(MoePass pass, int group, ChipCostModel cost) {
        double t = 0;
        for (OpDemand d : pass.groupDemands().get(group)) {
            t += cost.time(d).totalNs();
        }
        return t;
    }

    @Test
    void skewedRoutingIsSlowerByWhatItsBusiestGroupImplies(@TempDir Path dir) throws IOException {
        // prefill of 8 x 256 = 2048 tokens, top-1: uniform gives each expert 512 and each group 1024 copies.
        // loads 3:1:1:1 give 1024, 342, 341, 341 (2048 x 1/6 = 341.33; the copy left goes to expert 1): group 0
        // (experts 0, 1) takes 1366 copies, group 1 takes 682.
        Files.writeString(dir.resolve("loads.txt"), "3\n1\n1\n1\n");
        String work = "{kind: batch, batch: 8, input_tokens: 256, output_tokens: 0}";
        Scenario uniform = load(dir, scenario("{kind: uniform}", work));
        Scenario skewed = load(dir, scenario("{kind: file, file: loads.txt}", work));
        BatchResult u = run(uniform);
        BatchResult k = run(skewed);
        Workload.Batch w = (Workload.Batch) skewed.workload();
        StepShape shape = StepShape.prefill(8, 256, 0);
        ChipCostModel cost = new ChipCostModel(skewed.system().chip());
        org.tpusim.layout.MeshSplit mesh = new org.tpusim.layout.MeshSplit(2, 2, 2);
        MoePass pu = ProgramBuilder.build(uniform.model().orElseThrow(), mesh, w.prefillLayout(), shape).moe()
                .orElseThrow();
        MoePass pk = ProgramBuilder.build(skewed.model().orElseThrow(), mesh, w.prefillLayout(), shape).moe()
                .orElseThrow();
        assertEquals(0, pk.simulatedGroup());
        assertEquals(1366, pk.placement().groupTokens(0));
        // per MoE layer: the busiest group's expert ops, plus the dispatch and the combine each carrying the busiest
        // group's copies: over x (2 chips) a chip sends D/2 to its one neighbour, (1366 - 1024) x 1024 x 2 B / 2 more
        double linkBytesPerNs = skewed.system().chip().effectiveLinkBandwidthBytesPerSec() / 1e9;
        double perLayer = expertNs(pk, 0, cost) - expertNs(pu, 0, cost)
                + 2 * (1366 - 1024) * 1024 * 2 / 2.0 / linkBytesPerNs;
        double expected = 2 * perLayer / 1e9;
        double measured = k.simulated().prefillS() - u.simulated().prefillS();
        assertEquals(expected, measured, 0.01 * expected, "skewed - uniform prefill");
        // idle: the other group waits for group 0 at the combine; mean over the 2 groups, x 2 layers
        assertEquals(0, u.moe().imbalanceIdleS());
        double idle = 2 * (expertNs(pk, 0, cost) - expertNs(pk, 1, cost)) / 2 / 1e9;
        assertEquals(idle, k.moe().imbalanceIdleS(), 1e-12);
        assertEquals(1024, k.moe().maxTokensPerExpert());
        assertEquals(512.0, k.moe().meanTokensPerExpert());
    }

    @Test
    void capacityDropsAreCountedOverPassesAndLayers(@TempDir Path dir) throws IOException {
        // decode of 16 sequences, top-1 over 4 experts, capacity factor 1: C = ceil(16/4) = 4.
        // loads 3:1:1:1 of 16 copies: 8, 3 (2.67 rounded up by the largest remainder), 3, 2 -> expert 0 drops 4
        Files.writeString(dir.resolve("loads.txt"), "3\n1\n1\n1\n");
        BatchResult r = run(load(dir, scenario("{kind: file, file: loads.txt, capacity_factor: 1}",
                "{kind: batch, batch: 16, input_tokens: 0, cached_tokens: 64, output_tokens: 3}")));
        // 4 copies x 2 MoE layers x 3 decode steps
        assertEquals(4 * 2 * 3, r.moe().droppedTokens());
        assertEquals(4, r.moe().maxTokensPerExpert());
        assertEquals(3.0, r.moe().meanTokensPerExpert());
        assertEquals(List.of("decode"), r.moe().phases().stream().map(BatchResult.MoePhase::phase).toList());
    }

    @Test
    void aTraceServesAnMoeModel(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("s.yaml"), scenario("{kind: zipf, skew: 1, seed: 3}", """
                {kind: trace, synthetic: {requests: 12, seed: 5, arrivals: {process: poisson, rate_per_s: 50},
                 input_tokens: {uniform: [16, 64]}, output_tokens: {uniform: [4, 8]}},
                 batching: {policy: continuous, max_batch: 8}}"""));
        TraceResult t = (TraceResult) new ScenarioRunner().run(LOADER.load(dir.resolve("s.yaml"))).result();
        assertEquals(12, t.simulated().requests());
        assertTrue(t.simulated().throughputTokensPerS() > 0);
    }

    /**
     * Top-2 of 2 experts of width F with uniform routing is, in work, the dense model of width 2F: the same FLOPs and
     * weight bytes per chip. On 2x1x1 with the experts over x and nothing overlapped, the MoE run takes the dense
     * run's time, less the dense feedforward's ops, plus the MoE block's: its matmuls and vector ops at the chip cost
     * model, its all-to-alls at their closed form (exact here: one message of D/2 over one link).
     */
    @Test
    void uniformTopAllEqualsTheDenseModelPlusTheAllToAllsClosedForms(@TempDir Path dir) throws IOException {
        String base = """
                name: eq
                system:
                  chip: tpu-v4
                  topology: 2x1x1
                %s
                execution: {overlap: none}
                model: {layers: 2, d_model: 1024, d_ff: %d, heads: 8, d_head: 128, ffn_matrices: 3, vocab: 1024,
                        weights: bf16%s}
                layout:
                  prefill: {ffn: ws-2d, attention: head%s}
                workload: {kind: batch, batch: 8, input_tokens: 256, output_tokens: 0}
                """;
        Scenario dense = load(dir, base.formatted(IDEAL_CHIP, 8192, "", ""));
        Scenario moe = load(dir, base.formatted(IDEAL_CHIP, 8192,
                ", experts: 2, experts_per_token: 2, expert_d_ff: 4096, routing: {kind: uniform}", ", experts: x"));
        assertEquals(dense.model().orElseThrow().totalParams() + 2 * 1024 * 2, moe.model().orElseThrow().totalParams());
        assertEquals(moe.model().orElseThrow().totalParams(), moe.model().orElseThrow().activeParams());
        org.tpusim.layout.MeshSplit mesh = new org.tpusim.layout.MeshSplit(2, 1, 1);
        StepShape shape = StepShape.prefill(8, 256, 0);
        double denseFfn = blockNs(dense, ProgramBuilder.build(dense.model().orElseThrow(), mesh,
                ((Workload.Batch) dense.workload()).prefillLayout(), shape).layer(), "ffn.");
        double moeBlock = blockNs(moe, ProgramBuilder.build(moe.model().orElseThrow(), mesh,
                ((Workload.Batch) moe.workload()).prefillLayout(), shape).moeLayer().orElseThrow(), "moe.");
        // the blocks differ: the MoE block has four all-to-alls and the router where the dense one has two collectives
        assertTrue(Math.abs(moeBlock - denseFfn) > 0.01 * denseFfn, moeBlock + " vs " + denseFfn);
        double expected = run(dense).simulated().prefillS() + 2 * (moeBlock - denseFfn) / 1e9;
        assertEquals(expected, run(moe).simulated().prefillS(), 1e-9 * expected);
    }

    /** The ops of a block (by name prefix): compute at the cost model, collectives at their latency-bandwidth form. */
    private static double blockNs(Scenario s, org.tpusim.program.OpSequence layer, String prefix) {
        ChipCostModel cost = new ChipCostModel(s.system().chip());
        double t = 0;
        for (org.tpusim.program.ProgramOp op : layer.ops()) {
            if (!op.name().startsWith(prefix)) {
                continue;
            }
            if (op instanceof org.tpusim.program.ProgramOp.Compute c) {
                t += cost.time(c.demand()).totalNs();
            } else {
                org.tpusim.program.ProgramOp.Communicate c = (org.tpusim.program.ProgramOp.Communicate) op;
                org.tpusim.collective.CollectiveSpec spec = new org.tpusim.collective.CollectiveSpec(c.kind(), c.axes(),
                        c.bytesPerChip(), org.tpusim.collective.CollectiveAlgorithm.BIDIRECTIONAL_RING,
                        org.tpusim.collective.MultiAxis.CONCURRENT, 1L << 30);
                t += org.tpusim.collective.CollectiveAnalytical.of(spec, s.system().slice(),
                        s.system().chip().effectiveLinkBandwidthBytesPerSec(), s.system().chip().hopLatencyNs(),
                        org.tpusim.collective.CollectiveCosts.of(s.system().chip())).latencyBandwidthNs();
            }
        }
        return t;
    }
}
