package org.tpusim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tpusim.figure.Figure;

class PointResultTest {
    private static final String HEAD = "{\"index\":0,\"label\":\"s/0-x=1\",\"params\":{\"x\":\"1\"},\"status\":\"ok\","
            + "\"reason\":\"\",\"model\":\"palm-8b\",\"weights\":\"bf16\",\"topology\":\"2x2x2\",\"chips\":8,\"batch\":1,"
            + "\"input_tokens\":0,\"output_tokens\":1,\"prefill_layout\":\"ws-2d + head\",\"decode_layout\":\"ws-2d + batch\",";

    @Test
    void figuresAreWrittenUnderTheirFlatKeysInPointFigureOrder() {
        PointResult.Figures f = PointResult.Figures.of(0.5, 12.5, 0.4, 0.1, 2.0, 100.0);
        PointResult p = PointResult.fromJsonLine(HEAD + "\"simulated\":" + json(f) + ",\"analytical\":" + json(f) + "}");
        assertEquals("{\"prefill_s\":0.5,\"decode_per_token_ms\":12.5,\"mfu_prefill\":0.4,\"mfu_decode\":0.1,"
                + "\"cost_chip_ms_per_token_prefill\":2.0,\"cost_chip_ms_per_token_decode\":100.0}", json(f));
        // a point read without a calibration block writes it as null (points of earlier tpusim versions)
        assertEquals(HEAD + "\"simulated\":" + json(f) + ",\"analytical\":" + json(f) + ",\"calibration\":null}",
                p.toJsonLine());
        assertEquals(100.0, p.simulated().get(Figure.COST_DECODE));
    }

    @Test
    void pointsFilesWithTheEarlierCostNamesAreStillRead() {
        String old = "{\"prefill_s\":0.5,\"decode_per_token_ms\":12.5,\"mfu_prefill\":0.4,\"mfu_decode\":0.1,"
                + "\"cost_prefill_chip_ms_per_token\":2.0,\"cost_decode_chip_ms_per_token\":100.0}";
        PointResult p = PointResult.fromJsonLine(HEAD + "\"simulated\":" + old + ",\"analytical\":" + old + "}");
        assertEquals(2.0, p.simulated().get(Figure.COST_PREFILL));
        assertEquals(100.0, p.analytical().get(Figure.COST_DECODE));
    }

    @Test
    void aFigureMissingFromALineIsAnError() {
        String partial = "{\"prefill_s\":0.5}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PointResult.fromJsonLine(
                HEAD + "\"simulated\":" + partial + ",\"analytical\":" + partial + "}"));
        assertTrue(e.getMessage().contains("decode_per_token_ms"), e.getMessage());
    }

    private static String json(PointResult.Figures f) {
        StringBuilder b = new StringBuilder("{");
        f.toJson().forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return b.append('}').toString();
    }
}
