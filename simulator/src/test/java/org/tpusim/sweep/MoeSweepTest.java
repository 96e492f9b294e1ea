package org.tpusim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tpusim.figure.Figure;

/** A sweep over the expert axes of an MoE model: infeasible layouts recorded with their numbers, the rest run. */
class MoeSweepTest {
    @Test
    void expertAxesSweep_recordsLayoutsThatDoNotDivide(@TempDir Path dir) {
        // Mixtral 8x7B (8 experts) on 2x2x4 = 16 chips: experts over z (4) or xy (4) divide 8, over xyz (16) not
        Sweep s = Sweep.parse("s.yaml", Path.of(""), """
                name: moe-tiny
                system: {chip: tpu-v4, topology: 2x2x4}
                model: {preset: mixtral-8x7b, weights: int8}
                layout: {decode: {ffn: ws-2d, attention: batch, experts: z}}
                workload: {kind: batch, batch: 16, input_tokens: 0, cached_tokens: 128, output_tokens: 1}
                sweep:
                  layout.decode.experts: [z, xy, xyz]
                """, SweepTest.LOADER);
        List<PointResult> ps = new SweepRun(s, SweepTest.LOADER, 1).run(dir.resolve("points.jsonl"),
                SweepRun.Shard.ALL, null);
        assertEquals(List.of("ok", "ok", "infeasible"), ps.stream().map(PointResult::status).toList());
        assertTrue(ps.get(2).reason().contains("8 experts do not split evenly over the expert axes xyz = 16 chips"),
                ps.get(2).reason());
        assertTrue(ps.get(0).decodeLayout().contains("experts z"), ps.get(0).decodeLayout());
        assertTrue(ps.get(0).simulated().get(Figure.DECODE_PER_TOKEN_MS) > 0);
    }
}
