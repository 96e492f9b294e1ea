package org.tpusim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tpusim.model.ModelParameter;
import org.tpusim.model.MoeParameter;
import org.tpusim.result.RunResult;
import org.tpusim.run.ScenarioRunner;
import org.tpusim.scenario.ScenarioLoader;

/**
 * results.json echoes the model under the keys a scenario writes it with (ModelParameter, MoeParameter), so a
 * concept has one name in scenarios and results: {@code expert_d_ff}, not the snake_case of the Java name, and the
 * routing's load file under {@code file}.
 */
class ScenarioEchoKeysTest {
    @Test
    void moeModelEchoUsesTheScenarioKeysWithTheirValues() throws IOException {
        // DeepSeekMoE 16B's config.json: 64 experts, top-6, width 1,408, 2 shared experts, first layer dense
        RunResult r = new ScenarioRunner().run(ScenarioLoader.withBundledCatalog()
                .load(Path.of("../scenarios/moe/deepseek-moe-16b-hf-v4-2x2x2.yaml")));
        JsonNode model = new ObjectMapper().readTree(ResultsJson.write(r)).at("/scenario/model");

        List<String> expected = new ArrayList<>();
        for (MoeParameter p : MoeParameter.values()) {
            expected.add(p.key());
        }
        expected.add("routing");
        List<String> names = new ArrayList<>();
        model.get("moe").fieldNames().forEachRemaining(names::add);
        assertEquals(expected, names);
        assertEquals(64, model.at("/moe/experts").asInt());
        assertEquals(6, model.at("/moe/experts_per_token").asInt());
        assertEquals(1408, model.at("/moe/expert_d_ff").asInt());
        assertEquals(2 * 1408, model.at("/moe/shared_d_ff").asInt());
        assertEquals(1, model.at("/moe/dense_layers").asInt());
        // the routing block's scenario keys (kind, skew, file, seed, capacity_factor) and the loads a file gave
        List<String> routing = new ArrayList<>();
        model.at("/moe/routing").fieldNames().forEachRemaining(routing::add);
        assertEquals(List.of("kind", "skew", "shares", "file", "seed", "capacity_factor"), routing);
        assertEquals("zipf", model.at("/moe/routing/kind").asText());
        assertEquals(0.5, model.at("/moe/routing/skew").asDouble(), 0.0);
        assertEquals(0.0, model.at("/moe/routing/capacity_factor").asDouble(), 0.0);

        for (ModelParameter p : ModelParameter.values()) {
            assertTrue(model.at("/model/" + p.key()).isValueNode(), "scenario.model.model." + p.key());
        }
        assertEquals(10944, model.at("/model/d_ff").asInt());
    }
}
