package org.tpusim.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tpusim.analytical.MoeTraffic;
import org.tpusim.analytical.StepShape;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.cost.OpDemand;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.FfnLayout;
import org.tpusim.layout.MeshSplit;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.MoeConfig;
import org.tpusim.model.RoutingKind;
import org.tpusim.scenario.ModelCatalog;
import org.tpusim.topology.MeshAxes;

/** The MoE layer's program: shapes and collective volumes written out by hand. */
class MoeProgramTest {
    private static final MeshSplit CUBE2 = new MeshSplit(2, 2, 2);
    private static final ModelCatalog.Entry MIXTRAL = ModelCatalog.bundled().find("mixtral-8x7b").orElseThrow();

    private static ModelConfig mixtral(MoeConfig.Routing routing) {
        return new ModelConfig(MIXTRAL.model(), DType.BF16, DType.BF16, 0,
                Optional.of(MIXTRAL.moeConfig().orElseThrow().withRouting(routing)));
    }

    private static PhaseLayout layout(String experts) {
        return new PhaseLayout(FfnLayout.WS_2D, AttentionLayout.BATCH, Optional.of(MeshAxes.parse(experts)));
    }

    private static ProgramOp.Communicate collective(OpSequence s, String name) {
        return Programs.collectives(s, c -> c.name().equals(name)).get(0);
    }

    private static List<ProgramOp.Compute> experts(OpSequence s) {
        return s.ops().stream().filter(ProgramOp.Compute.class::isInstance).map(ProgramOp.Compute.class::cast)
                .filter(c -> c.name().startsWith("moe.expert")).toList();
    }

    @Test
    void oneExpertPerChipUnderUniformRouting() {
        // decode of 64 sequences on 2x2x2, experts over xyz: G_e = 8 (one expert per chip), G_t = 1
        StepProgram p = ProgramBuilder.build(mixtral(MoeConfig.Routing.UNIFORM), CUBE2, layout("xyz"),
                StepShape.decode(64, 1024));
        assertEquals(0, p.layers());
        assertEquals(32, p.moeLayers());
        OpSequence layer = p.moeLayer().orElseThrow();
        // residual [T, E/n] -> [T/G_e, E]: D = 64 x 4096/8 x 2 B
        assertEquals(64L * 512 * 2, collective(layer, "moe.to-tokens.all-to-all").bytesPerChip());
        // dispatch and combine: each chip's 8 tokens x 2 copies = 16 copies of 4096 x 2 B
        ProgramOp.Communicate dispatch = collective(layer, "moe.dispatch.all-to-all");
        assertEquals(CollectiveKind.ALL_TO_ALL, dispatch.kind());
        assertEquals(16L * 4096 * 2, dispatch.bytesPerChip());
        assertEquals(16L * 4096 * 2, collective(layer, "moe.combine.all-to-all").bytesPerChip());
        assertTrue(Programs.collectives(layer, c -> c.name().equals("moe.tokens.all-gather")).isEmpty());
        // the chip's one expert: 16 tokens through w_in (16 x 4096 x 2*14336), activation, w_out (16 x 14336 x 4096)
        List<ProgramOp.Compute> ex = experts(layer);
        assertEquals(3, ex.size());
        double flops = ex.stream().mapToDouble(c -> c.demand().flops()).sum();
        assertEquals(2.0 * 16 * 4096 * 2 * 14336 + 2.0 * 16 * 14336 * 4096 + 0, flops - ex.get(1).demand().flops());
        assertEquals(16, ex.get(0).demand().m());
        // router: 8 tokens x 4096 x 8 experts
        ProgramOp.Compute router = layer.ops().stream().filter(o -> o.name().equals("moe.router"))
                .map(ProgramOp.Compute.class::cast).findFirst().orElseThrow();
        assertEquals(List.of(8L, 4096L, 8L), List.of(router.demand().m(), router.demand().k(), router.demand().n()));
    }

    @Test
    void expertsOverOneAxisSplitEachExpertOverTheOthers() {
        // experts over x: G_e = 2 groups of 4 experts, each expert split over yz (G_t = 4)
        StepProgram p = ProgramBuilder.build(mixtral(MoeConfig.Routing.UNIFORM), CUBE2, layout("x"),
                StepShape.decode(64, 1024));
        OpSequence layer = p.moeLayer().orElseThrow();
        // tokens: T/G_e = 32 per chip, gathered over yz with full E
        assertEquals(32L * 4096 * 2, collective(layer, "moe.tokens.all-gather").bytesPerChip());
        assertEquals(MeshAxes.parse("yz"), collective(layer, "moe.tokens.all-gather").axes());
        // a group's 4 experts take 16 copies each: 64 copies of 4096 x 2 B
        assertEquals(64L * 4096 * 2, collective(layer, "moe.dispatch.all-to-all").bytesPerChip());
        List<ProgramOp.Compute> ex = experts(layer);
        assertEquals(12, ex.size());
        assertEquals(2L * 14336 / 4, ex.get(0).demand().n());
        assertEquals(32L * 4096 * 2, collective(layer, "moe.reduce-scatter").bytesPerChip());
        // the analytical closed form counts the same volumes: dispatch + combine 2 x 64 copies x E x 2 B x (G_e-1)/G_e
        MoeTraffic t = MoeTraffic.perLayer(mixtral(MoeConfig.Routing.UNIFORM).moe().orElseThrow(), 4096, CUBE2,
                MeshAxes.parse("x"), 64);
        assertEquals(2.0 * 64 * 4096 * 2 / 2, t.dispatchBytes());
        assertEquals(2.0 * 64 * 4096 * 2 / 2 + 2.0 * 64 * 4096 / 8 * 2 / 2, t.allToAllBytes());
        assertEquals(2.0 * 32 * 4096 * 2 * 3 / 4, t.tensorBytes());
    }

    @Test
    void skewedRoutingRunsTheBusiestGroupAndDispatchesItsCopies() {
        // shares 1,1,1,1,1,1,4,4 of 128 copies: experts 0..5 take 128/14 (9.14), 6 and 7 take 36.57; largest
        // remainders give 9, 9, 9, 9, 9, 9, 37, 37 (sum 128); over x, group 1 (experts 4..7) takes 9+9+37+37 = 92
        MoeConfig.Routing r = new MoeConfig.Routing(RoutingKind.FILE, 0, new double[] {1, 1, 1, 1, 1, 1, 4, 4}, "f",
                1, 0);
        StepProgram p = ProgramBuilder.build(mixtral(r), CUBE2, layout("x"), StepShape.decode(64, 1024));
        MoePass pass = p.moe().orElseThrow();
        assertEquals(1, pass.simulatedGroup());
        assertEquals(92, pass.placement().groupTokens(1));
        // D: 92 copies rounded up to a multiple of G_e = 2 -> 92
        assertEquals(92L * 4096 * 2, collective(p.moeLayer().orElseThrow(), "moe.dispatch.all-to-all").bytesPerChip());
        List<Long> rows = experts(p.moeLayer().orElseThrow()).stream().filter(c -> c.name().endsWith("w_in"))
                .map(c -> c.demand().m()).toList();
        assertEquals(List.of(9L, 9L, 37L, 37L), rows);
        List<OpDemand> other = pass.groupDemands().get(0);
        assertEquals(12, other.size());
        assertEquals(9, other.get(0).m());
    }

    @Test
    void aLayoutThatDoesNotDivideIsInfeasibleWithTheNumbers() {
        // 8 experts cannot split over 64 chips; a weight-gathered feedforward is not an MoE layout
        String why = ProgramBuilder.check(mixtral(MoeConfig.Routing.UNIFORM), new MeshSplit(4, 4, 4),
                new PhaseLayout(FfnLayout.WG_XYZ, AttentionLayout.BATCH, Optional.of(MeshAxes.parse("xyz"))),
                StepShape.decode(64, 1024)).explain();
        assertTrue(why.contains("8 experts do not split evenly over the expert axes xyz = 64 chips"), why);
        assertTrue(why.contains("weight-stationary"), why);
        // 12 tokens do not split over the 8 chips of the expert axes
        assertFalse(ProgramBuilder.check(mixtral(MoeConfig.Routing.UNIFORM), new MeshSplit(2, 2, 2),
                layout("xyz"), StepShape.decode(12, 1024)).feasible());
    }
}
