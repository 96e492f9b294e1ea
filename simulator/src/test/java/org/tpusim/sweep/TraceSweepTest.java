package org.tpusim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tpusim.result.TraceResult;
import org.tpusim.run.ScenarioRunner;

/** Sweeps of trace workloads (serving): their points' figures, frontiers, determinism and shards. */
class TraceSweepTest {
    // PaLM 8B on one 2x2x1 slice or two behind a router, 24 short requests: policy x replicas, 4 points
    static final Sweep SWEEP = Sweep.parse("serve.yaml", Path.of(""), """
            name: serve
            seed: 3
            system: {chip: tpu-v4, topology: 2x2x1}
            model: {preset: palm-8b, weights: bf16}
            layout: {prefill: {ffn: ws-2d, attention: head}, decode: {ffn: ws-2d, attention: head}}
            workload:
              kind: trace
              synthetic:
                requests: 24
                arrivals: {process: poisson, rate_per_s: 40}
                input_tokens: {lognormal: {median: 128, sigma: 0.5, min: 16, max: 512}}
                output_tokens: {lognormal: {median: 32, sigma: 0.5, min: 4, max: 128}}
              batching: {policy: continuous, max_batch: 16}
              kv_cache: {block_tokens: 16, preemption: recompute}
              replicas: {count: 1, router: round-robin}
            sweep:
              workload.batching:
                - {policy: continuous, max_batch: 16}
                - {policy: chunked, max_batch: 16, token_budget: 128}
              workload.replicas.count: [1, 2]
            """, SweepTest.LOADER);

    private static SweepRun run(int threads) {
        return new SweepRun(SWEEP, SweepTest.LOADER, threads);
    }

    @Test
    void aTracePointsThroughput_isItsCompletedOutputTokensOverTheMakespanOfItsRequests(@TempDir Path dir) {
        List<PointResult> ps = run(2).run(dir.resolve("points.jsonl"), SweepRun.Shard.ALL, null);
        assertEquals(4, ps.size());
        for (PointResult p : ps) {
            assertTrue(p.ok(), p.label() + ": " + p.reason());
            assertTrue(p.trace());
            assertNull(p.simulated());
            // the same point run on its own: the figures from its request rows, not from its summary
            TraceResult t = (TraceResult) new ScenarioRunner().run(SWEEP.point(p.index()).load(SweepTest.LOADER,
                    Path.of(""))).result();
            long tokens = 0;
            double first = Double.POSITIVE_INFINITY;
            double last = 0;
            for (TraceResult.RequestRow r : t.requests()) {
                tokens += r.outputTokens();
                first = Math.min(first, r.arrivalS());
                last = Math.max(last, r.completionS());
            }
            int replicas = Integer.parseInt(p.params().get("workload.replicas.count"));
            PointResult.Serving v = p.serving();
            assertEquals(24, v.requests());
            assertEquals(tokens, v.outputTokens());
            assertEquals(replicas, v.replicas());
            assertEquals(4 * replicas, p.chips());
            assertEquals(tokens / (last - first), v.throughputTokensPerS(), 1e-9 * v.throughputTokensPerS());
            assertEquals(tokens / (last - first) / (4 * replicas), v.throughputPerChip(),
                    1e-9 * v.throughputPerChip());
            assertTrue(v.ttftP50Ms() > 0 && v.ttftP50Ms() <= v.ttftP99Ms());
            assertTrue(v.tpotP50Ms() > 0 && v.tpotP50Ms() <= v.tpotP99Ms());
            assertEquals(t.serving().pagedKv().preemptions(), v.preemptions());
            assertNull(v.prefixHitRate());      // no prefix cache
            assertFalse(p.calibration().inside());   // 4 chips per slice: below the calibrated region
        }
        assertEquals(List.of("continuous", "continuous", "chunked", "chunked"),
                ps.stream().map(p -> p.serving().policy()).toList());
    }

    @Test
    void aPointWithDisaggregatedPools_countsTheChipsOfBothPools(@TempDir Path dir) throws Exception {
        Sweep pools = Sweep.parse("pools.yaml", Path.of(""), """
                name: pools
                seed: 3
                system: {chip: tpu-v4, topology: 2x2x1}
                model: {preset: palm-8b, weights: bf16}
                layout: {prefill: {ffn: ws-2d, attention: head}, decode: {ffn: ws-2d, attention: head}}
                workload:
                  kind: trace
                  synthetic:
                    requests: 24
                    arrivals: {process: poisson, rate_per_s: 40}
                    input_tokens: {lognormal: {median: 128, sigma: 0.5, min: 16, max: 512}}
                    output_tokens: {lognormal: {median: 32, sigma: 0.5, min: 4, max: 128}}
                  batching: {policy: continuous, max_batch: 16}
                  pools:
                    prefill: {topology: 2x2x1, layout: {prefill: {ffn: ws-2d, attention: head}}}
                    decode: {topology: 2x2x1, layout: {decode: {ffn: ws-2d, attention: batch}}}
                    kv_transfer: {network: ici}
                sweep:
                  workload.pools.decode.topology: [2x2x1, 2x2x2]
                """, SweepTest.LOADER);
        List<PointResult> ps = new SweepRun(pools, SweepTest.LOADER, 2).run(dir.resolve("p.jsonl"),
                SweepRun.Shard.ALL, null);
        assertEquals(List.of(4 + 4, 4 + 8), ps.stream().map(PointResult::chips).toList());
        assertEquals(List.of("2x2x1+2x2x1", "2x2x1+2x2x2"), ps.stream().map(PointResult::topology).toList());
        for (PointResult p : ps) {
            PointResult.Serving v = p.serving();
            assertEquals(v.outputTokens() / v.makespanS(), v.throughputTokensPerS(), 1e-9 * v.throughputTokensPerS());
            assertEquals(v.throughputTokensPerS() / p.chips(), v.throughputPerChip(), 1e-9 * v.throughputPerChip());
        }
    }

    @Test
    void pointsFile_isTheSameBytesTwice_andShardsMergedEqualTheUnshardedRun(@TempDir Path dir) throws Exception {
        run(2).run(dir.resolve("points.jsonl"), SweepRun.Shard.ALL, null);
        run(1).run(dir.resolve("again.jsonl"), SweepRun.Shard.ALL, null);
        assertEquals(Files.readString(dir.resolve("points.jsonl")), Files.readString(dir.resolve("again.jsonl")));
        List<Path> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SweepRun.Shard s = new SweepRun.Shard(i, 3);
            Path f = dir.resolve(s.fileName());
            run(1).run(f, s, null);
            shards.add(f);
        }
        SweepRun.write(dir.resolve("merged.jsonl"), SweepRun.merge(SWEEP, shards));
        assertEquals(Files.readString(dir.resolve("points.jsonl")), Files.readString(dir.resolve("merged.jsonl")));
        // and a line read back is the same point
        String line = Files.readAllLines(dir.resolve("points.jsonl")).get(3);
        assertEquals(line, PointResult.fromJsonLine(line).toJsonLine());
    }

    @Test
    void servingFrontiers_keepExactlyTheNonDominatedPoints_ofAHandMadeSet() {
        // (TTFT p99 ms, TPOT p99 ms, throughput per chip): lower latency and higher throughput are better
        double[][] v = {
            {100, 10, 50},   // 0: lowest TTFT
            {200, 12, 80},   // 1: more throughput for more TTFT
            {150, 30, 40},   // 2: dominated by 0 on TTFT (100 <= 150, 50 >= 40); worst TPOT
            {400, 20, 120},  // 3: highest throughput
            {400, 8, 120},   // 4: ties 3 on TTFT and throughput, so on the TTFT frontier only the first (3) stays;
                             //    on TPOT it dominates 0, 1 and 3 (8 ms, 120 per chip)
            {300, 25, 70},   // 5: dominated by 1 (200 <= 300, 80 >= 70)
        };
        List<PointResult> ps = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            ps.add(servingPoint(i, "int8", null, v[i][0], v[i][1], v[i][2]));
        }
        List<Pareto.Frontier> fs = Pareto.of(ps);
        assertEquals(2, fs.size());
        assertEquals(Pareto.Kind.SERVING_TTFT, fs.get(0).kind());
        assertEquals(List.of(0, 1, 3), indexes(fs.get(0)));
        assertEquals(Pareto.Kind.SERVING_TPOT, fs.get(1).kind());
        assertEquals(List.of(4), indexes(fs.get(1)));
        // against the definition: a point is kept iff no other point is at least as good on both axes and better
        // on one (of exact ties, the first)
        for (Pareto.Frontier f : fs) {
            Set<Integer> expected = new TreeSet<>();
            for (int i = 0; i < v.length; i++) {
                boolean dominated = false;
                for (int j = 0; j < v.length; j++) {
                    double xi = f.kind().x(ps.get(i));
                    double xj = f.kind().x(ps.get(j));
                    double yi = f.kind().y(ps.get(i));
                    double yj = f.kind().y(ps.get(j));
                    boolean atLeast = xj <= xi && yj >= yi;
                    boolean better = xj < xi || yj > yi;
                    dominated |= j != i && atLeast && (better || j < i);
                }
                if (!dominated) {
                    expected.add(i);
                }
            }
            assertEquals(expected, new TreeSet<>(indexes(f)), f.kind().name());
        }
    }

    @Test
    void frontiers_groupW8a8ApartFromWeightOnlyInt8_andBatchApartFromServingKinds() {
        List<PointResult> ps = List.of(servingPoint(0, "int8", null, 100, 10, 50),
                servingPoint(1, "int8", "int8", 200, 20, 40));
        List<Pareto.Frontier> fs = Pareto.of(ps);
        assertEquals(List.of("m int8", "m int8", "m int8 a-int8", "m int8 a-int8"),
                fs.stream().map(Pareto.Frontier::group).toList());
        // point 1 alone in its group: on its frontiers although point 0 dominates it
        assertEquals(List.of(1), indexes(fs.get(2)));
        assertTrue(fs.stream().allMatch(f -> f.kind().serving()));
    }

    @Test
    void servingPointWithoutTpot_isLeftOffTheTpotFrontierOnly() {
        PointResult p = new PointResult(0, "t/0", Map.of(), PointResult.OK, "", "m", "bf16", null, null, "2x2x1", 4,
                null, null, null, null, null, null, null, null,
                new PointResult.Serving("continuous", 8, 1, 3, 3, 1.0, 3, 0.75, 10, 20, null, null, null, null));
        List<Pareto.Frontier> fs = Pareto.of(List.of(p));
        assertEquals(List.of(Pareto.Kind.SERVING_TTFT), fs.stream().map(Pareto.Frontier::kind).toList());
    }

    static PointResult servingPoint(int i, String weights, String activations, double ttftP99, double tpotP99,
                                    double perChip) {
        return new PointResult(i, "t/" + i, Map.of(), PointResult.OK, "", "m", weights, activations, null, "2x2x1", 4,
                null, null, null, null, null, null, null, null,
                new PointResult.Serving("continuous", 8, 1, 10, 100, 1.0, perChip * 4, perChip, ttftP99 / 2, ttftP99,
                        tpotP99 / 2, tpotP99, 0L, null));
    }

    private static List<Integer> indexes(Pareto.Frontier f) {
        return f.frontier().stream().map(PointResult::index).toList();
    }
}
