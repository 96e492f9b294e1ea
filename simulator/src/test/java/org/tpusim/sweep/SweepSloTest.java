package org.tpusim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.input.InputException;

/** The slo: block of a sweep file and its rule, on hand-made points whose figures are chosen around the bounds. */
class SweepSloTest {
    private static final String RATE = SweepSlo.RATE_KEY;
    private static final SweepSlo SLO = new SweepSlo(Map.of(SweepSlo.Bound.TTFT_P99, 2000.0,
            SweepSlo.Bound.TPOT_P99, 50.0), 1);

    /** An ok trace point with the given swept values and TTFT / TPOT p99 (ms); throughput = 100 x index. */
    private static PointResult point(int index, Map<String, String> params, double ttftP99, Double tpotP99) {
        PointResult.Serving s = new PointResult.Serving("continuous", 16, 1, 10, 1000, 10, 100.0 * index,
                25.0 * index, ttftP99 / 2, ttftP99, tpotP99 == null ? null : tpotP99 / 2, tpotP99, 0L, null);
        return new PointResult(index, "s/" + index, params, PointResult.OK, "", "palm-8b", "bf16", null, null,
                "2x2x1", 4, null, null, null, null, null, null, null, null, s);
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @ParameterizedTest(name = "ttft {0} ms, tpot {1} ms: meets {2}")
    @CsvSource({"2000, 50, true",              // both exactly at the bound: equal meets
            "1999.999, 49.999, true",
            "2000.000001, 50, false",          // just above one bound
            "2000, 50.000001, false",
            "10, 60, false",                   // far below one bound, above the other
            "3000, 10, false"})
    void aPointMeetsTheSlo_whenEveryBoundedFigureIsAtMostItsBound(double ttft, double tpot, boolean meets) {
        assertEquals(meets, SLO.meets(point(0, params(RATE, "1"), ttft, tpot)));
    }

    @Test
    void aPointWithoutTpot_doesNotMeetATpotBound_butMeetsATtftOnlySlo() {
        PointResult noTpot = point(0, params(RATE, "1"), 100, null);
        assertFalse(SLO.meets(noTpot));
        assertTrue(new SweepSlo(Map.of(SweepSlo.Bound.TTFT_P99, 2000.0), 1).meets(noTpot));
    }

    @Test
    void anInfeasibleOrFailedPoint_meetsNothing() {
        Sweep.Point p = new Sweep.Point(0, "s/0", params(RATE, "1"), null);
        assertFalse(SLO.meets(PointResult.infeasible(p, "does not fit")));
        assertFalse(SLO.meets(PointResult.failed(p, "boom")));
    }

    @Test
    void perConfiguration_theHighestSweptRateWhosePointMeets_evenAboveALowerRateThatDoesNot() {
        String replicas = "workload.replicas.count";
        List<PointResult> ps = new ArrayList<>();
        // replicas 1: rate 2 meets, 4 misses TTFT (a burst), 8 meets again (non-monotone): 8 is the answer
        ps.add(point(0, params(RATE, "2", replicas, "1"), 500, 20.0));
        ps.add(point(1, params(RATE, "2", replicas, "2"), 400, 20.0));
        ps.add(point(2, params(RATE, "4", replicas, "1"), 2500, 20.0));
        ps.add(point(3, params(RATE, "4", replicas, "2"), 600, 20.0));
        // rates compared as numbers: 10 is above 8 (as text it would sort below)
        ps.add(point(4, params(RATE, "8", replicas, "1"), 1900, 49.0));
        ps.add(point(5, params(RATE, "8", replicas, "2"), 700, 20.0));
        ps.add(point(6, params(RATE, "10", replicas, "1"), 5000, 49.0));
        ps.add(point(7, params(RATE, "10", replicas, "2"), 800, 30.0));
        // given out of order (a merge or resume may): rows still follow the index order
        List<PointResult> shuffled = new ArrayList<>(ps);
        java.util.Collections.reverse(shuffled);
        List<SweepSlo.Row> rows = SLO.evaluate(shuffled);
        assertEquals(2, rows.size());
        SweepSlo.Row one = rows.get(0);
        assertEquals("count=1", one.configuration());
        assertEquals(List.of("2", "4", "8", "10"), one.rates());
        assertEquals(List.of("2", "8"), one.meeting());
        assertSame(ps.get(4), one.best());
        assertEquals("8", one.bestRate());
        SweepSlo.Row two = rows.get(1);
        assertEquals("count=2", two.configuration());
        assertEquals(List.of("2", "4", "8", "10"), two.meeting());
        assertSame(ps.get(7), two.best());
        assertEquals("10", two.bestRate());
    }

    @Test
    void aConfigurationNoRateOfWhichMeets_hasNoBest() {
        List<SweepSlo.Row> rows = SLO.evaluate(List.of(point(0, params(RATE, "1"), 2001, 10.0),
                point(1, params(RATE, "2"), 3000, 10.0)));
        assertEquals(1, rows.size());
        assertEquals("", rows.get(0).configuration());     // only the rate is swept: one configuration
        assertEquals(List.of(), rows.get(0).meeting());
        assertNull(rows.get(0).best());
        assertNull(rows.get(0).bestRate());
    }

    @Test
    void withoutASweptRate_eachPointIsItsOwnConfiguration() {
        String policy = "workload.batching.policy";
        List<SweepSlo.Row> rows = SLO.evaluate(List.of(point(0, params(policy, "continuous"), 100, 10.0),
                point(1, params(policy, "chunked"), 100, 60.0)));
        assertEquals(2, rows.size());
        assertEquals("#0 policy=continuous", rows.get(0).configuration());
        assertEquals(List.of(), rows.get(0).rates());
        assertSame(0, rows.get(0).best().index());
        assertNull(rows.get(0).bestRate());
        assertNull(rows.get(1).best());
    }

    private static final String TRACE = """
            name: serve
            system: {chip: tpu-v4, topology: 2x2x1}
            model: {preset: palm-8b, weights: bf16}
            layout: {prefill: {ffn: ws-2d, attention: head}, decode: {ffn: ws-2d, attention: head}}
            workload:
              kind: trace
              synthetic:
                requests: 4
                arrivals: {process: poisson, rate_per_s: 4}
                input_tokens: {lognormal: {median: 64, sigma: 0.5, min: 16, max: 128}}
                output_tokens: {lognormal: {median: 8, sigma: 0.5, min: 2, max: 32}}
              batching: {policy: continuous, max_batch: 8}
            sweep:
              workload.synthetic.arrivals.rate_per_s: [2, 4]
            """;

    @Test
    void theBlockIsRead_inFileOrder_andLeftOutOfTheBaseScenario() {
        Sweep s = Sweep.parse("s.yaml", Path.of(""), TRACE + "slo: {tpot_p99_ms: 50, ttft_p99_ms: 2000}\n",
                SweepTest.LOADER);
        assertEquals(List.of(SweepSlo.Bound.TPOT_P99, SweepSlo.Bound.TTFT_P99), List.copyOf(s.slo().bounds().keySet()));
        assertEquals("tpot_p99_ms <= 50, ttft_p99_ms <= 2000", s.slo().describe());
        assertEquals(15, s.slo().line());
        assertFalse(s.base().has("slo"));
        assertNull(Sweep.parse("s.yaml", Path.of(""), TRACE, SweepTest.LOADER).slo());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{ttft_p99_ms: 0}|15|slo.ttft_p99_ms|expected a latency bound in ms above 0 and at most 3600000",
            "{ttft_p99_ms: -5}|15|slo.ttft_p99_ms|expected a latency bound in ms above 0",
            "{tpot_p99_ms: 3600001}|15|slo.tpot_p99_ms|at most 3600000 (one hour), found 3600001",
            "{ttft_p99_ms: .nan}|15|slo.ttft_p99_ms|expected a number",
            "{ttft_p99: 2000}|15|slo.ttft_p99|unknown key",
            "{}|15|slo|no bound (expected at least one of ttft_p50_ms, ttft_p99_ms, tpot_p50_ms, tpot_p99_ms)",
            "[2000]|15|slo|expected a mapping of latency bounds in ms"})
    void badBlocks_areInputErrors_withLineAndKey(String block, int line, String key, String problem) {
        InputException e = assertThrows(InputException.class, () -> Sweep.parse("s.yaml", Path.of(""),
                TRACE + "slo: " + block + "\n", SweepTest.LOADER));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(key, e.keyPath(), e.getMessage());
        assertTrue(e.problem().contains(problem), e.getMessage());
    }

    @Test
    void aBatchSweep_refusesTheBlock() {
        InputException e = assertThrows(InputException.class, () -> Sweep.parse("b.yaml", Path.of(""), """
                name: tiny
                system: {chip: tpu-v4, topology: 2x2x1}
                model: {preset: palm-8b, weights: bf16}
                layout: auto
                workload: {kind: batch, batch: 4, input_tokens: 16, output_tokens: 1}
                sweep:
                  workload.batch: [1, 8]
                slo: {ttft_p99_ms: 2000}
                """, SweepTest.LOADER));
        assertEquals(8, e.line(), e.getMessage());
        assertEquals("slo", e.keyPath());
        assertTrue(e.problem().contains("bounds the latencies of serving points (workload kind trace)")
                && e.problem().contains("workload kind 'batch'"), e.getMessage());
    }
}
