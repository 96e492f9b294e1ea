package org.tpusim.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * 64 chips, per attention variant, at batch 128 and 512. Computed from the memory model (no simulation). The
 * published figures sit with the other paper figures in {@code scenarios/paper/table1.csv} (written by
 * {@code generate.py}), shipped on the classpath as {@code org/tpusim/paper/table1.csv}.
 */
public final class MemoryReference {
    /** Where the figures sit in the repository, for messages. */
    public static final String SOURCE_NAME = "scenarios/paper/table1.csv";
    private static final String RESOURCE = "/org/tpusim/paper/table1.csv";
    private static final String HEADER = "name,model,attention,batch,max_context_tokens,source";
    private static final double KV_SHARE_OF_HBM = 0.3;

    private MemoryReference() {
    }

    /** Table 1 from the bundled {@code table1.csv}. */
    public static List<Comparison> table1(ChipSpec chip) {
        return table1(chip, SOURCE_NAME, bundledLines());
    }

    /**
     * Table 1 from the lines of a {@code table1.csv}: a header {@value #HEADER}, one row per published figure;
     * empty lines and lines starting with {@code #} are not rows. {@code model} is {@code multihead} (d_head 128
     * with one K/V head per query head, sec. 4.2) or {@code multiquery} (PaLM 540B as served).
     */
    static List<Comparison> table1(ChipSpec chip, String displayName, List<String> lines) {
        TransformerModel palm = ModelCatalog.bundled().model("palm-540b").withPaddedHeads(64);
        // multihead variant: d_head 128 with one K/V head per query head (sec. 4.2)
        TransformerModel multihead = new TransformerModel("palm-540b-multihead", palm.layers(), palm.dModel(),
                palm.dFf(), palm.heads(), 128, palm.heads(), palm.ffnMatrices(), palm.parallelBlock(), palm.vocab(),
                palm.tiedEmbeddings(), palm.nominalParams(), palm.trainedHeads());
        MeshSplit cube = MeshSplit.of(SliceShape.of(4, 4, 4));
        double budget = KV_SHARE_OF_HBM * chip.hbmCapacityBytes();
        List<Comparison> out = new ArrayList<>();
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = displayName + ":" + (i + 1) + ": ";
            if (!header) {
                if (!line.equals(HEADER)) {
                    throw new IllegalStateException(where + "expected the header " + HEADER + ", found " + line);
                }
                header = true;
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 6) {
                throw new IllegalStateException(where + "expected 6 fields, found " + f.length);
            }
            TransformerModel m = switch (f[1]) {
                case "multihead" -> multihead;
                case "multiquery" -> palm;
                default -> throw new IllegalStateException(where + "unknown model '" + f[1]
                        + "' (expected multihead or multiquery)");
            };
            AttentionLayout attention = AttentionLayout.fromKey(f[2]).orElseThrow(() -> new IllegalStateException(
                    where + "unknown attention layout '" + f[2] + "' (expected one of " + AttentionLayout.allKeys()
                            + ")"));
            int batch = Integer.parseInt(f[3]);
            double paper = Double.parseDouble(f[4]);
            double max = KvCacheSharding.maxContextTokens(new ModelConfig(m, DType.BF16, DType.BF16), cube,
                    attention, batch, budget);
            double err = (max - paper) / paper;
            out.add(new Comparison("table1-" + f[0] + "-b" + batch, f[5], "max_context_tokens", paper, max, max,
                    err, err, false));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(displayName + ": no Table 1 rows");
        }
        return out;
    }

    private static List<String> bundledLines() {
        try (InputStream in = MemoryReference.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath (built from "
                        + SOURCE_NAME + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
