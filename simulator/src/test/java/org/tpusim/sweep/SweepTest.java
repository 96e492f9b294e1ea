package org.tpusim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tpusim.input.InputException;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.scenario.Workload;

class SweepTest {
    static final ScenarioLoader LOADER = ScenarioLoader.withBundledCatalog();

    static final String BASE = """
            name: tiny
            system: {chip: tpu-v4, topology: 2x2x1}
            model: {preset: palm-8b, weights: bf16}
            layout: auto
            workload: {kind: batch, batch: 4, input_tokens: 0, cached_tokens: 128, output_tokens: 1}
            """;

    static Sweep sweep(String block) {
        return Sweep.parse("s.yaml", Path.of(""), BASE + block, LOADER);
    }

    @Test
    void expansion_isTheCartesianProductFirstKeySlowest() {
        Sweep s = sweep("""
                sweep:
                  system.topology: [2x2x1, 2x2x2]
                  workload.batch: [1, 4, 16]
                """);
        assertEquals(6, s.size());
        List<String> labels = s.points().stream().map(Sweep.Point::label).toList();
        assertEquals(List.of("tiny/0-topology=2x2x1,batch=1", "tiny/1-topology=2x2x1,batch=4",
                "tiny/2-topology=2x2x1,batch=16", "tiny/3-topology=2x2x2,batch=1", "tiny/4-topology=2x2x2,batch=4",
                "tiny/5-topology=2x2x2,batch=16"), labels);
        Scenario p4 = s.point(4).load(LOADER, Path.of(""));
        assertEquals(8, p4.system().slice().chipCount());
        assertEquals(4, ((Workload.Batch) p4.workload()).batch());
        assertEquals("2x2x2", s.point(4).params().get("system.topology"));
    }

    @Test
    void aSweepOfMoreThanMaxPointsIsRefusedBeforeAnyPointIsExpanded() {
        // 10^4 x 10^4 x 10 = 10^9 points: refused at once, naming the key whose values cross the limit
        long start = System.nanoTime();
        InputException e = assertThrows(InputException.class, () -> sweep("""
                sweep:
                  workload.cached_tokens: {from: 1, to: 10000, step: 1}
                  workload.input_tokens: {from: 1, to: 10000, step: 1}
                  workload.batch: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
                """));
        assertTrue(e.getMessage().startsWith("s.yaml:8: sweep.workload.input_tokens: the sweep has more than "
                + Sweep.MAX_POINTS + " points"), e.getMessage());
        assertTrue(System.nanoTime() - start < 30e9, "refused without loading the points");
    }

    @Test
    void expansion_isDeterministic() {
        String block = "sweep:\n  workload.batch: [1, 2]\n  model.weights: [bf16, int8]\n";
        assertEquals(sweep(block).points(), sweep(block).points());
    }

    @Test
    void ranges_geometricAndArithmetic_includeTheEnd() {
        Sweep s = sweep("""
                sweep:
                  workload.batch: {from: 1, to: 64, factor: 4}
                  workload.cached_tokens: {from: 0, to: 2048, step: 1024}
                """);
        // 1, 4, 16, 64 x 0, 1024, 2048
        assertEquals(List.of("1", "4", "16", "64"), s.axes().get(0).values());
        assertEquals(List.of("0", "1024", "2048"), s.axes().get(1).values());
        assertEquals(12, s.size());
    }

    @Test
    void structuredValues_setANestedMapping() {
        Sweep s = sweep("sweep:\n  layout.decode: [{ffn: ws-2d, attention: head}, {ffn: ws-1d, attention: head}]\n");
        Workload.Batch w = (Workload.Batch) s.point(1).load(LOADER, Path.of("")).workload();
        assertEquals("ws-1d + head", w.decodeLayout().toString());
        assertEquals("tiny/1-decode={ffn: ws-1d, attention: head}", s.point(1).label());
    }

    @Test
    void keyPathUnderAScalar_replacesItByAMapping() {
        // layout: auto becomes {decode: {ffn: ws-1d}}; the other keys stay auto
        Sweep s = sweep("sweep:\n  layout.decode.ffn: [ws-1d]\n");
        Workload.Batch w = (Workload.Batch) s.point(0).load(LOADER, Path.of("")).workload();
        assertEquals("ws-1d", w.decodeLayout().ffn().key());
    }

    @Test
    void unknownKeyPath_isAnInputErrorAtTheSweepLine() {
        InputException e = assertThrows(InputException.class, () -> sweep("sweep:\n  workload.batchh: [1, 2]\n"));
        // BASE has 5 lines: sweep: is line 6, the key line 7
        assertTrue(e.getMessage().startsWith("s.yaml:7: sweep.workload.batchh: unknown key path"), e.getMessage());
    }

    @Test
    void emptyList_isAnInputError() {
        InputException e = assertThrows(InputException.class, () -> sweep("sweep:\n  workload.batch: []\n"));
        assertTrue(e.getMessage().startsWith("s.yaml:7: sweep.workload.batch: empty list"), e.getMessage());
    }

    @Test
    void badRange_isAnInputError() {
        InputException e = assertThrows(InputException.class,
                () -> sweep("sweep:\n  workload.batch: {from: 1, to: 8, factor: 1}\n"));
        assertTrue(e.getMessage().contains("sweep.workload.batch.factor: expected factor > 1"), e.getMessage());
    }

    @Test
    void missingSweepBlock_isAnInputError() {
        InputException e = assertThrows(InputException.class, () -> sweep(""));
        assertTrue(e.getMessage().contains("sweep: missing required key"), e.getMessage());
    }
}
