package org.tpusim.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.collective.CollectiveAlgorithm;
import org.tpusim.collective.CollectiveCosts;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.collective.MultiAxis;
import org.tpusim.cost.ChipCostModel;
import org.tpusim.engine.Engine;
import org.tpusim.hardware.ChipParameter;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.layout.MeshSplit;
import org.tpusim.program.OpCategory;
import org.tpusim.program.OpSequence;
import org.tpusim.program.ProgramOp;
import org.tpusim.scenario.ChipCatalog;
import org.tpusim.topology.MeshAxes;
import org.tpusim.topology.Slice;
import org.tpusim.topology.SliceShape;

/**
 * {@code max_collectives_in_flight}: collectives whose inputs are ready start in program order, at most N at a time.
 * Three independent all-gathers over the x, y and z rings of a 4x4x4 torus use disjoint links, so without a limit
 * they all take the time of one; with a limit they queue.
 */
class CollectivesInFlightTest {
    private static final ChipSpec V4 = ChipCatalog.bundled().find("tpu-v4").orElseThrow()
            .withOverride(ChipParameter.COLLECTIVE_SYNC_NS_PER_DOUBLING, 0, "test: start = START_NS");
    private static final Slice SLICE = Slice.of(SliceShape.of(4, 4, 4));
    private static final double LINK_BPS = 45e9;
    private static final double HOP_NS = 1000;
    private static final double START_NS = 5000;
    private static final long D = 3L << 20;

    private static double run(int limit) {
        ChipSpec chip = V4.withOverride(ChipParameter.MAX_COLLECTIVES_IN_FLIGHT, limit, "test");
        Interconnect net = new Interconnect(SLICE, LINK_BPS, HOP_NS);
        ProgramExecution exec = new ProgramExecution(net, new ChipCostModel(chip),
                new CollectiveCosts(START_NS, chip.hbmBandwidthBytesPerSec() / 1e9 / 3), MeshSplit.of(SLICE.shape()),
                new ProgramExecution.Settings(Overlap.ASYNC, false, 256 * 1024, CollectiveAlgorithm.BIDIRECTIONAL_RING,
                        MultiAxis.FLAT_RING));
        List<ProgramOp> ops = new ArrayList<>();
        String[] axes = {"x", "y", "z"};
        for (int i = 0; i < axes.length; i++) {
            ops.add(new ProgramOp.Communicate(i, "gather " + axes[i], OpCategory.WEIGHT_COMMUNICATION,
                    CollectiveKind.ALL_GATHER, MeshAxes.parse(axes[i]), D, ImmutableList.of()));
        }
        List<ProgramExecution.SequenceTiming> out = new ArrayList<>();
        Engine.run("exec", s -> exec.run(s, List.of(new OpSequence("s", ImmutableList.copyOf(ops))), out::addAll));
        return out.get(0).durationNs();
    }

    @ParameterizedTest(name = "limit {0}: {1} gathers one after another")
    @CsvSource({"0, 1", "1, 3", "2, 2", "3, 1", "4, 1"})
    void independentCollectivesQueueBehindTheLimit(int limit, int rounds) {
        // one gather over a 4-chip ring, bidirectional: 3 steps, each moving half a shard (D/8) each way over a link
        double one = START_NS + 3 * (HOP_NS + (D / 8.0) / (LINK_BPS / 1e9));
        assertEquals(rounds * one, run(limit), 1e-6);
    }
}
