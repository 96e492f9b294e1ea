package org.tpusim.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.model.DType;
import org.tpusim.model.Phase;
import org.tpusim.model.TransformerModel;
import org.tpusim.scenario.ModelCatalog;

class LayoutRuleTest {
    private static final MeshSplit CUBE = new MeshSplit(4, 4, 4);
    private static final TransformerModel PALM = ModelCatalog.bundled().model("palm-540b");
    private static final TransformerModel PALM64 = PALM.withPaddedHeads(64);
    private static final TransformerModel MTNLG = ModelCatalog.bundled().model("mt-nlg-530b");

    /**
     * Pope et al. Table 2 (PaLM 540B, 64 chips): B1 prefill ws-2d + head; B64 decode ws-2d + batch;
     * B512 prefill wg-xyz + batch; B512 decode ws-2d + batch.
     * B512 prefill by hand (bf16, T = 1,048,576): ws-2d 2T(4608 + 4608) x 2 B = 38.65 GB; wg-x 2EF x 4/64 x 2 B
     * = 0.34 GB + 2TE/4 x 2 B = 19.33 GB; wg-xy 1.36 + 4.83 = 6.19 GB; wg-xyz 2EF x 2 B = 5.44 GB -> wg-xyz.
     * B64 prefill (T = 131,072): ws-2d 4.83; wg-x 0.34 + 2.42 = 2.76; wg-xy 1.36 + 0.60 = 1.96; wg-xyz 5.44 -> wg-xy
     * (the paper measured ws-2d faster at this size, Fig 7: analytical volume alone does not predict it).
     * B1 decode: batch < 4, head (App. D). MT-NLG has 128 K/V heads >= 64 chips: head-sharding splits its KV.
     */
    @ParameterizedTest(name = "{0} {1} B{2} L{3} {4} -> {5}")
    @CsvSource({
            "palm64, PREFILL, 1,   2048, INT8, WS_2D,  HEAD",
            "palm64, DECODE,  64,  1,    INT8, WS_2D,  BATCH",
            "palm64, PREFILL, 512, 2048, BF16, WG_XYZ, BATCH",
            "palm64, DECODE,  512, 1,    BF16, WS_2D,  BATCH",
            "palm64, PREFILL, 64,  2048, BF16, WG_XY,  HEAD",
            "palm64, DECODE,  1,   1,    INT8, WS_2D,  HEAD",
            "palm64, DECODE,  2,   1,    INT8, WS_2D,  HEAD",
            "palm64, DECODE,  4,   1,    INT8, WS_2D,  BATCH",
            "mtnlg,  DECODE,  64,  1,    BF16, WS_2D,  HEAD",
            "palm64, PREFILL, 4,   20,   BF16, WS_2D,  HEAD",
    })
    void autoRule(String model, Phase phase, int batch, long tokens, DType weights, FfnLayout ffn,
            AttentionLayout attention) {
        TransformerModel m = model.equals("mtnlg") ? MTNLG : PALM64;
        assertEquals(new PhaseLayout(ffn, attention), LayoutRule.auto(phase, m, weights, CUBE, batch, tokens));
    }

    @Test
    void resolve_keepsFixedParts() {
        LayoutRequest r = new LayoutRequest(Optional.of(FfnLayout.WS_1D), Optional.empty());
        assertEquals(new PhaseLayout(FfnLayout.WS_1D, AttentionLayout.BATCH),
                LayoutRule.resolve(r, Phase.DECODE, PALM64, DType.BF16, CUBE, 64, 1));
    }

    @Test
    void unpadded540b_cannotShardItsHeadsOver64Chips() {
        Feasibility f = LayoutRule.check(new PhaseLayout(FfnLayout.WS_2D, AttentionLayout.HEAD), PALM, CUBE, 1);
        assertFalse(f.feasible());
        assertTrue(f.explain().contains("48 heads") && f.explain().contains("pad_heads_to: 64"), f.explain());
        assertTrue(LayoutRule.check(new PhaseLayout(FfnLayout.WS_2D, AttentionLayout.HEAD), PALM64, CUBE, 1)
                .feasible());
    }

    /**
     * Each row: the layout, slice, batch, how many problems, and a phrase one of them contains ("" = feasible).
     * 5x4x4 = 80 chips: 18432 = 2^11 x 9 is not divisible by 5, hence neither by 80; 73728 = 2^13 x 9 neither by 80;
     * 64 heads neither divide nor are divided by 80. 4x4x6 = 96 chips: E and F divide (192, 768 per chip), heads don't.
     */
    @ParameterizedTest(name = "{0} + {1} on {2} at B{3}: {4} problems")
    @CsvSource({
            "WS_2D,  BATCH, 4x4x4, 64,  0, ''",
            "WS_2D, BATCH, 4x4x4, 4, 0, ''",
            "WS_2D, BATCH, 4x4x4, 6, 1, batch 6 neither splits",
            "WS_2D, BATCH, 4x4x4, 128, 0, ''",
            "WG_XYZ, BATCH, 4x4x4, 512, 0, ''",
            "WG_XYZ, BATCH, 4x4x4, 32, 1, batch 32 does not split evenly over the gather group N = 64",
            "WG_X, HEAD, 4x4x4, 4, 0, ''",
            "WG_XY, HEAD, 4x4x4, 8, 1, batch 8 does not split evenly over the gather group N = 16",
            "WS_2D, HEAD, 5x4x4, 1, 4, d_model 18432 does not split evenly over X = 5",
            "WS_1D, HEAD, 4x4x4, 1, 0, ''",
            "WS_2D, HEAD, 8x8x4, 1, 0, ''",
            "WS_2D, HEAD, 8x8x8, 1, 0, ''",
            "WS_2D, HEAD, 4x4x6, 1, 1, 64 heads neither split evenly over nor evenly replicate on 96",
    })
    void feasibility(FfnLayout ffn, AttentionLayout attention, String shape, int batch, int count, String problem) {
        String[] s = shape.split("x");
        MeshSplit split = new MeshSplit(Integer.parseInt(s[0]), Integer.parseInt(s[1]), Integer.parseInt(s[2]));
        Feasibility f = LayoutRule.check(new PhaseLayout(ffn, attention), PALM64, split, batch);
        assertEquals(count, f.problems().size(), f.explain());
        assertEquals(count == 0, f.feasible());
        assertTrue(f.explain().contains(problem), f.explain());
    }
}
