package org.tpusim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tpusim.report.chart.Scale;
import org.tpusim.result.TraceResult;
import org.tpusim.run.ScenarioRunner;
import org.tpusim.scenario.ScenarioLoader;

/** The trace section's ITL histogram bins and its CDF axes. */
class TraceChartsTest {
    private static TraceResult.HistogramBin bin(double lo, double hi, long n) {
        return new TraceResult.HistogramBin(lo, hi, n);
    }

    @Test
    void histogramShowsTheNonEmptyRangeWithTrueEdgesAndAnOpenLastBin() {
        List<TraceResult.HistogramBin> all = List.of(bin(0, 10, 0), bin(10, 20, 4), bin(20, 50, 0), bin(50, 5000, 2),
                bin(5000, 5000, 0));
        List<TraceResult.HistogramBin> shown = TraceSection.shownBins(all);
        assertEquals(all.subList(1, 4), shown, "empty bins before the first and after the last gap are left out");
        assertEquals("[10, 20) ms", TraceSection.binLabel(shown.get(0), all));
        assertEquals("[50, 5000) ms", TraceSection.binLabel(shown.get(2), all));
        // the overflow bin (upper = lower when no gap exceeds it) reads as open, never "5000 -> 5000"
        List<TraceResult.HistogramBin> over = List.of(bin(0, 5000, 1), bin(5000, 7300, 3));
        assertEquals("\u2265 5000 ms", TraceSection.binLabel(over.get(1), over));
        assertEquals(List.of(), TraceSection.shownBins(List.of(bin(0, 1, 0))));
    }

    @Test
    void cdfAxesFitTheData() {
        // a narrow spread: linear, and the axis spans little more than the data
        double[] narrow = {81.2, 82.0, 84.5, 86.9};
        assertFalse(TraceSection.cdfLog(narrow));
        Scale s = Scale.linear(narrow[0], narrow[3], 0, 400);
        assertTrue(s.min() <= narrow[0] && s.max() >= narrow[3]);
        assertTrue(s.max() - s.min() <= 2 * (narrow[3] - narrow[0]), s.min() + " .. " + s.max());
        // a single value sits in the middle of its axis, not against it
        Scale one = Scale.linear(84.5, 84.5, 0, 400);
        assertEquals(200, one.px(84.5), 40);
        // a spread over more than a factor of 20: log
        assertTrue(TraceSection.cdfLog(new double[] {30, 90, 4000}));
        assertFalse(TraceSection.cdfLog(new double[] {0, 90, 4000}), "zero cannot sit on a log axis");
    }

    @Test
    void aTraceReportNamesLayoutsAndOverlapAndSkipsAnEmptyQueueChart() {
        // the bundled sample trace: nothing waits at the end of any window
        String html = HtmlReport.render(new ScenarioRunner().run(ScenarioLoader.withBundledCatalog()
                .load(Path.of("..", "scenarios", "traces", "sample-chat-continuous.yaml"))));
        assertTrue(html.contains("Layouts: prefill ffn"), "layouts named");
        assertTrue(html.contains("Overlap collective-einsum"), "overlap named");
        assertTrue(html.contains("the queue chart is left out"));
        assertFalse(html.contains("Requests waiting at the end of each window"));
        assertTrue(html.contains("Inter-token gaps per latency bin"));
        assertFalse(html.contains("<th>from (ms)</th>"));
    }
}
