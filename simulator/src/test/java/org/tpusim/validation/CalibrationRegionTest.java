package org.tpusim.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;
import org.tpusim.result.ScenarioEcho;
import org.tpusim.scenario.ModelCatalog;
import org.tpusim.scenario.ScenarioLoader;

/** The calibrated region is computed from the bundled paper scenarios, and checks say which dimension is outside. */
class CalibrationRegionTest {
    private static final CalibrationRegion REGION = CalibrationRegion.bundled();

    @Test
    void region_isTheSpanOfThePaperPoints() {
        // scenarios/paper: Figure 1's points run 8 to 256 chips (8x4x8), PaLM 8B to 540B, batch 1 to 1024;
        // the shortest context is Table D.2's 20 + 8, the longest Figure 8's 8192 cached + 1 generated
        assertEquals(List.of(8L, 256L), REGION.chips());
        assertEquals(List.of(8_000_000_000L, 540_000_000_000L), REGION.modelParams());
        assertEquals(List.of(1L, 1024L), REGION.batch());
        assertEquals(List.of(28L, 8193L), REGION.context());
        assertEquals(List.of("tpu-v4"), REGION.chipTypes());
        assertEquals(List.of("bf16", "int8"), REGION.weights());
        assertTrue(REGION.layouts().contains("decode ws-2d/batch"), REGION.layouts().toString());
        assertTrue(REGION.layouts().contains("prefill wg-xyz/batch"), REGION.layouts().toString());
        assertEquals(75, REGION.points());
    }

    @Test
    void check_namesEveryDimensionOutside() {
        ModelConfig palm = new ModelConfig(ModelCatalog.bundled().model("palm-540b"), DType.BF16, DType.BF16);
        CalibrationRegion.Check in = REGION.check("tpu-v4", 64, palm, 64, 2112, List.of("decode ws-2d/batch"));
        assertTrue(in.inside());
        assertTrue(in.outside().isEmpty());
        CalibrationRegion.Check out = REGION.check("tpu-v4", 512, palm, 2048, 32768, List.of("decode ws-1d/head"));
        assertFalse(out.inside());
        assertEquals(List.of("chips 512 > 256", "batch 2048 > 1024", "context 32768 tokens > 8193 tokens",
                "layout decode ws-1d/head not calibrated"), out.outside());
        assertTrue(out.summary().startsWith("OUTSIDE the calibrated region: chips 512 > 256; "), out.summary());
    }

    @Test
    void check_ofAScenario_usesItsResolvedLayoutsAndContext() {
        String yaml = """
                name: t
                system: {chip: tpu-v4, topology: 2x2x1}
                model: {preset: palm-8b, weights: bf16}
                layout: {decode: {ffn: ws-2d, attention: batch}}
                workload: {kind: batch, batch: 8, cached_tokens: 16384, output_tokens: 4}
                """;
        ScenarioEcho s = ScenarioEcho.of(ScenarioLoader.withBundledCatalog().parse("t.yaml", yaml));
        CalibrationRegion.Check c = REGION.check(s);
        assertEquals(List.of("chips 4 < 8", "context 16388 tokens > 8193 tokens"), c.outside());
    }

    @Test
    void check_flagsArchitecturesNoCalibrationPointHas() {
        // Mixtral 8x7B (46.7B stored, 12.9B active: inside the 8B-540B span by size) and Gemma 2 27B (a 4096-token
        // window on 23 of 46 layers): every paper point is a dense model attending to its whole context
        ModelCatalog catalog = ModelCatalog.bundled();
        ModelConfig mixtral = new ModelConfig(catalog.model("mixtral-8x7b"), DType.BF16, DType.BF16, 0,
                catalog.find("mixtral-8x7b").orElseThrow().moeConfig());
        CalibrationRegion.Check moe = REGION.check("tpu-v4", 64, mixtral, 64, 2112, List.of("decode ws-2d/batch"));
        assertEquals(List.of("mixture of experts (no MoE calibration point)"), moe.outside());
        ModelCatalog.Entry gemma = catalog.find("gemma-2-27b").orElseThrow();
        ModelConfig windowed = new ModelConfig(gemma.model(), DType.BF16, DType.BF16, gemma.slidingWindowTokens(),
                DType.BF16, gemma.slidingWindowLayers());
        CalibrationRegion.Check w = REGION.check("tpu-v4", 64, windowed, 64, 2112, List.of("decode ws-2d/batch"));
        assertEquals(List.of("sliding-window attention (no calibration point has one)"), w.outside());
    }
}
