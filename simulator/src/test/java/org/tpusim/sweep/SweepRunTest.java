package org.tpusim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tpusim.figure.Figure;

/** Runs tiny sweeps (PaLM 8B on 4 chips, one decode step) on the real engine. */
class SweepRunTest {
    // 2 batches x 2 layouts: wg-xyz cannot split batch 1 over 4 chips, so point 1 is infeasible
    static final Sweep SWEEP = SweepTest.sweep("""
            sweep:
              workload.batch: [1, 4]
              layout.decode.ffn: [ws-2d, wg-xyz]
            """);

    private static SweepRun run(int threads) {
        return new SweepRun(SWEEP, SweepTest.LOADER, threads);
    }

    @Test
    void infeasiblePoints_areRecordedWithTheReason_andTheRestRuns(@TempDir Path dir) {
        List<PointResult> ps = run(2).run(dir.resolve("points.jsonl"), SweepRun.Shard.ALL, null);
        assertEquals(List.of(0, 1, 2, 3), ps.stream().map(PointResult::index).toList());
        assertEquals(List.of("ok", "infeasible", "ok", "ok"), ps.stream().map(PointResult::status).toList());
        PointResult bad = ps.get(1);
        assertTrue(bad.reason().startsWith("workload: the decode layout wg-xyz + head cannot run palm-8b at batch 1")
                        && bad.reason().contains("does not split evenly"),
                bad.reason());
        assertTrue(ps.get(0).simulated().get(Figure.DECODE_PER_TOKEN_MS) > 0);
        assertEquals(4, ps.get(0).chips());
    }

    @Test
    void pointsFile_isInIndexOrder_andTheSameBytesWhateverTheThreads(@TempDir Path dir) throws Exception {
        run(1).run(dir.resolve("a.jsonl"), SweepRun.Shard.ALL, null);
        run(3).run(dir.resolve("b.jsonl"), SweepRun.Shard.ALL, null);
        assertEquals(Files.readString(dir.resolve("a.jsonl")), Files.readString(dir.resolve("b.jsonl")));
        assertEquals(4, Files.readAllLines(dir.resolve("a.jsonl")).size());
    }

    @Test
    void shardsMerged_equalTheUnshardedRun_byteForByte(@TempDir Path dir) throws Exception {
        run(2).run(dir.resolve("points.jsonl"), SweepRun.Shard.ALL, null);
        List<Path> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SweepRun.Shard s = new SweepRun.Shard(i, 3);
            Path f = dir.resolve(s.fileName());
            List<PointResult> part = run(1).run(f, s, null);
            assertTrue(part.stream().allMatch(p -> p.index() % 3 == s.index()));
            shards.add(f);
        }
        SweepRun.write(dir.resolve("merged.jsonl"), SweepRun.merge(SWEEP, shards));
        assertEquals(Files.readString(dir.resolve("points.jsonl")), Files.readString(dir.resolve("merged.jsonl")));
    }

    @Test
    void merge_withAShardMissing_namesTheMissingPoints(@TempDir Path dir) {
        SweepRun.Shard s = new SweepRun.Shard(0, 2);
        run(1).run(dir.resolve(s.fileName()), s, null);
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.tpusim.input.InputException.class,
                () -> SweepRun.merge(SWEEP, List.of(dir.resolve(s.fileName()))));
        assertTrue(e.getMessage().contains("points [1, 3] are in none of the shard files"), e.getMessage());
    }

    @Test
    void resume_skipsFinishedPoints_andIgnoresALineCutByAnInterruption(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("points.jsonl");
        run(2).run(f, SweepRun.Shard.ALL, null);
        List<String> lines = Files.readAllLines(f);
        // keep points 0 and 2, with point 0's figure edited so that a re-run would show; cut point 3 mid-line
        String edited = lines.get(0).replaceFirst("\"decode_per_token_ms\":[0-9.E-]+", "\"decode_per_token_ms\":42.0");
        assertFalse(edited.equals(lines.get(0)));
        Files.writeString(f, edited + "\n" + lines.get(2) + "\n" + lines.get(3).substring(0, 40));
        AtomicInteger ran = new AtomicInteger();
        List<Integer> rerun = new ArrayList<>();
        List<PointResult> ps = run(2).run(f, SweepRun.Shard.ALL, (p, done, total) -> {
            ran.incrementAndGet();
            rerun.add(p.index());
        });
        assertEquals(2, ran.get());   // points 1 and 3 only
        assertEquals(List.of(1, 3), rerun.stream().sorted().toList());
        assertEquals(42.0, ps.get(0).simulated().get(Figure.DECODE_PER_TOKEN_MS));
        List<String> after = Files.readAllLines(f);
        assertEquals(List.of(edited, lines.get(1), lines.get(2), lines.get(3)), after);
        // a complete file: nothing runs again
        ran.set(0);
        run(2).run(f, SweepRun.Shard.ALL, (p, done, total) -> ran.incrementAndGet());
        assertEquals(0, ran.get());
    }

    @Test
    void pointsFileOfAnotherSweep_isRejected(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("points.jsonl");
        run(1).run(f, SweepRun.Shard.ALL, null);
        Sweep other = SweepTest.sweep("sweep:\n  workload.batch: [2, 4]\n");
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.tpusim.input.InputException.class,
                () -> new SweepRun(other, SweepTest.LOADER, 1).run(f, SweepRun.Shard.ALL, null));
        assertTrue(e.getMessage().contains("is not a point of sweep"), e.getMessage());
    }

    @Test
    void shard_parsesAndPartitions() {
        SweepRun.Shard s = SweepRun.Shard.parse("1/3");
        assertTrue(s.contains(4));
        assertFalse(s.contains(3));
        assertEquals("points.shard-1-of-3.jsonl", s.fileName());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SweepRun.Shard.parse("3/3"));
    }

    @Test
    void w8a8AndFp8KvPoints_carryTheirDtypes_andBf16PointsLeaveTheKeysOut(@TempDir Path dir) throws Exception {
        Sweep sweep = Sweep.parse("s.yaml", Path.of(""), """
                name: dtypes
                system: {chip: tpu-v4, topology: 2x2x1}
                model: {preset: palm-8b, weights: int8}
                layout: auto
                workload: {kind: batch, batch: 4, input_tokens: 0, cached_tokens: 128, output_tokens: 1}
                sweep:
                  model.activations: [bf16, int8]
                  model.kv_cache_dtype: [bf16, int8]
                """, SweepTest.LOADER);
        List<PointResult> ps = new SweepRun(sweep, SweepTest.LOADER, 2).run(dir.resolve("p.jsonl"),
                SweepRun.Shard.ALL, null);
        assertEquals(java.util.Arrays.asList(null, null, "int8", "int8"),
                ps.stream().map(PointResult::activations).toList());
        assertEquals(java.util.Arrays.asList(null, "int8", null, "int8"),
                ps.stream().map(PointResult::kvCacheDtype).toList());
        List<String> lines = Files.readAllLines(dir.resolve("p.jsonl"));
        assertFalse(lines.get(0).contains("\"activations\":") || lines.get(0).contains("\"kv_cache_dtype\":"),
                lines.get(0));
        assertTrue(lines.get(3).contains("\"weights\":\"int8\",\"activations\":\"int8\",\"kv_cache_dtype\":\"int8\""),
                lines.get(3));
        // weight-only int8 and w8a8 are two frontier groups
        assertEquals(List.of("palm-8b int8", "palm-8b int8 a-int8"),
                Pareto.of(ps).stream().map(Pareto.Frontier::group).distinct().toList());
    }
}
