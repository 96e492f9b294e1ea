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
import org.tpusim.cost.OpDemand;
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
            .withOverride(ChipParameter.COLLECTIVE_SYNC_NS_PER_DOUBLING, 0, "test: start = START_NS")
            .withOverride(ChipParameter.PREFETCH_BUFFER_BYTES, 0, "test: the matmul costs its full time");
    private static final Slice SLICE = Slice.of(SliceShape.of(4, 4, 4));
    private static final double LINK_BPS = 45e9;
    private static final double HOP_NS = 1000;
    private static final double START_NS = 5000;
    private static final long D = 3L << 20;

    private static ChipSpec limited(int limit) {
        return V4.withOverride(ChipParameter.MAX_COLLECTIVES_IN_FLIGHT, limit, "test");
    }

    private static double run(int limit, List<ProgramOp> ops) {
        ChipSpec chip = limited(limit);
        Interconnect net = new Interconnect(SLICE, LINK_BPS, HOP_NS);
        ProgramExecution exec = new ProgramExecution(net, new ChipCostModel(chip),
                new CollectiveCosts(START_NS, chip.hbmBandwidthBytesPerSec() / 1e9 / 3), MeshSplit.of(SLICE.shape()),
                new ProgramExecution.Settings(Overlap.ASYNC, false, 256 * 1024, CollectiveAlgorithm.BIDIRECTIONAL_RING,
                        MultiAxis.FLAT_RING));
        List<ProgramExecution.SequenceTiming> out = new ArrayList<>();
        Engine.run("exec", s -> exec.run(s, List.of(new OpSequence("s", ImmutableList.copyOf(ops))), out::addAll));
        return out.get(0).durationNs();
    }

    private static ProgramOp.Communicate gather(int id, String axes, OpCategory category) {
        return new ProgramOp.Communicate(id, "gather " + axes, category, CollectiveKind.ALL_GATHER,
                MeshAxes.parse(axes), D, ImmutableList.of());
    }

    /** One gather of D over a 4-chip ring, bidirectional: 3 steps, each moving half a shard (D/8) each way. */
    private static final double ONE = START_NS + 3 * (HOP_NS + (D / 8.0) / (LINK_BPS / 1e9));

    private static double run(int limit) {
        return run(limit, List.of(gather(0, "x", OpCategory.WEIGHT_COMMUNICATION),
                gather(1, "y", OpCategory.WEIGHT_COMMUNICATION), gather(2, "z", OpCategory.WEIGHT_COMMUNICATION)));
    }

    @ParameterizedTest(name = "limit {0}: {1} gathers one after another")
    @CsvSource({"0, 1", "1, 3", "2, 2", "3, 1", "4, 1"})
    void independentCollectivesQueueBehindTheLimit(int limit, int rounds) {
        assertEquals(rounds * ONE, run(limit), 1e-6);
    }

    @ParameterizedTest(name = "limit {0}")
    @CsvSource({"0, 1", "1, 2", "2, 1"})
    void aWeightGatherIssuedFirstDelaysTheActivationGatherTheMatmulNeeds(int limit, int rounds) {
        // a weight-gathered einsum's inputs: its weights gathered over x (issued first, no inputs) and its
        // activations over y; the matmul starts when both have arrived, i.e. after one gather time when they run
        // side by side on their own links, after two when one at a time
        OpDemand demand = OpDemand.matmul("m", 1024, 4096, 4096, 2, 2);
        List<ProgramOp> ops = List.of(gather(0, "x", OpCategory.WEIGHT_COMMUNICATION),
                gather(1, "y", OpCategory.ACTIVATION_COMMUNICATION),
                new ProgramOp.Compute(2, "m", OpCategory.FFN_IN, demand, ImmutableList.of(0, 1)));
        double matmul = new ChipCostModel(limited(limit)).time(demand).totalNs();
        assertEquals(rounds * ONE + matmul, run(limit, ops), 1e-6);
    }
}
