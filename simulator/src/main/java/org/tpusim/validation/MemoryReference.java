package org.tpusim.validation;

import java.util.ArrayList;
import java.util.List;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.MeshSplit;
import org.tpusim.memory.KvCacheSharding;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.TransformerModel;
import org.tpusim.scenario.ModelCatalog;
import org.tpusim.topology.SliceShape;

/**
 * Pope et al. 2022, Table 1: the longest context that fits when 30% of HBM holds the KV cache, PaLM 540B on
 * 64 chips, per attention variant, at batch 128 and 512. Computed from the memory model (no simulation).
 */
public final class MemoryReference {
    private static final double KV_SHARE_OF_HBM = 0.3;

    private MemoryReference() {
    }

    public static List<Comparison> table1(ChipSpec chip) {
        TransformerModel palm = ModelCatalog.bundled().model("palm-540b").withPaddedHeads(64);
        // multihead variant: d_head 128 with one K/V head per query head (sec. 4.2)
        TransformerModel multihead = new TransformerModel("palm-540b-multihead", palm.layers(), palm.dModel(),
                palm.dFf(), palm.heads(), 128, palm.heads(), palm.ffnMatrices(), palm.parallelBlock(), palm.vocab(),
                palm.tiedEmbeddings(), palm.nominalParams(), palm.trainedHeads());
        MeshSplit cube = MeshSplit.of(SliceShape.of(4, 4, 4));
        double budget = KV_SHARE_OF_HBM * chip.hbmCapacityBytes();
        List<Comparison> out = new ArrayList<>();
        Object[][] rows = {
                {"multihead", multihead, AttentionLayout.HEAD, 128, 1320.0},
                {"multihead", multihead, AttentionLayout.HEAD, 512, 330.0},
                {"multiquery-head-sharded", palm, AttentionLayout.HEAD, 128, 660.0},
                {"multiquery-head-sharded", palm, AttentionLayout.HEAD, 512, 165.0},
                {"multiquery-batch-sharded", palm, AttentionLayout.BATCH, 128, 43000.0},
                {"multiquery-batch-sharded", palm, AttentionLayout.BATCH, 512, 10700.0},
        };
        for (Object[] r : rows) {
            TransformerModel m = (TransformerModel) r[1];
            int batch = (Integer) r[3];
            double paper = (Double) r[4];
            double max = KvCacheSharding.maxContextTokens(new ModelConfig(m, DType.BF16, DType.BF16), cube,
                    (AttentionLayout) r[2], batch, budget);
            double err = (max - paper) / paper;
            out.add(new Comparison("table1-" + r[0] + "-b" + batch, "Table 1", "max_context_tokens", paper, max, max,
                    err, err, false));
        }
        return out;
    }
}
