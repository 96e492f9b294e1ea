package org.tpusim.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tpusim.program.Programs.PALM_INT8;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tpusim.analytical.StepShape;
import org.tpusim.cost.OpDemand;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.FfnLayout;
import org.tpusim.layout.LayoutRule;
import org.tpusim.layout.MeshSplit;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.model.ModelConfig;

/**
 * {@code model.pad_shards}: activation feature splits that do not divide are padded up to the next multiple of their
 * chips; where every split divides the program is exactly the unpadded one.
 *
 * <p>PaLM 540B (d_model E = 18432, F_in = 2·73728 + 64·256 + 2·256 = 164,352 with 64 query heads) on 16x16x16 (n =
 * 4,096, X = 16, YZ = 256) under ws-2d: the weights E_x F_yz divide (E/X = 1152, F_in/YZ = 642), the activations do
 * not: BLE_xyz needs E/n = 4.5 (padded: ceil = 5, E' = 20,480, +11.1%), BLF_xyz needs F_in/n = 40.125 (padded: 41,
 * 167,936, +2.2%).
 */
class PaddedShardsTest {
    private static final MeshSplit POD = new MeshSplit(16, 16, 16);
    private static final PhaseLayout WS2D_BATCH = new PhaseLayout(FfnLayout.WS_2D, AttentionLayout.BATCH);
    private static final StepShape DECODE = StepShape.decode(4096, 2048);

    @Test
    void withoutPaddingTheUnevenActivationSplitsAreProblems() {
        String why = ProgramBuilder.check(PALM_INT8, POD, WS2D_BATCH, DECODE).explain();
        assertTrue(why.contains("d_model 18432 does not split evenly over n = 4096 chips"), why);
        assertFalse(LayoutRule.check(WS2D_BATCH, PALM_INT8.model(), POD, 4096).feasible());
    }

    @Test
    void paddedShardsAreTheCeilingAndEveryChipComputesThem() {
        ModelConfig padded = PALM_INT8.withPadShards(true);
        assertTrue(ProgramBuilder.check(padded, POD, WS2D_BATCH, DECODE).feasible(),
                ProgramBuilder.check(padded, POD, WS2D_BATCH, DECODE).explain());
        assertTrue(LayoutRule.check(WS2D_BATCH, padded.model(), POD, 4096, true).feasible());
        OpSequence layer = ProgramBuilder.build(padded, POD, WS2D_BATCH, DECODE).layer();
        long rows = 4096;   // B x T = 4096 x 1 tokens on every chip (weight-stationary)
        // layernorm reads and writes the residual [rows, ceil(E/n)] = 4096 x 5 bf16
        OpDemand norm = ((ProgramOp.Compute) Programs.op(layer, "layernorm")).demand();
        assertEquals(2.0 * rows * 5, norm.hbmWriteBytes(), 0.0);
        // the residual add reads two [rows, 5] and writes one
        OpDemand residual = ((ProgramOp.Compute) Programs.op(layer, "residual")).demand();
        assertEquals(2 * 2.0 * rows * 5, residual.hbmReadBytes(), 0.0);
        // the weights divide: the einsums keep their exact shards E/X = 1152 and F_in/YZ = 642
        OpDemand in = ((ProgramOp.Compute) Programs.op(layer, "w_in+w_qkv")).demand();
        assertEquals(List.of(rows, 1152L, 642L), List.of(in.m(), in.k(), in.n()));
        List<String> padding = ProgramBuilder.padding(padded, POD, WS2D_BATCH, DECODE);
        assertTrue(padding.contains("d_model 18432 over the residual's shards = 4096 chips: padded to 20480 "
                + "(5 per chip, +11.1%)"), padding.toString());
        assertTrue(padding.contains("w_in+w_qkv columns 164352 over n = 4096 chips: padded to 167936 "
                + "(41 per chip, +2.2%)"), padding.toString());
    }

    /** Where every split divides (PaLM 540B on 4x4x4 and 8x8x8) padding changes nothing. */
    @Test
    void whereSplitsDivideTheProgramIsTheUnpaddedOne() {
        for (MeshSplit mesh : List.of(new MeshSplit(4, 4, 4), new MeshSplit(8, 8, 8))) {
            for (StepShape step : List.of(StepShape.decode(512, 2048), StepShape.prefill(4, 2048, 0))) {
                StepProgram plain = ProgramBuilder.build(PALM_INT8, mesh, WS2D_BATCH, step);
                StepProgram padded = ProgramBuilder.build(PALM_INT8.withPadShards(true), mesh, WS2D_BATCH, step);
                assertEquals(plain, padded, mesh + " " + step);
                assertEquals(List.of(), ProgramBuilder.padding(PALM_INT8.withPadShards(true), mesh, WS2D_BATCH, step));
            }
        }
    }

    /** Weight splits must still divide: d_model 18432 over X = 7 is refused even with padding. */
    @Test
    void weightSplitsAreNeverPadded() {
        MeshSplit odd = new MeshSplit(7, 4, 4);
        String why = ProgramBuilder.check(PALM_INT8.withPadShards(true), odd, WS2D_BATCH, StepShape.decode(448, 2048))
                .explain();
        assertTrue(why.contains("d_model 18432 does not split evenly over X = 7 chips"), why);
    }
}
