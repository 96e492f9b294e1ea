package org.tpusim.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class YamlEditTest {
    private static final YamlNode DOC = YamlReader.parse("s.yaml", """
            name: a
            system: {chip: tpu-v4, topology: 2x2x1}
            layout: auto
            workload: {kind: batch, batch: 4}
            """);

    @Test
    void replacesAValue_keepingKeyOrder_andLeavesTheDocumentAlone() {
        YamlNode.Mapping out = YamlEdit.scalar("workload.batch", "64", "--set x", 0).applyTo(DOC);
        YamlNode.Mapping w = out.require("workload", "").asMapping();
        assertEquals("64", w.require("batch", "").asScalar().asString());
        assertEquals(List.of("kind", "batch"), List.copyOf(w.entries().keySet()));
        assertEquals("4", DOC.asMapping().require("workload", "").asMapping().require("batch", "").asScalar()
                .asString());
    }

    @Test
    void createsMappings_andReplacesAScalarOnTheWay() {
        YamlNode out = YamlEdit.applyAll(DOC, List.of(YamlEdit.scalar("system.overrides.hop_latency_ns", "0", "f", 3),
                YamlEdit.scalar("layout.decode.ffn", "ws-1d", "f", 4)));
        YamlNode.Mapping m = out.asMapping();
        assertEquals("0", m.require("system", "").asMapping().require("overrides", "").asMapping()
                .require("hop_latency_ns", "").asScalar().asString());
        assertEquals("ws-1d", m.require("layout", "").asMapping().require("decode", "").asMapping()
                .require("ffn", "").asScalar().asString());
    }

    @Test
    void anErrorInTheValue_namesItsOrigin_andTheKeyPathItIsAt() {
        YamlNode value = YamlReader.parse("sweep.yaml", "x:\n  - {ffn: 7}\n").asMapping().require("x", "")
                .asSequence().get(0);
        YamlNode out = YamlEdit.of("layout.decode", value).applyTo(DOC);
        YamlNode ffn = out.asMapping().require("layout", "").asMapping().require("decode", "").asMapping()
                .require("ffn", "");
        InputException e = assertThrows(InputException.class, () -> ffn.asMapping());
        assertTrue(e.getMessage().startsWith("sweep.yaml:2: layout.decode.ffn: expected a mapping"), e.getMessage());
    }

    @Test
    void invalidKeyPath_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> YamlEdit.scalar("Workload..batch", "1", "f", 0));
    }
}
