package org.tpusim.report.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Label placement, the fixed category colours and tick precision. */
class ChartLayoutTest {
    @Test
    void labelsOnACrowdedFrontierNeverOverlap() {
        // 40 points almost on top of each other along a near-vertical frontier, as on a Pareto chart
        int n = 40;
        double[] xs = new double[n];
        double[] ys = new double[n];
        List<String> texts = new ArrayList<>();
        List<double[]> markers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            xs[i] = 200 + (i % 3) * 2;
            ys[i] = 40 + i * 6;
            texts.add((1 << (i % 8)) + "c b" + (1 << (i % 11)));
            markers.add(new double[] {xs[i], ys[i]});
        }
        List<LabelPlacer.Box> boxes = LabelPlacer.place(xs, ys, texts, markers,
                new LabelPlacer.Box(0, 0, 600, 400));
        assertEquals(n, boxes.size());
        int placed = 0;
        for (int i = 0; i < n; i++) {
            if (boxes.get(i) == null) {
                continue;
            }
            placed++;
            assertTrue(boxes.get(i).inside(new LabelPlacer.Box(0, 0, 600, 400)));
            for (int j = i + 1; j < n; j++) {
                if (boxes.get(j) != null) {
                    assertFalse(boxes.get(i).overlaps(boxes.get(j)), "labels " + i + " and " + j + " overlap");
                }
            }
        }
        assertTrue(placed >= n / 2, "most labels find room: " + placed);
        // an uncrowded label goes right of its point, on its line
        List<LabelPlacer.Box> one = LabelPlacer.place(new double[] {100}, new double[] {100}, List.of("64c b4"),
                List.of(), new LabelPlacer.Box(0, 0, 600, 400));
        assertTrue(one.get(0).x() > 100 && one.get(0).y() < 100 && one.get(0).y() + one.get(0).h() > 100);
    }

    @Test
    void renderedFrontierLabelsDoNotOverlap() {
        List<LineChart.Point> a = new ArrayList<>();
        List<LineChart.Point> b = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            a.add(new LineChart.Point(4.3 + i * 0.01, Math.pow(2, 8 - i), "64c b" + (1 << i)));
            b.add(new LineChart.Point(4.25 + i * 0.01, Math.pow(2, 7.8 - i), "32c b" + (1 << i)));
        }
        String svg = new LineChart("frontier", new LineChart.AxisSpec("latency (ms)", true, Ticks::number),
                new LineChart.AxisSpec("cost", true, Ticks::number))
                .add(new LineChart.Series("bf16", a, false)).add(new LineChart.Series("int8", b, false)).render();
        Matcher m = Pattern.compile("<text x=\"([\\d.]+)\" y=\"([\\d.]+)\" text-anchor=\"start\" font-size=\"9\"[^>]*>"
                + "([^<]*)</text>").matcher(svg);
        List<LabelPlacer.Box> boxes = new ArrayList<>();
        while (m.find()) {
            double w = LabelPlacer.width(m.group(3));
            boxes.add(new LabelPlacer.Box(Double.parseDouble(m.group(1)) - 1,
                    Double.parseDouble(m.group(2)) - LabelPlacer.HEIGHT + 2.5, w, LabelPlacer.HEIGHT));
        }
        assertTrue(boxes.size() >= 12, "labels drawn: " + boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                assertFalse(boxes.get(i).overlaps(boxes.get(j)), boxes.get(i) + " / " + boxes.get(j));
            }
        }
    }

    @Test
    void everyCategoryHasItsOwnFixedColour() {
        List<String> categories = Palette.categories();
        Set<String> colours = new HashSet<>();
        for (String c : categories) {
            assertTrue(colours.add(Palette.category(c)), c + " shares its colour");
        }
        for (String c : List.of("embedding", "layernorm", "qkv projection", "attention", "output projection",
                "ffn input einsum", "activation", "ffn output einsum", "residual", "unembedding", "sampling",
                "activation communication", "weight communication", "attention all-to-all", "matmul compute",
                "weight loading", "KV loading", "vector ops", "fixed op costs", "communication exposed", "idle")) {
            assertTrue(categories.contains(c), c);
        }
        assertNotEquals(Palette.category("ffn output einsum"), Palette.category("communication exposed"));
        // stable: the same name, the same colour, in every chart (also for a name outside the map)
        assertEquals("#332288", Palette.category("ffn output einsum"));
        assertEquals(Palette.category("something new"), Palette.category("something new"));
        assertFalse(colours.contains(Palette.category("something new")), "spare colours differ from the map's");
        // a timeline and a bar chart colour a category alike
        String gantt = new GanttChart("t").add(new GanttChart.Span("core", "w_out", "ffn output einsum", 0, 1e-3))
                .render();
        String bars = new BarChart("b", List.of("time"), BarChart.Mode.ABSOLUTE, "time", Ticks::seconds).byCategory()
                .add(new BarChart.Bar("ffn output einsum", List.of(1e-3))).render();
        assertTrue(gantt.contains("fill=\"#332288\"") && bars.contains("fill=\"#332288\""));
    }

    @Test
    void ticksOfOneLinearAxisShareTheirPrecision() {
        Scale s = Scale.linear(0, 2.6, 0, 100);
        List<String> labels = new ArrayList<>();
        for (double t : s.ticks()) {
            labels.add(Ticks.tick(Ticks.plain(" ms"), s, t));
        }
        assertEquals(List.of("0.0 ms", "0.5 ms", "1.0 ms", "1.5 ms", "2.0 ms", "2.5 ms", "3.0 ms"), labels);
        Scale pct = Scale.linear(0, 1, 0, 100);
        assertEquals("20%", Ticks.tick(Ticks.percentOf(), pct, 0.2));
        assertEquals("10 ms", Ticks.seconds(0.01));
        assertEquals("1 MiB", Ticks.bytes(1 << 20));
    }
}
