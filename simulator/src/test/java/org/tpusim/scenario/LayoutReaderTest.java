package org.tpusim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.input.InputException;
import org.tpusim.input.YamlReader;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.FfnLayout;
import org.tpusim.layout.LayoutPlan;
import org.tpusim.layout.LayoutRequest;
import org.tpusim.layout.PhaseLayout;

class LayoutReaderTest {
    private static LayoutPlan read(String yaml) {
        return LayoutReader.read(YamlReader.parse("s.yaml", yaml).asMapping().require("layout", ""));
    }

    @Test
    void fullBlock() {
        LayoutPlan p = read("""
                layout:
                  prefill: {ffn: ws-2d, attention: head}
                  decode: {ffn: ws-2d, attention: batch}
                """);
        assertEquals(LayoutRequest.fixed(new PhaseLayout(FfnLayout.WS_2D, AttentionLayout.HEAD)), p.prefill());
        assertEquals(LayoutRequest.fixed(new PhaseLayout(FfnLayout.WS_2D, AttentionLayout.BATCH)), p.decode());
    }

    @Test
    void autoAtEveryLevel() {
        assertEquals(LayoutPlan.AUTO, read("layout: auto\n"));
        assertEquals(LayoutPlan.AUTO, read("layout: {prefill: auto}\n"));
        LayoutPlan p = read("layout: {decode: {ffn: wg-xyz, attention: auto}}\n");
        assertEquals(LayoutRequest.AUTO, p.prefill());
        assertEquals(new LayoutRequest(Optional.of(FfnLayout.WG_XYZ), Optional.empty()), p.decode());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown ffn       | 'layout:\n  prefill: auto\n  decode: {ffn: ws2d}' | s.yaml:3: layout.decode.ffn: unknown layout 'ws2d' (expected one of ws-1d, ws-2d, wg-x, wg-xy, wg-xyz, auto)",
            "unknown attention | 'layout:\n  prefill: {attention: heads}' | s.yaml:2: layout.prefill.attention: unknown attention layout 'heads' (expected one of head, batch, auto)",
            "unknown phase     | 'layout:\n  generate: auto' | s.yaml:2: layout.generate: unknown key 'generate' (expected one of decode, prefill)",
            "unknown key       | 'layout:\n  decode: {mlp: ws-2d}' | s.yaml:2: layout.decode.mlp: unknown key 'mlp' (expected one of attention, experts, ffn)",
            "bad scalar phase  | 'layout:\n  decode: ws-2d' | s.yaml:2: layout.decode: expected 'auto' or a mapping with ffn and attention, found 'ws-2d'",
            "bad scalar block  | 'layout: fast' | s.yaml:1: layout: expected 'auto' or a mapping with prefill and decode, found 'fast'",
    })
    void badLayout_namesLineKeyAndAcceptedValues(String what, String yaml, String expected) {
        InputException e = assertThrows(InputException.class, () -> read(yaml));
        assertEquals(expected, e.getMessage());
    }
}
