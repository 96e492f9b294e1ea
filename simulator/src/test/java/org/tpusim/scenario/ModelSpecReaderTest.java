package org.tpusim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.input.InputException;
import org.tpusim.input.YamlReader;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.TransformerModel;

class ModelSpecReaderTest {
    private static ModelConfig read(String yaml) {
        return ModelSpecReader.read(YamlReader.parse("s.yaml", yaml).asMapping().require("model", "").asMapping(),
                ModelCatalog.bundled());
    }

    @Test
    void preset_withPaddingAndInt8() {
        ModelConfig c = read("""
                name: x
                model:
                  preset: palm-540b
                  pad_heads_to: 64
                  weights: int8
                """);
        assertEquals(64, c.model().heads());
        assertEquals(48, c.model().trainedHeads());
        assertEquals(DType.INT8, c.weights());
        assertEquals(DType.BF16, c.kvCache());   // default
        assertEquals(1, c.weights().bytes());
    }

    @Test
    void preset_withOverrides_isTheMultiheadVariant() {
        // Pope et al. sec. 4.2: multihead PaLM 540B with d_head 128
        ModelConfig c = read("""
                model: {preset: palm-540b, kv_heads: 48, d_head: 128, weights: bf16, kv_cache_dtype: int8}
                """);
        assertTrue(c.model().isMultihead());
        assertEquals(128, c.model().dHead());
        assertEquals(118, c.model().layers());
        assertEquals(DType.INT8, c.kvCache());
    }

    @Test
    void explicitDims_takeDefaults() {
        // 2 layers x (attention 4 x 64 x 64 = 16,384 + ffn 2 x 64 x 256 = 32,768) + 100 x 64 = 104,704
        ModelConfig c = read("""
                model: {name: toy, layers: 2, d_model: 64, d_ff: 256, heads: 4, d_head: 16, vocab: 100, weights: bf16}
                """);
        TransformerModel m = c.model();
        assertEquals("toy", m.name());
        assertTrue(m.isMultihead());
        assertEquals(2, m.ffnMatrices());
        assertEquals(104_704L, m.parameterCount());
        assertEquals(104_704L, m.nominalParams());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown preset   | 'model: {preset: palm-9b, weights: bf16}' | s.yaml:1: model.preset: unknown model 'palm-9b' (expected one of palm-8b, palm-62b, palm-540b, mt-nlg-530b",
            "unknown key      | 'model: {preset: palm-8b, weight: bf16}' | s.yaml:1: model.weight: unknown key 'weight'",
            "bad dtype        | 'model: {preset: palm-8b, weights: fp4}' | s.yaml:1: model.weights: unknown dtype 'fp4' (expected one of bf16, int8, fp8)",
            "w8a8 mismatch    | 'model: {preset: palm-8b, weights: bf16, activations: int8}' | s.yaml:1: model.activations: int8 activations multiply int8 weights",
            "missing weights  | 'model: {preset: palm-8b}' | s.yaml:1: model.weights: missing required key",
            "missing dims     | 'model: {layers: 2, weights: bf16}' | s.yaml:1: model.d_model: missing required key",
            "kv not divisor   | 'model: {preset: palm-8b, kv_heads: 3, weights: bf16}' | s.yaml:1: model.kv_heads: kv_heads 3 must divide heads 16",
            "zero layers      | 'model: {preset: palm-8b, layers: 0, weights: bf16}' | s.yaml:1: model.layers: expected a positive whole number",
            "ffn matrices     | 'model: {preset: palm-8b, ffn_matrices: 4, weights: bf16}' | s.yaml:1: model.ffn_matrices: expected 2 (plain GELU) or 3",
            "pad below heads  | 'model: {preset: palm-540b, pad_heads_to: 32, weights: bf16}' | s.yaml:1: model.pad_heads_to: expected at least the model's 48 heads",
            "flag not boolean | 'model: {preset: palm-8b, parallel_block: maybe, weights: bf16}' | s.yaml:1: model.parallel_block: expected true or false",
    })
    void badModelBlock_namesLineKeyAndExpectation(String what, String yaml, String expected) {
        InputException e = assertThrows(InputException.class, () -> read(yaml));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
