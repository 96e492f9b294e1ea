package org.tpusim.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tpusim.analytical.StepShape;
import org.tpusim.collective.CollectiveAlgorithm;
import org.tpusim.collective.CollectiveCosts;
import org.tpusim.cost.ChipCostModel;
import org.tpusim.engine.Engine;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.interconnect.IciLink;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.interconnect.NetworkModel;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.FfnLayout;
import org.tpusim.layout.MeshSplit;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.MoeConfig;
import org.tpusim.model.RoutingKind;
import org.tpusim.program.OpSequence;
import org.tpusim.program.ProgramBuilder;
import org.tpusim.program.ProgramOp;
import org.tpusim.scenario.ChipCatalog;
import org.tpusim.scenario.ModelCatalog;
import org.tpusim.topology.Direction;
import org.tpusim.topology.MeshAxes;
import org.tpusim.topology.Slice;
import org.tpusim.topology.SliceShape;

/** The bytes the MoE dispatch puts on every link of a small torus, for a given routing, written out by hand. */
class MoeDispatchLinkTest {
    private static final ChipSpec V4 = ChipCatalog.bundled().find("tpu-v4").orElseThrow();

    @Test
    void dispatchOnAFourChipRing_carriesTheBusiestGroupsCopiesToEveryMember() {
        // Mixtral 8x7B on a 4x1x1 ring, experts over x: 4 groups of 2 experts. Decode of 64 tokens, top-2, loads
        // 3:1:1:1:1:1:1:1 of 128 copies: 128 x 3/10 = 38.4 -> 38 and 12.8 -> 13 for experts 1..7 (the two copies
        // left go to the largest remainders), so group 0 (experts 0, 1) takes 38 + 13 = 51 copies, the others 26.
        ModelCatalog.Entry mixtral = ModelCatalog.bundled().find("mixtral-8x7b").orElseThrow();
        MoeConfig.Routing r = new MoeConfig.Routing(RoutingKind.FILE, 0, new double[] {3, 1, 1, 1, 1, 1, 1, 1}, "f",
                1, 0);
        ModelConfig config = new ModelConfig(mixtral.model(), DType.BF16, DType.BF16, 0,
                Optional.of(mixtral.moeConfig().orElseThrow().withRouting(r)));
        Slice slice = Slice.of(SliceShape.of(4, 1, 1));
        MeshSplit mesh = MeshSplit.of(slice.shape());
        OpSequence layer = ProgramBuilder.build(config, mesh, new PhaseLayout(FfnLayout.WS_2D, AttentionLayout.BATCH,
                Optional.of(MeshAxes.parse("x"))), StepShape.decode(64, 512)).moeLayer().orElseThrow();
        ProgramOp.Communicate dispatch = layer.ops().stream().filter(o -> o.name().equals("moe.dispatch.all-to-all"))
                .map(ProgramOp.Communicate.class::cast).findFirst().orElseThrow();
        // D = 51 copies rounded up to a multiple of 4 = 52, of 4096 x 2 B each
        long d = 52L * 4096 * 2;
        assertEquals(d, dispatch.bytesPerChip());

        Interconnect net = new Interconnect(slice, V4.effectiveLinkBandwidthBytesPerSec(), V4.hopLatencyNs(), null,
                NetworkModel.CHUNK);
        ProgramExecution exec = new ProgramExecution(net, new ChipCostModel(V4), CollectiveCosts.of(V4), mesh,
                new ProgramExecution.Settings(Overlap.NONE, true, 256 * 1024, CollectiveAlgorithm.BIDIRECTIONAL_RING,
                        org.tpusim.collective.MultiAxis.CONCURRENT));
        ProgramOp.Communicate alone = new ProgramOp.Communicate(0, dispatch.name(), dispatch.category(),
                dispatch.kind(), dispatch.axes(), dispatch.bytesPerChip(), ImmutableList.of());
        List<ProgramExecution.SequenceTiming> out = new ArrayList<>();
        Engine.run("dispatch", s -> exec.run(s, List.of(new OpSequence("d", ImmutableList.of(alone))), out::addAll));
        assertEquals(1, out.size());
        // every chip sends D/4 to each of the 3 others along x: to its neighbours over one link each, to the chip
        // opposite over two links (dimension order takes one direction for the tie). Per chip 4 x D/4 link-crossings
        // leave in all: 3 D/4 on the links of the tie's direction, D/4 on the other direction's.
        TreeMap<Direction, Long> byDirection = new TreeMap<>();
        for (IciLink l : net.links()) {
            byDirection.merge(l.link().direction(), l.bytesCarried(), Long::sum);
            assertEquals(0, l.bytesCarried() % (d / 4), l.link().toString());
        }
        long total = byDirection.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(4 * 4 * d / 4, total);
        List<Long> perLink = net.links().stream().map(IciLink::bytesCarried).sorted().distinct().toList();
        assertEquals(List.of(d / 4, 3 * d / 4), perLink);
    }
}
