package org.tpusim.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.MeshSplit;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.TransformerModel;
import org.tpusim.scenario.ChipCatalog;
import org.tpusim.scenario.ModelCatalog;

class HbmFootprintTest {
    private static final MeshSplit CUBE = new MeshSplit(4, 4, 4);
    private static final ChipSpec V4 = ChipCatalog.bundled().find("tpu-v4").orElseThrow();
    private static final TransformerModel PALM64 = ModelCatalog.bundled().model("palm-540b").withPaddedHeads(64);

    @Test
    void paddedPalmWeights_replicateTheKvProjectionOverYz() {
        // padded count 540,354,281,472 + 17,817,403,392 = 558,171,684,864; W_K, W_V 2 x 18432 x 256 = 9,437,184 per
        // layer, 1,113,587,712 in all. Sharded: (558,171,684,864 - 1,113,587,712) / 64 = 8,704,032,768.
        // W_K, W_V per chip: 2 x 18432/4 x 1 head x 256 = 2,359,296 per layer x 118 = 278,396,928.
        // 8,982,429,696 parameters x 2 B = 17,964,859,392 B
        assertEquals(17_964_859_392.0,
                HbmFootprint.weightsBytesPerChip(new ModelConfig(PALM64, DType.BF16, DType.BF16), CUBE));
    }

    @Test
    void multiheadWeights_areFullySharded() {
        // MT-NLG: 128 K/V heads split 8 per chip over YZ = 16, so everything is N x 2 B / 64:
        // 529,530,880,000 x 2 / 64 = 16,547,840,000
        TransformerModel m = ModelCatalog.bundled().model("mt-nlg-530b");
        assertEquals(16_547_840_000.0, HbmFootprint.weightsBytesPerChip(new ModelConfig(m, DType.BF16, DType.BF16), CUBE));
    }

    @Test
    void int8DecodeB64_fitsAndExplains() {
        // weights int8 8,982,429,696 B = 8.37 GiB; KV batch-sharded: 1 sequence x 2048 x 2 x 118 x 256 x 2 B
        // = 247,463,936 B = 0.23 GiB; activations 2 x 64 x 18432 / 64 x 2 B = 73,728 B; total 8.60 GiB of 32
        HbmFootprint f = HbmFootprint.perChip(new ModelConfig(PALM64, DType.INT8, DType.BF16), V4, CUBE,
                AttentionLayout.BATCH, 64, 1, 2048);
        assertEquals(247_463_936.0, f.kvCacheBytes());
        assertEquals(73_728.0, f.activationsBytes());
        assertTrue(f.fits());
        assertEquals("needs 8.6 GiB per chip (weights 8.4, KV 0.2, activations 0.0), has 32.0 GiB", f.explain());
    }

    @Test
    void multiheadB512Context2048_doesNotFit() {
        // sec. 2.1: multihead KV at batch 512, context 2048 is ~3 TB. Per chip, one 128-wide head of every
        // sequence: 2 x 118 x 512 x 2048 x 128 x 2 B = 63,350,767,616 B = 59.0 GiB > 32 GiB
        TransformerModel mha = TransformerModel.unpadded("mha", 118, 18432, 73728, 64, 128, 64, 3, true, 256000,
                true, 540_000_000_000L);
        HbmFootprint f = HbmFootprint.perChip(new ModelConfig(mha, DType.BF16, DType.BF16), V4, CUBE,
                AttentionLayout.HEAD, 512, 1, 2048);
        assertEquals(63_350_767_616.0, f.kvCacheBytes());
        assertFalse(f.fits());
        assertTrue(f.explain().contains("KV 59.0"), f.explain());
    }

    /**
     * Table D.4's largest MT-NLG run (64 chips, 2D, batch 1024, 128 input + 8 output tokens). Its state does not
     * depend on the accounting: with the 8th token never fed back, the cache holds 128 + 7 = 135 positions,
     * 2 x 105 x 1024 x 135 x 2 heads x 160 x 2 B = 18,579,456,000 B per chip, and bf16 weights 16,547,840,000 B:
     * 35,127,296,000 B > 32 GiB = 34,359,738,368 B, i.e. over the whole slice's HBM with zero activations. With int8
     * weights (8,273,920,000 B) it fits, which is what scenarios/inference/mtnlg530b-d4-b1024.yaml runs.
     */
    @Test
    void mtnlgD4_bf16CannotFitAnyAccounting_int8Does() {
        TransformerModel m = ModelCatalog.bundled().model("mt-nlg-530b");
        HbmFootprint bf16 = HbmFootprint.perChip(new ModelConfig(m, DType.BF16, DType.BF16), V4, CUBE,
                AttentionLayout.HEAD, 1024, 1, 135);
        assertEquals(18_579_456_000.0, bf16.kvCacheBytes());
        assertTrue(bf16.weightsBytes() + bf16.kvCacheBytes() > V4.hbmCapacityBytes());
        assertFalse(bf16.fits());
        HbmFootprint int8 = HbmFootprint.perChip(new ModelConfig(m, DType.INT8, DType.BF16), V4, CUBE,
                AttentionLayout.HEAD, 1024, 1, 136);
        assertEquals(8_273_920_000.0, int8.weightsBytes());
        assertTrue(int8.fits(), int8.explain());
    }
}
