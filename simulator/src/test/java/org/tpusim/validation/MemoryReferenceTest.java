package org.tpusim.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.scenario.ChipCatalog;

class MemoryReferenceTest {
    private static final ChipSpec V4 = ChipCatalog.bundled().find("tpu-v4").orElseThrow();

    @Test
    void bundledTable1_holdsThePapersSixFigures() {
        List<Comparison> rows = MemoryReference.table1(V4);
        assertEquals(List.of("table1-multihead-b128", "table1-multihead-b512", "table1-multiquery-head-sharded-b128",
                "table1-multiquery-head-sharded-b512", "table1-multiquery-batch-sharded-b128",
                "table1-multiquery-batch-sharded-b512"), rows.stream().map(Comparison::scenario).toList());
        assertEquals(List.of(1320.0, 330.0, 660.0, 165.0, 43000.0, 10700.0),
                rows.stream().map(Comparison::reference).toList());
        for (Comparison c : rows) {
            assertEquals("Table 1", c.source());
            assertEquals("max_context_tokens", c.key());
            assertTrue(Math.abs(c.error()) < 0.02, c.toString());
        }
    }

    @Test
    void aBadRow_namesTheFileAndLine() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MemoryReference.table1(V4, "t.csv",
                List.of("# comment", "name,model,attention,batch,max_context_tokens,source",
                        "x,multihead,diagonal,128,1320,Table 1")));
        assertEquals("t.csv:3: unknown attention layout 'diagonal' (expected one of head, batch)", e.getMessage());
    }
}
