package org.tpusim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tpusim.input.InfeasibleException;
import org.tpusim.result.BatchResult;
import org.tpusim.scenario.ScenarioLoader;

/**
 * {@code model.pad_shards} through a scenario: a model whose d_model = 1100 does not split over n = 8 chips (137.5)
 * is infeasible under ws-2d, and runs when padded, with the padding reported and the padded activations charged.
 */
class PaddedShardsScenarioTest {
    private static final ScenarioLoader LOADER = ScenarioLoader.withBundledCatalog();
    private static final String SCENARIO = """
            name: padded
            system: {chip: tpu-v4, topology: 2x2x2}
            model: {layers: 2, d_model: 1100, d_ff: 4400, heads: 8, d_head: 128, vocab: 32000, weights: bf16%s}
            layout: {prefill: {ffn: ws-2d, attention: head}, decode: {ffn: ws-2d, attention: head}}
            workload: {kind: batch, batch: 8, input_tokens: 16, output_tokens: 2}
            """;

    @Test
    void unevenActivationsAreInfeasibleWithoutPadding() {
        InfeasibleException e = assertThrows(InfeasibleException.class, () -> LOADER.parse("t", SCENARIO.formatted("")));
        assertTrue(e.getMessage().contains("d_model 1100 does not split evenly over n = 8 chips"), e.getMessage());
        assertThrows(InfeasibleException.class, () -> LOADER.parse("t", SCENARIO.formatted(", pad_shards: false")));
    }

    @Test
    void paddedRunReportsThePaddingAndChargesIt() {
        BatchResult r = (BatchResult) new ScenarioRunner().run(LOADER.parse("t", SCENARIO.formatted(", pad_shards: true")))
                .result();
        List<String> padding = r.layouts().padding();
        // ceil(1100 / 8) = 138 per chip, 1104 in all (+0.4%)
        assertTrue(padding.contains("d_model 1100 over the residual's shards = 8 chips: padded to 1104 (138 per chip, "
                + "+0.4%)"), padding.toString());
        // activations of the last pass (decode, L = 1): 2 x B x L x ceil(E/n) bf16 = 2 x 8 x 1 x 138 x 2 B
        assertEquals(2.0 * 8 * 1 * 138 * 2, r.memory().activationsBytes(), 0.0);
        assertTrue(r.simulated().totalS() > 0);
    }

    @Test
    void noPaddingReportedWhereSplitsDivide() {
        BatchResult r = (BatchResult) new ScenarioRunner().run(LOADER.parse("t",
                SCENARIO.replace("d_model: 1100", "d_model: 1024").formatted(", pad_shards: true"))).result();
        assertNull(r.layouts().padding());
    }
}
