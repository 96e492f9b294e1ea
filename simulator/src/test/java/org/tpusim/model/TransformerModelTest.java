package org.tpusim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.scenario.ModelCatalog;

class TransformerModelTest {
    private final ModelCatalog catalog = ModelCatalog.bundled();

    /**
     * Published totals: PaLM paper (arXiv 2204.02311) Table 1 gives 8.63B, 62.50B, 540.35B; MT-NLG is "530B"
     * (Pope et al. Table D.1). Tolerance 0.1% for PaLM (the published figures have 3-4 digits), 0.2% for
     * MT-NLG, whose vocabulary (51,200) and omitted position embeddings (42M) are assumptions.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "palm-8b,     8.63e9,   0.001",
            "palm-62b,    62.50e9,  0.001",
            "palm-540b,   540.35e9, 0.001",
            "mt-nlg-530b, 530e9,    0.002",
    })
    void exactCount_matchesPublishedTotal(String name, double published, double tolerance) {
        long exact = catalog.model(name).parameterCount();
        assertEquals(published, exact, published * tolerance, name + " has " + exact);
    }

    @Test
    void palm540bCount_byHand() {
        // attention: W_Q, W_O 2 x 18432 x 48 x 256 = 452,984,832; W_K, W_V 2 x 18432 x 256 = 9,437,184
        // ffn: 3 x 18432 x 73728 = 4,076,863,488; layer = 4,539,285,504; x 118 = 535,635,689,472
        // tied embedding 256,000 x 18432 = 4,718,592,000; total 540,354,281,472
        TransformerModel m = catalog.model("palm-540b");
        assertEquals(4_539_285_504L, m.paramsPerLayer());
        assertEquals(540_354_281_472L, m.parameterCount());
        assertTrue(m.isMultiquery());
        assertFalse(m.isMultihead());
    }

    @Test
    void mtNlgCount_byHand() {
        // attention 4 x 20480^2 = 1,677,721,600; ffn 2 x 20480 x 81920 = 3,355,443,200; layer 5,033,164,800
        // x 105 = 528,482,304,000; tied embedding 51,200 x 20480 = 1,048,576,000; total 529,530,880,000
        TransformerModel m = catalog.model("mt-nlg-530b");
        assertEquals(529_530_880_000L, m.parameterCount());
        assertTrue(m.isMultihead());
    }

    @Test
    void paddingPalm540bTo64Heads_addsAbout18B() {
        // Pope et al. sec. 4: "adds 18B parameters". 16 heads x 256 x 18432 x 2 (W_Q, W_O) x 118 = 17,817,403,392
        TransformerModel m = catalog.model("palm-540b");
        TransformerModel padded = m.withPaddedHeads(64);
        assertEquals(17_817_403_392L, padded.parameterCount() - m.parameterCount());
        assertEquals(1, padded.kvHeads());            // still multiquery
        assertEquals(48, padded.trainedHeads());
        assertTrue(padded.isPadded());
        assertEquals(540e9, padded.nominalParams());  // MFU keeps N = 540e9
    }

    @Test
    void paddingAMultiheadModel_padsKvHeadsToo() {
        // 4 heads of 8 on E = 32, 1 layer, no vocab: attention 4 x 32 x 32 = 4096; padding to 6 heads: 4 x 32 x 48 = 6144
        TransformerModel m = TransformerModel.unpadded("toy", 1, 32, 128, 4, 8, 4, 2, false, 0, true, 1);
        TransformerModel p = m.withPaddedHeads(6);
        assertEquals(6, p.kvHeads());
        assertEquals(6144, p.attentionParamsPerLayer());
        assertEquals(4096, m.attentionParamsPerLayer());
    }

    @Test
    void untiedEmbeddings_countTwice() {
        // vocab 10 x E 32 = 320 per copy
        TransformerModel tied = TransformerModel.unpadded("t", 1, 32, 128, 4, 8, 4, 2, false, 10, true, 1);
        TransformerModel untied = TransformerModel.unpadded("u", 1, 32, 128, 4, 8, 4, 2, false, 10, false, 1);
        assertEquals(320, untied.parameterCount() - tied.parameterCount());
    }

    @Test
    void inconsistentDimensions_areRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> TransformerModel.unpadded("t", 1, 32, 128, 6, 8, 4, 2, false, 0, true, 1));
        assertThrows(IllegalArgumentException.class,
                () -> TransformerModel.unpadded("t", 1, 32, 128, 4, 8, 4, 4, false, 0, true, 1));
        assertThrows(IllegalArgumentException.class,
                () -> catalog.model("palm-540b").withPaddedHeads(32));
    }

    @Test
    void everyCatalogFigure_hasASource() {
        for (String name : catalog.names()) {
            ModelCatalog.Entry e = catalog.find(name).orElseThrow();
            assertEquals(ModelParameter.values().length, e.sources().size(), name);
            e.sources().forEach((p, s) -> assertTrue(s.length() > 15, name + "." + p.key() + " lacks a source"));
            assertEquals(e.moe().keySet(), e.moeSources().keySet(), name);
            e.moeSources().forEach((p, s) -> assertTrue(s.length() > 15, name + "." + p.key() + " lacks a source"));
        }
        assertEquals(java.util.Set.of("palm-8b", "palm-62b", "palm-540b", "mt-nlg-530b", "llama-2-7b", "llama-2-13b",
                "llama-2-70b", "llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b", "gemma-2b", "gemma-7b", "gemma-2-9b",
                "gemma-2-27b", "gpt-j-6b", "mixtral-8x7b", "mixtral-8x22b", "qwen1.5-moe-a2.7b",
                "deepseek-moe-16b"), catalog.names());
    }
}
