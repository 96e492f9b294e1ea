package org.tpusim.report.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scales, tick labels and the SVG the charts write: structure, labels, escaping. */
class ChartTest {
    private static final String EVIL = "<script>alert(1)</script>";

    @ParameterizedTest(name = "[{0}, {1}] -> {2}")
    @CsvSource(delimiter = ';', value = {
            "0; 1; 0.0,0.2,0.4,0.6,0.8,1.0",
            "0; 85.2; 0.0,20.0,40.0,60.0,80.0,100.0",
            "0; 0.0073; 0.0,0.001,0.002,0.003,0.004,0.005,0.006,0.007,0.008",
            "3; 3; 2.7,2.8,2.9,3.0,3.1,3.2,3.3"})
    void linearTicksAreRoundNumbersCoveringTheDomain(double min, double max, String expected) {
        List<Double> ticks = Scale.linear(min, max, 0, 100).ticks();
        String[] want = expected.split(",");
        assertEquals(want.length, ticks.size(), ticks::toString);
        for (int i = 0; i < want.length; i++) {
            assertEquals(Double.parseDouble(want[i]), ticks.get(i), 1e-12);
        }
    }

    @Test
    void logScalesSpanWholeDecadesAndMapThemEvenly() {
        Scale s = Scale.log(4096, 1.07e9, 0, 600);
        // 4096 B lies in [10^3, 10^4]; 1 GiB in [10^9, 10^10]: 7 decades over 600 px
        assertEquals(List.of(1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10), s.ticks());
        assertEquals(0, s.px(1e3), 1e-9);
        assertEquals(600.0 / 7, s.px(1e4), 1e-9);
        assertEquals(600, s.px(1e10), 1e-9);
        // 20 decades: every 3rd is labelled
        assertEquals(7, Scale.log(1e-12, 1e8, 0, 1).ticks().size());
    }

    @Test
    void byteScalesTickAtPowersOfTwo() {
        // 4 KiB = 2^12 .. 1 GiB = 2^30: 18 doublings, a tick every 3rd: 2^12, 2^15, ..., 2^30
        List<Double> ticks = Scale.logBinary(4096, 1 << 30, 0, 1).ticks();
        assertEquals(7, ticks.size());
        assertEquals(4096, ticks.get(0));
        assertEquals(32768, ticks.get(1));
        assertEquals(1 << 30, ticks.get(6));
        assertEquals(List.of("4 KiB", "32 KiB", "256 KiB", "2 MiB", "16 MiB", "128 MiB", "1 GiB"),
                ticks.stream().map(Ticks::bytes).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"2e-6; 2 \u00b5s", "0.0853; 85.3 ms", "85.2; 85.2 s", "3e-9; 3 ns", "0; 0 s"})
    void secondsAreWrittenInTheUnitThatSuitsThem(double s, String text) {
        assertEquals(text, Ticks.seconds(s));
    }

    @Test
    void bytesAndBandwidthUseBinaryAndDecimalUnits() {
        assertEquals("4 KiB", Ticks.bytes(4096));
        assertEquals("1 GiB", Ticks.bytes(1L << 30));
        assertEquals("270 GB/s", Ticks.bandwidth(270e9));
        assertEquals("25%", Ticks.percent(0.25));
    }

    @Test
    void aLogLogChartHasLabelledAxesALegendAndDropsWhatItCannotShow() {
        String svg = new LineChart("time vs size",
                new LineChart.AxisSpec("bytes per chip (B)", true, Ticks::bytes),
                new LineChart.AxisSpec("time (s)", true, Ticks::seconds))
                .add(new LineChart.Series("simulated", List.of(new LineChart.Point(4096, 1e-5),
                        new LineChart.Point(1 << 20, 1e-4), new LineChart.Point(0, 1)), false))
                .add(new LineChart.Series("paper form", List.of(new LineChart.Point(4096, 1e-8),
                        new LineChart.Point(1 << 20, 4e-6)), true))
                .render();
        assertTrue(svg.startsWith("<svg") && svg.endsWith("</svg>"));
        assertTrue(svg.contains(">bytes per chip (B)</text>") && svg.contains(">time (s)</text>"));
        assertTrue(svg.contains(">1 MiB</text>") || svg.contains(">976.6 KiB</text>"), "byte ticks");
        assertTrue(svg.contains(">10 \u00b5s</text>"), "time ticks with units");
        assertEquals(2, count(svg, "<polyline"));
        assertEquals(4, count(svg, "<circle"), "the point at x = 0 cannot sit on a log axis");
        assertTrue(svg.contains("stroke-dasharray=\"6 4\""), "the analytical series is dashed");
        assertTrue(svg.contains(">paper form</text>"), "legend");
    }

    @Test
    void everyChartEscapesItsText() {
        String line = new LineChart(EVIL, new LineChart.AxisSpec(EVIL, false, Ticks::number),
                new LineChart.AxisSpec(EVIL, false, Ticks::number))
                .add(new LineChart.Series(EVIL, List.of(new LineChart.Point(1, 2)), false)).render();
        String bars = new BarChart(EVIL, List.of(EVIL, "b"), BarChart.Mode.SHARE, EVIL, Ticks::seconds)
                .add(new BarChart.Bar(EVIL, List.of(1.0, 2.0))).render();
        String gantt = new GanttChart(EVIL).add(new GanttChart.Span(EVIL, EVIL, EVIL, 0, 1e-3)).render();
        String heat = new Heatmap(EVIL, EVIL, EVIL, List.of(List.of(0.5, -1.0)), 1).render();
        for (String svg : List.of(line, bars, gantt, heat)) {
            assertFalse(svg.contains("<script"), svg);
            assertTrue(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        }
    }

    @Test
    void stackedBarsShowEachSegmentAsAShareOfItsBar() {
        // prefill: 3 s compute + 1 s idle -> 75% / 25% of the plot width between the axis ends
        String svg = new BarChart("where the time goes", List.of("compute", "idle"), BarChart.Mode.SHARE,
                "share of the phase (%)", Ticks::seconds).width(500)
                .add(new BarChart.Bar("prefill", List.of(3.0, 1.0))).render();
        List<Double> widths = rectWidths(svg);
        assertEquals(2, widths.size());
        assertEquals(3.0, widths.get(0) / widths.get(1), 0.05);
        assertTrue(svg.contains(">4 s</text>"), "the bar's total at its end");
        assertTrue(svg.contains("compute: 3 s (75.0%)"), svg);
        assertThrows(IllegalArgumentException.class, () -> new BarChart("t", List.of("a"), BarChart.Mode.SHARE,
                "v", Ticks::seconds).add(new BarChart.Bar("x", List.of(1.0, 2.0))));
    }

    @Test
    void overlappingSpansOfALaneAreStackedNotHidden() {
        String svg = new GanttChart("layer").add(new GanttChart.Span("collectives", "a", "comm", 0, 2e-3))
                .add(new GanttChart.Span("collectives", "b", "comm", 1e-3, 3e-3))
                .add(new GanttChart.Span("core", "c", "ffn", 0, 3e-3)).render();
        List<Double> ys = rectYs(svg);
        assertEquals(3, ys.size());
        assertEquals(3, ys.stream().distinct().count(), "a and b overlap in time, so they get their own rows");
        assertTrue(svg.contains("time from the start of the layer (ms)"));
    }

    @Test
    void heatmapColoursRunFromWhiteToDarkBlue() {
        assertEquals("#ffffff", Heatmap.colour(0));
        assertEquals("#08306b", Heatmap.colour(1));
        assertEquals("#08306b", Heatmap.colour(7), "clamped");
        String svg = new Heatmap("+x links", "x", "y", List.of(List.of(0.0, 1.0), List.of(-1.0, 0.5)), 1).render();
        assertEquals(4, count(svg, "<rect"));
        assertTrue(svg.contains("no link") && svg.contains("x=1, y=0: 100% busy"));
        // light loads get a scale that shows them: 6.5% busiest -> scale up to 10%
        assertEquals(0.1, Heatmap.scaleFor(0.065), 1e-12);
        assertEquals(1, Heatmap.scaleFor(0.7));
        String light = new Heatmap("+x", "x", "y", List.of(List.of(0.1)), 0.1).render();
        assertTrue(light.contains("fill=\"#08306b\""), "10% on a 10% scale is the darkest colour");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static List<Double> rectWidths(String svg) {
        // data rectangles carry a tooltip; legend swatches do not
        return numbers(svg, "<rect x=\"[^\"]+\" y=\"[^\"]+\" width=\"([^\"]+)\"[^>]*><title>");
    }

    private static List<Double> rectYs(String svg) {
        return numbers(svg, "<rect x=\"[^\"]+\" y=\"([^\"]+)\"[^>]*><title>");
    }

    private static List<Double> numbers(String svg, String regex) {
        Matcher m = Pattern.compile(regex).matcher(svg);
        java.util.ArrayList<Double> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }
}
