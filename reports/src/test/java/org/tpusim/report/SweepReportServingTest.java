package org.tpusim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tpusim.sweep.Pareto;
import org.tpusim.sweep.PointResult;

/** The serving frontiers of a sweep of trace points in pareto.csv and pareto.html. */
class SweepReportServingTest {
    private static PointResult point(int i, int chips, double ttftP99, double tpotP99, double perChip,
                                     boolean calibrated) {
        return new PointResult(i, "s/" + i + "-rate_per_s=" + (i + 1), Map.of("workload.synthetic.arrivals.rate_per_s",
                String.valueOf(i + 1)), PointResult.OK, "", "llama", "bf16", null, null, "2x2x1", chips, null, null,
                null, null, null, null, null,
                new PointResult.Calibration(calibrated, calibrated ? List.of() : List.of("chips 4 < 8")),
                new PointResult.Serving("chunked", 16, chips / 4, 10, 1000, 2.0, perChip * chips, perChip,
                        ttftP99 / 2, ttftP99, tpotP99 / 2, tpotP99, 3L, 0.25));
    }

    // 1 dominates 2 on TTFT (lower TTFT, more throughput) but not on TPOT
    private static final List<PointResult> POINTS = List.of(point(0, 4, 100, 10, 50, false),
            point(1, 8, 200, 30, 80, true), point(2, 4, 300, 20, 70, false));

    @Test
    void csv_holdsOneRowPerServingFrontierPoint_withTheLatencyAsXAndThroughputPerChipAsY() {
        List<Pareto.Frontier> fs = Pareto.of(POINTS);
        String[] lines = SweepReport.servingCsv(fs).split("\n");
        assertEquals(SweepReport.SERVING_CSV_HEADER, lines[0]);
        // TTFT frontier: 0 (100 ms, 50), 1 (200 ms, 80); 2 (300 ms, 70) is dominated by 1. TPOT: 0 (10 ms, 50),
        // 2 (20 ms, 70), 1 (30 ms, 80): none dominates another
        List<String> rows = List.of(lines).subList(1, lines.length);
        assertEquals(List.of("serving_ttft,1,0", "serving_ttft,2,1", "serving_tpot,1,0", "serving_tpot,2,2",
                        "serving_tpot,3,1"),
                rows.stream().map(r -> String.join(",", List.of(r.split(",")).subList(1, 4))).toList());
        String[] first = rows.get(0).split(",");
        assertEquals("100.0", first[9]);       // x: TTFT p99
        assertEquals("50.0", first[10]);       // y: tokens/s per chip
        assertEquals("200.0", first[11]);      // tokens/s: 50 x 4 chips
        assertEquals("3", first[17]);
        assertEquals("0.25", first[18]);
        assertEquals("false", first[19]);
        // a batch CSV of the same frontiers has no rows
        assertEquals(1, SweepReport.csv(fs).split("\n").length);
    }

    @Test
    void html_drawsTheServingCharts_andMarksPointsOutsideTheCalibratedRegion() {
        String html = SweepReport.html("s", "s.yaml", POINTS, Pareto.of(POINTS));
        assertTrue(html.contains("serving: throughput per chip vs TTFT p99"));
        assertTrue(html.contains("serving: throughput per chip vs TPOT p99"));
        assertTrue(html.contains("4c chunked @1/s*"), "an uncalibrated point's label ends in *");
        assertTrue(html.contains("8c chunked @2/s<") || html.contains("8c chunked @2/s\""),
                "a calibrated point's label has no *");
        assertTrue(html.contains("outside the calibrated region: chips 4 &lt; 8")
                || html.contains("outside the calibrated region: chips 4 < 8"));
        assertFalse(html.contains("analytical model over the same points"), "no batch note on a serving sweep");
    }
}
