package org.tpusim.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tpusim.input.InputException;
import org.tpusim.input.YamlReader;
import org.tpusim.model.ModelParameter;
import org.tpusim.model.MoeParameter;

/**
 * Reads a Hugging Face {@code config.json} ({@code model: {hf_config: path}}) into the dimensions of the
 * explicit model spec ({@link ModelParameter}), which {@link ModelSpecReader} then checks and builds like any
 * other model. Supported architectures (the first entry of {@code architectures}):
 * <ul>
 *   <li>{@code LlamaForCausalLM}, {@code MistralForCausalLM}, {@code Qwen2ForCausalLM}, {@code GemmaForCausalLM},
 *       {@code Gemma2ForCausalLM}: {@code num_hidden_layers}, {@code hidden_size}, {@code intermediate_size},
 *       {@code num_attention_heads}, {@code num_key_value_heads} (default: the heads, multihead),
 *       {@code head_dim} (default hidden_size / heads), {@code vocab_size}, {@code tie_word_embeddings} (default
 *       false for Llama, Mistral and Qwen2, true for Gemma, as in their transformers config classes); a gated
 *       feedforward (SwiGLU or GeGLU: gate, up and down projections, 3 matrices) and a serial block.</li>
 *   <li>{@code GPTJForCausalLM}: {@code n_layer}, {@code n_embd}, {@code n_inner} (null or absent: 4 x n_embd),
 *       {@code n_head} (multihead, head width n_embd / n_head), {@code vocab_size}, {@code tie_word_embeddings}
 *       (default false); a plain GELU feedforward (2 matrices) in parallel with attention.</li>
 * </ul>
 * A declared sliding window ({@code sliding_window} of Mistral and Gemma 2; of Qwen2 only with
 * {@code use_sliding_window: true}) is returned as {@link Result#slidingWindowTokens()}, with the number of layers
 * that use it ({@link Result#slidingWindowLayers()}, see {@code windowLayers}); {@code ModelConfig} models it. Other keys (rope, norms,
 * biases, dropout) are ignored. The file is checked like every input file (regular, UTF-8, at most
 * {@link #MAX_FILE_BYTES}); a syntax error, a duplicate key, an unknown architecture or a missing or ill-typed
 * field is an input error naming the file, the line and the field.
 */
public final class HfConfigReader {
    /** Largest config.json read (1 MiB; real ones are about 1 KB). */
    public static final long MAX_FILE_BYTES = 1L << 20;

    /** Architectures read, by the first entry of {@code architectures}. */
    public static final List<String> ARCHITECTURES = List.of("LlamaForCausalLM", "MistralForCausalLM",
            "Qwen2ForCausalLM", "GemmaForCausalLM", "Gemma2ForCausalLM", "GPTJForCausalLM", "MixtralForCausalLM",
            "Qwen2MoeForCausalLM", "DeepseekForCausalLM");

    /** What a config.json declares: the architecture, the model dimensions, a name and the sliding window (0: none). */
    public record Result(String architecture, Map<ModelParameter, Long> values, String name, int slidingWindowTokens,
                         int slidingWindowLayers, Map<MoeParameter, Long> moe) {
        /** A dense model's result with the window on every layer (none when {@code slidingWindowTokens} is 0). */
        public Result(String architecture, Map<ModelParameter, Long> values, String name, int slidingWindowTokens) {
            this(architecture, values, name, slidingWindowTokens,
                    slidingWindowTokens > 0 ? Math.toIntExact(values.get(ModelParameter.LAYERS)) : 0, Map.of());
        }
    }

    private HfConfigReader() {
    }

    /** Reads {@code file}; messages name it as {@code display}. */
    public static Result read(Path file, String display) {
        String text = YamlReader.readText(file, display, MAX_FILE_BYTES, "Hugging Face config file");
        return parse(display, text);
    }

    /** Parses config.json text; messages name {@code display}. */
    public static Result parse(String display, String text) {
        return new Fields(display, topLevel(display, text)).result();
    }

    /** A top-level field's value and the line it starts on. */
    private record Field(JsonNode value, int line) {
    }

    private static Map<String, Field> topLevel(String display, String text) {
        Map<String, Field> fields = new LinkedHashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        try (JsonParser p = mapper.getFactory().createParser(text)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InputException(display, line(p.currentTokenLocation()), "",
                        "expected a JSON object (a Hugging Face config.json)");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                int line = line(p.currentTokenLocation());
                JsonNode value = mapper.readTree(p);
                fields.put(key, new Field(value == null ? mapper.nullNode() : value, line));
            }
            if (p.nextToken() != null) {
                throw new InputException(display, line(p.currentTokenLocation()), "",
                        "unexpected text after the JSON object");
            }
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            throw new InputException(display, line(e.getLocation()), "",
                    "not valid JSON: " + (nl >= 0 ? msg.substring(0, nl) : msg));
        } catch (IOException e) {
            throw new InputException(display, 0, "", "cannot read the JSON: " + e.getMessage(), e);
        }
        return fields;
    }

    private static int line(JsonLocation l) {
        return l == null ? 0 : Math.max(0, l.getLineNr());
    }

    /** Typed access to the top-level fields; every error names the file, the field's line and the field. */
    private static final class Fields {
        private final String display;
        private final Map<String, Field> fields;

        Fields(String display, Map<String, Field> fields) {
            this.display = display;
            this.fields = fields;
        }

        Result result() {
            String arch = architecture();
            Map<ModelParameter, Long> v = new EnumMap<>(ModelParameter.class);
            int window = 0;
            int windowLayers = 0;
            if (arch.equals("GPTJForCausalLM")) {
                long embd = count("n_embd");
                long heads = count("n_head");
                v.put(ModelParameter.LAYERS, count("n_layer"));
                v.put(ModelParameter.D_MODEL, embd);
                v.put(ModelParameter.D_FF, isAbsentOrNull("n_inner") ? 4 * embd : count("n_inner"));
                v.put(ModelParameter.HEADS, heads);
                v.put(ModelParameter.KV_HEADS, heads);
                v.put(ModelParameter.D_HEAD, divide(embd, heads, "n_embd", "n_head"));
                v.put(ModelParameter.FFN_MATRICES, 2L);
                v.put(ModelParameter.PARALLEL_BLOCK, 1L);
                v.put(ModelParameter.TIED_EMBEDDINGS, flag("tie_word_embeddings", false) ? 1L : 0L);
            } else {
                long hidden = count("hidden_size");
                long heads = count("num_attention_heads");
                v.put(ModelParameter.LAYERS, count("num_hidden_layers"));
                v.put(ModelParameter.D_MODEL, hidden);
                v.put(ModelParameter.D_FF, count("intermediate_size"));
                v.put(ModelParameter.HEADS, heads);
                long kv = isAbsentOrNull("num_key_value_heads") ? heads : count("num_key_value_heads");
                if (heads % kv != 0) {
                    throw error("num_key_value_heads", "expected a divisor of num_attention_heads " + heads
                            + " (grouped-query attention), found " + kv);
                }
                v.put(ModelParameter.KV_HEADS, kv);
                v.put(ModelParameter.D_HEAD, isAbsentOrNull("head_dim") ? divide(hidden, heads, "hidden_size",
                        "num_attention_heads") : count("head_dim"));
                v.put(ModelParameter.FFN_MATRICES, 3L);
                v.put(ModelParameter.PARALLEL_BLOCK, 0L);
                boolean gemma = arch.startsWith("Gemma");
                v.put(ModelParameter.TIED_EMBEDDINGS, flag("tie_word_embeddings", gemma) ? 1L : 0L);
                boolean windowApplies = !arch.startsWith("Qwen2") || flag("use_sliding_window", false);
                if (windowApplies && !isAbsentOrNull("sliding_window")) {
                    window = Math.toIntExact(count("sliding_window"));
                    windowLayers = windowLayers(arch, Math.toIntExact(v.get(ModelParameter.LAYERS)));
                }
            }
            v.put(ModelParameter.VOCAB, count("vocab_size"));
            String name = fields.containsKey("_name_or_path") && fields.get("_name_or_path").value().isTextual()
                    && !fields.get("_name_or_path").value().asText().isBlank()
                    ? fields.get("_name_or_path").value().asText() : arch;
            return new Result(arch, v, name, window, windowLayers, moe(arch, v.get(ModelParameter.LAYERS)));
        }

        /**
         * The layers that use the window: the count of "sliding_attention" in {@code layer_types} when the config
         * lists them; otherwise as transformers' config classes define it: Gemma 2 every other layer from the
         * first (Gemma2DecoderLayer: is_sliding = not layer_idx % 2, so ceil(L / 2)); Qwen2 the layers from
         * {@code max_window_layers} on (Qwen2Config.layer_types; default 28); Mistral every layer.
         */
        private int windowLayers(String arch, int layers) {
            if (!isAbsentOrNull("layer_types")) {
                JsonNode types = fields.get("layer_types").value();
                if (!types.isArray() || types.size() != layers) {
                    throw error("layer_types", "expected a list of " + layers + " layer types (num_hidden_layers), found "
                            + describe(types));
                }
                int sliding = 0;
                for (JsonNode t : types) {
                    if (!t.isTextual() || !(t.asText().equals("sliding_attention") || t.asText().equals("full_attention"))) {
                        throw error("layer_types", "expected \"sliding_attention\" or \"full_attention\" entries, found "
                                + describe(t));
                    }
                    sliding += t.asText().equals("sliding_attention") ? 1 : 0;
                }
                return sliding;
            }
            return switch (arch) {
                case "Gemma2ForCausalLM" -> (layers + 1) / 2;
                case "Qwen2ForCausalLM" -> Math.max(0, layers - (isAbsentOrNull("max_window_layers") ? 28
                        : Math.toIntExact(Math.min(count("max_window_layers"), layers))));
                default -> layers;
            };
        }

        /**
         * The experts of an MoE architecture (empty for a dense one):
         * Mixtral: num_local_experts, num_experts_per_tok, experts of width intermediate_size, every layer MoE;
         * Qwen2-MoE: num_experts, num_experts_per_tok, moe_intermediate_size, shared_expert_intermediate_size
         * (default 0), layer i dense when listed in mlp_only_layers (default none) or when (i+1) is not a multiple
         * of decoder_sparse_step (default 1);
         * DeepSeekMoE: n_routed_experts, num_experts_per_tok, moe_intermediate_size, n_shared_experts (null: 0) x
         * moe_intermediate_size shared, layer i MoE when i >= first_k_dense_replace (default 0) and i is a multiple
         * of moe_layer_freq (default 1).
         */
        private Map<MoeParameter, Long> moe(String arch, long layers) {
            Map<MoeParameter, Long> m = new EnumMap<>(MoeParameter.class);
            switch (arch) {
                case "MixtralForCausalLM" -> {
                    m.put(MoeParameter.EXPERTS, experts("num_local_experts"));
                    m.put(MoeParameter.EXPERTS_PER_TOKEN, count("num_experts_per_tok"));
                    m.put(MoeParameter.EXPERT_D_FF, count("intermediate_size"));
                    m.put(MoeParameter.SHARED_D_FF, 0L);
                    m.put(MoeParameter.DENSE_LAYERS, 0L);
                }
                case "Qwen2MoeForCausalLM" -> {
                    m.put(MoeParameter.EXPERTS, experts("num_experts"));
                    m.put(MoeParameter.EXPERTS_PER_TOKEN, count("num_experts_per_tok"));
                    m.put(MoeParameter.EXPERT_D_FF, count("moe_intermediate_size"));
                    m.put(MoeParameter.SHARED_D_FF, isAbsentOrNull("shared_expert_intermediate_size") ? 0L
                            : count("shared_expert_intermediate_size"));
                    long step = isAbsentOrNull("decoder_sparse_step") ? 1 : count("decoder_sparse_step");
                    java.util.Set<Long> mlpOnly = layerList("mlp_only_layers", layers);
                    long dense = 0;
                    for (long i = 0; i < layers; i++) {
                        if (mlpOnly.contains(i) || (i + 1) % step != 0) {
                            dense++;
                        }
                    }
                    m.put(MoeParameter.DENSE_LAYERS, dense);
                }
                case "DeepseekForCausalLM" -> {
                    m.put(MoeParameter.EXPERTS, experts("n_routed_experts"));
                    m.put(MoeParameter.EXPERTS_PER_TOKEN, count("num_experts_per_tok"));
                    long width = count("moe_intermediate_size");
                    m.put(MoeParameter.EXPERT_D_FF, width);
                    long shared = isAbsentOrNull("n_shared_experts") ? 0 : count("n_shared_experts");
                    m.put(MoeParameter.SHARED_D_FF, shared * width);
                    long firstK = isAbsentOrNull("first_k_dense_replace") ? 0 : countOrZero("first_k_dense_replace");
                    long freq = isAbsentOrNull("moe_layer_freq") ? 1 : count("moe_layer_freq");
                    long dense = 0;
                    for (long i = 0; i < layers; i++) {
                        if (i < firstK || i % freq != 0) {
                            dense++;
                        }
                    }
                    m.put(MoeParameter.DENSE_LAYERS, dense);
                }
                default -> {
                    return Map.of();
                }
            }
            if (m.get(MoeParameter.EXPERTS_PER_TOKEN) > m.get(MoeParameter.EXPERTS)) {
                throw error("num_experts_per_tok", "expected at most the " + m.get(MoeParameter.EXPERTS)
                        + " experts, found " + m.get(MoeParameter.EXPERTS_PER_TOKEN));
            }
            if (m.get(MoeParameter.DENSE_LAYERS) >= layers) {
                throw new InputException(display, 0, "", "no MoE layer: all " + layers
                        + " layers are dense by the config's layer pattern");
            }
            return m;
        }

        /** The routed experts: a whole number in MoeParameter.EXPERTS' range (2 to 1,024). */
        private long experts(String key) {
            long x = count(key);
            if (x < MoeParameter.EXPERTS.min() || x > MoeParameter.EXPERTS.max()) {
                throw error(key, "expected " + MoeParameter.EXPERTS.min() + " to " + MoeParameter.EXPERTS.max()
                        + " routed experts, found " + x);
            }
            return x;
        }

        /** A whole number >= 0 below 2^31. */
        private long countOrZero(String key) {
            JsonNode n = require(key, "a whole number >= 0").value();
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
                throw error(key, "expected a whole number >= 0, found " + describe(n));
            }
            return n.asLong();
        }

        /** A list of layer indices 0..layers-1 (absent or null: empty). */
        private java.util.Set<Long> layerList(String key, long layers) {
            java.util.Set<Long> out = new java.util.HashSet<>();
            if (isAbsentOrNull(key)) {
                return out;
            }
            JsonNode n = fields.get(key).value();
            if (!n.isArray()) {
                throw error(key, "expected a list of layer indices, found " + describe(n));
            }
            for (JsonNode e : n) {
                if (!e.isIntegralNumber() || e.asLong() < 0 || e.asLong() >= layers) {
                    throw error(key, "expected layer indices from 0 to " + (layers - 1) + ", found " + describe(e));
                }
                out.add(e.asLong());
            }
            return out;
        }

        private String architecture() {
            Field f = require("architectures", "a list naming the architecture, one of " + ARCHITECTURES);
            JsonNode a = f.value();
            if (!a.isArray() || a.isEmpty() || !a.get(0).isTextual()) {
                throw error("architectures", "expected a list of architecture names, e.g. [\"LlamaForCausalLM\"], found "
                        + describe(a));
            }
            String arch = a.get(0).asText();
            if (!ARCHITECTURES.contains(arch)) {
                throw error("architectures", "unsupported architecture '" + arch + "' (expected one of "
                        + String.join(", ", ARCHITECTURES) + ")");
            }
            return arch;
        }

        private boolean isAbsentOrNull(String key) {
            return !fields.containsKey(key) || fields.get(key).value().isNull();
        }

        private Field require(String key, String expectation) {
            Field f = fields.get(key);
            if (f == null) {
                throw new InputException(display, 0, key, "missing (expected " + expectation + ")");
            }
            return f;
        }

        /** A positive whole number below 2^31. */
        private long count(String key) {
            JsonNode n = require(key, "a positive whole number").value();
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() <= 0) {
                throw error(key, "expected a positive whole number, found " + describe(n));
            }
            return n.asLong();
        }

        private boolean flag(String key, boolean absent) {
            if (isAbsentOrNull(key)) {
                return absent;
            }
            JsonNode n = fields.get(key).value();
            if (!n.isBoolean()) {
                throw error(key, "expected true or false, found " + describe(n));
            }
            return n.asBoolean();
        }

        private long divide(long a, long b, String aKey, String bKey) {
            if (a % b != 0) {
                throw error(bKey, "expected a divisor of " + aKey + " " + a + " (the head width), found " + b);
            }
            return a / b;
        }

        private InputException error(String key, String problem) {
            Field f = fields.get(key);
            return new InputException(display, f == null ? 0 : f.line(), key, problem);
        }

        private static String describe(JsonNode n) {
            String s = n.toString();
            return (s.length() > 60 ? s.substring(0, 60) + "..." : s) + " (" + n.getNodeType().name().toLowerCase()
                    + ")";
        }
    }
}
