package org.tpusim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.input.InputException;
import org.tpusim.input.YamlReader;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.TransformerModel;

/** Hugging Face config.json files against the catalog presets sourced from the same configs. */
class HfConfigReaderTest {
    private static final String LLAMA_31_8B = Path.of("../scenarios/models/llama-3.1-8b/config.json").toString();

    /** The fields of each architecture's real config.json that tpusim reads (other keys are ignored). */
    private static final String GEMMA2_9B = """
            {
              "architectures": ["Gemma2ForCausalLM"],
              "head_dim": 256,
              "hidden_act": "gelu_pytorch_tanh",
              "hidden_size": 3584,
              "intermediate_size": 14336,
              "model_type": "gemma2",
              "num_attention_heads": 16,
              "num_hidden_layers": 42,
              "num_key_value_heads": 8,
              "sliding_window": 4096,
              "vocab_size": 256000
            }
            """;
    private static final String GEMMA_2B = """
            {"architectures": ["GemmaForCausalLM"], "head_dim": 256, "hidden_size": 2048,
             "intermediate_size": 16384, "num_attention_heads": 8, "num_hidden_layers": 18,
             "num_key_value_heads": 1, "vocab_size": 256000}
            """;
    private static final String GPTJ_6B = """
            {"architectures": ["GPTJForCausalLM"], "activation_function": "gelu_new", "model_type": "gptj",
             "n_embd": 4096, "n_head": 16, "n_inner": null, "n_layer": 28, "n_positions": 2048,
             "rotary_dim": 64, "tie_word_embeddings": false, "vocab_size": 50400}
            """;

    private static ModelConfig model(Path dir, String yamlModel) {
        return ModelSpecReader.read(YamlReader.parse(dir.resolve("s.yaml").toString(), "model: " + yamlModel)
                .asMapping().require("model", "").asMapping(), ModelCatalog.bundled(), dir);
    }

    private static void assertSameDimensions(TransformerModel expected, TransformerModel actual) {
        assertEquals(expected.withPaddedHeads(expected.heads()).parameterCount(), actual.parameterCount());
        assertEquals(java.util.List.of(expected.layers(), expected.dModel(), expected.dFf(), expected.heads(),
                        expected.dHead(), expected.kvHeads(), expected.ffnMatrices(), expected.vocab()),
                java.util.List.of(actual.layers(), actual.dModel(), actual.dFf(), actual.heads(), actual.dHead(),
                        actual.kvHeads(), actual.ffnMatrices(), actual.vocab()));
        assertEquals(expected.parallelBlock(), actual.parallelBlock());
        assertEquals(expected.tiedEmbeddings(), actual.tiedEmbeddings());
    }

    @Test
    void bundledLlama31_8b_isThePreset() {
        HfConfigReader.Result r = HfConfigReader.read(Path.of(LLAMA_31_8B), LLAMA_31_8B);
        assertEquals("LlamaForCausalLM", r.architecture());
        assertEquals(0, r.slidingWindowTokens());
        assertSameDimensions(ModelCatalog.bundled().model("llama-3.1-8b"), ModelParameterBuild.of(r));
    }

    @Test
    void gemma2_recordsTheSlidingWindowAndDefaultsToTiedEmbeddings() {
        HfConfigReader.Result r = HfConfigReader.parse("config.json", GEMMA2_9B);
        assertEquals(4096, r.slidingWindowTokens());
        assertEquals(21, r.slidingWindowLayers());      // every other layer of 42, from the first
        assertSameDimensions(ModelCatalog.bundled().model("gemma-2-9b"), ModelParameterBuild.of(r));
        assertEquals(21, ModelCatalog.bundled().find("gemma-2-9b").orElseThrow().slidingWindowLayers());
        assertEquals(4096, ModelCatalog.bundled().find("gemma-2-9b").orElseThrow().slidingWindowTokens());
        assertSameDimensions(ModelCatalog.bundled().model("gemma-2b"),
                ModelParameterBuild.of(HfConfigReader.parse("config.json", GEMMA_2B)));
    }

    @Test
    void gptj_isParallelWithATwoMatrixMlp() {
        HfConfigReader.Result r = HfConfigReader.parse("config.json", GPTJ_6B);
        TransformerModel m = ModelParameterBuild.of(r);
        assertTrue(m.parallelBlock());
        assertEquals(2, m.ffnMatrices());
        assertEquals(16384, m.dFf());   // n_inner null: 4 x n_embd
        assertSameDimensions(ModelCatalog.bundled().model("gpt-j-6b"), m);
    }

    @Test
    void qwen2_windowOnlyWhenUsed_andMistralWindow() {
        String qwen = """
                {"architectures": ["Qwen2ForCausalLM"], "hidden_size": 3584, "intermediate_size": 18944,
                 "num_attention_heads": 28, "num_hidden_layers": 28, "num_key_value_heads": 4,
                 "sliding_window": 131072, "use_sliding_window": false, "tie_word_embeddings": false,
                 "vocab_size": 152064}
                """;
        HfConfigReader.Result q = HfConfigReader.parse("config.json", qwen);
        assertEquals(0, q.slidingWindowTokens());
        assertEquals(128, ModelParameterBuild.of(q).dHead());   // 3584 / 28
        String mistral = """
                {"architectures": ["MistralForCausalLM"], "hidden_size": 4096, "intermediate_size": 14336,
                 "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8,
                 "sliding_window": 4096, "vocab_size": 32000}
                """;
        HfConfigReader.Result m = HfConfigReader.parse("config.json", mistral);
        assertEquals(4096, m.slidingWindowTokens());
        assertEquals(32, m.slidingWindowLayers());      // Mistral: every layer
        assertEquals(8, ModelParameterBuild.of(m).kvHeads());
        // Qwen2 with the window on: the layers from max_window_layers on (21 of 28 -> 7)
        HfConfigReader.Result used = HfConfigReader.parse("config.json", qwen.replace("\"use_sliding_window\": false",
                "\"use_sliding_window\": true, \"max_window_layers\": 21"));
        assertEquals(131072, used.slidingWindowTokens());
        assertEquals(7, used.slidingWindowLayers());
        // a config listing layer_types: the sliding_attention entries are counted
        HfConfigReader.Result listed = HfConfigReader.parse("config.json", mistral.replace("\"vocab_size\"",
                "\"layer_types\": [" + "\"sliding_attention\", \"full_attention\", ".repeat(15)
                        + "\"sliding_attention\", \"sliding_attention\"], \"vocab_size\""));
        assertEquals(17, listed.slidingWindowLayers());
        assertTrue(!ModelParameterBuild.of(m).tiedEmbeddings());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown architecture | {\"architectures\": [\"BertModel\"]} | config.json:1: architectures: unsupported architecture 'BertModel'",
        "no architectures | {\"hidden_size\": 8} | config.json: architectures: missing",
        "string count | {\"architectures\": [\"LlamaForCausalLM\"],\\n\"hidden_size\": \"4096\"} | config.json:2: hidden_size: expected a positive whole number, found \"4096\" (string)",
        "fractional count | {\"architectures\": [\"GPTJForCausalLM\"], \"n_embd\": 40.5} | config.json:1: n_embd: expected a positive whole number",
        "missing field | {\"architectures\": [\"LlamaForCausalLM\"], \"hidden_size\": 64, \"num_attention_heads\": 4} | config.json: num_hidden_layers: missing",
        "kv heads | {\"architectures\": [\"LlamaForCausalLM\"], \"hidden_size\": 64, \"num_attention_heads\": 4, \"num_hidden_layers\": 2, \"intermediate_size\": 8, \"num_key_value_heads\": 3} | config.json:1: num_key_value_heads: expected a divisor of num_attention_heads 4",
        "flag type | {\"architectures\": [\"GPTJForCausalLM\"], \"n_embd\": 64, \"n_head\": 4, \"n_layer\": 2, \"tie_word_embeddings\": 1} | config.json:1: tie_word_embeddings: expected true or false",
        "duplicate key | {\"architectures\": [\"GPTJForCausalLM\"],\\n\"n_embd\": 64,\\n\"n_embd\": 65} | config.json:3: not valid JSON: Duplicate field 'n_embd'",
        "not json | {\"architectures\": [ | config.json:1: not valid JSON",
        "not an object | [1, 2] | config.json:1: expected a JSON object",
    })
    void badConfigs_nameFileLineAndField(String what, String json, String expected) {
        InputException e = assertThrows(InputException.class,
                () -> HfConfigReader.parse("config.json", json.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith(expected), what + ": " + e.getMessage());
    }

    @Test
    void scenario_hfConfigRelativeToTheScenario_withOverrides(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("m"));
        Files.writeString(dir.resolve("m/config.json"), GEMMA2_9B);
        ModelConfig c = model(dir, "{hf_config: m/config.json, weights: int8, layers: 2}");
        assertEquals(2, c.model().layers());
        assertEquals(8, c.model().kvHeads());
        assertEquals(4096, c.slidingWindowTokens());
        assertEquals(c.model().parameterCount(), c.model().nominalParams());   // default: the exact count
        assertEquals("Gemma2ForCausalLM", c.model().name());
        ModelConfig named = model(dir, "{hf_config: m/config.json, weights: bf16, name: gemma-2-9b-hf}");
        assertEquals("gemma-2-9b-hf", named.model().name());
    }

    @Test
    void scenario_badHfConfigs_nameTheScenarioKeyOrTheConfigLine(@TempDir Path dir) throws IOException {
        InputException missing = assertThrows(InputException.class,
                () -> model(dir, "{hf_config: nope.json, weights: bf16}"));
        assertTrue(missing.getMessage().startsWith(dir.resolve("s.yaml") + ":1: model.hf_config: "),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
        InputException folder = assertThrows(InputException.class,
                () -> model(dir, "{hf_config: ., weights: bf16}"));
        assertTrue(folder.getMessage().contains("not a regular file"), folder.getMessage());
        Files.writeString(dir.resolve("bad.json"), "{\n\"architectures\": [\"LlamaForCausalLM\"],\n\"hidden_size\": -1\n}");
        InputException field = assertThrows(InputException.class,
                () -> model(dir, "{hf_config: bad.json, weights: bf16}"));
        assertTrue(field.getMessage().startsWith(dir.resolve("bad.json") + ":3: hidden_size: expected a positive"),
                field.getMessage());
        InputException both = assertThrows(InputException.class,
                () -> model(dir, "{hf_config: bad.json, preset: gemma-2b, weights: bf16}"));
        assertTrue(both.getMessage().contains("model.hf_config: expected one of 'preset' or 'hf_config'"),
                both.getMessage());
    }

    /** Builds the model a config declares, with the exact count as N (as ModelSpecReader does). */
    private static final class ModelParameterBuild {
        static TransformerModel of(HfConfigReader.Result r) {
            var values = new java.util.EnumMap<>(r.values());
            values.put(org.tpusim.model.ModelParameter.NOMINAL_PARAMS, 1L);
            return org.tpusim.model.ModelParameter.build(r.name(), values);
        }
    }
}
