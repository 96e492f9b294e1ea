package org.tpusim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.tpusim.collective.CollectiveAlgorithm;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.collective.MultiAxis;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.FfnLayout;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;
import org.tpusim.result.BatchResult;
import org.tpusim.result.CollectiveResult;
import org.tpusim.result.LinkLoad;
import org.tpusim.result.LinkPlane;
import org.tpusim.result.RunInfo;
import org.tpusim.result.RunResult;
import org.tpusim.result.ScenarioEcho;
import org.tpusim.scenario.ChipCatalog;
import org.tpusim.scenario.ModelCatalog;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.Workload;
import org.tpusim.topology.MeshAxes;
import org.tpusim.topology.Slice;
import org.tpusim.topology.SliceShape;

/**
 * Reports of every workload kind rendered from hand-built result records (no engine): the sections and charts
 * each shows, every chart well-formed SVG, and no text from a scenario or a result unescaped.
 */
class ReportKindsTest {
    static final String EVIL = "<script>alert('x')</script>";

    private static Scenario scenario(String name, java.util.Optional<ModelConfig> model, Workload w) {
        return new Scenario("x.yaml", name, EVIL, 7,
                new Scenario.SystemConfig(ChipCatalog.bundled().find("tpu-v4").orElseThrow(),
                        Slice.of(SliceShape.of(4, 4, 4))),
                new Scenario.SimulationSettings(4096, false), model, Scenario.Execution.DEFAULT, w,
                java.util.Optional.empty());
    }

    static RunResult collective(String name, long bytes, double timeS) {
        Scenario s = scenario(name, java.util.Optional.empty(), new Workload.Collective(CollectiveKind.ALL_GATHER,
                MeshAxes.parse("xyz"), bytes, CollectiveAlgorithm.BIDIRECTIONAL_RING, MultiAxis.CONCURRENT));
        double paper = bytes / 270e9 * 63 / 64;
        CollectiveResult c = new CollectiveResult(new CollectiveResult.Simulated(timeS, bytes / timeS,
                bytes / timeS * 63 / 64), new CollectiveResult.Analytical(paper, 270e9, EVIL, paper + 1e-5, EVIL),
                timeS / paper, timeS / (paper + 1e-5), "all-gather", "xyz", 64, 1, "bidirectional-ring", "concurrent",
                bytes, List.of(new CollectiveResult.PhaseInfo(0, "x", "all-gather", 4, true, 3, bytes / 64, bytes / 128)),
                List.of(new CollectiveResult.AxisLoad("x", 128, bytes, 0.5, 0.75)),
                List.of(new LinkLoad(EVIL, "x", bytes, timeS / 2, 0.5)),
                List.of(new LinkPlane("x", "+", "y", "z=0", List.of(List.of(0.25, 0.5), List.of(0.75, -1.0)))));
        return new RunResult("test", ScenarioEcho.of(s), c, new RunInfo(1000, timeS, 0.5));
    }

    static RunResult batch(String name) {
        ModelConfig model = new ModelConfig(ModelCatalog.bundled().model("palm-540b"), DType.BF16, DType.BF16);
        PhaseLayout layout = new PhaseLayout(FfnLayout.WS_2D, AttentionLayout.BATCH);
        Scenario s = scenario(name, java.util.Optional.of(model), new Workload.Batch(64, 128, 0, 4, layout, layout));
        BatchResult.Figures sim = new BatchResult.Figures(0.2, 0.1, 25, 0.3, new BatchResult.Mfu(0.5, 0.1, 0.4),
                new BatchResult.Cost(1, 2));
        BatchResult.Figures ana = new BatchResult.Figures(0.15, 0.08, 20, 0.23, new BatchResult.Mfu(0.6, 0.12, 0.5),
                new BatchResult.Cost(0.8, 1.6));
        BatchResult b = new BatchResult(sim, ana, 0.3 / 0.23,
                List.of(new BatchResult.AnalyticalForms("prefill", 0.1, 0.05, 0.01, 0.02, 0.1, 0.12, 0.18)),
                new BatchResult.Layouts("ws-2d", "batch", "ws-2d", "batch"), "collective-einsum", "fast",
                new BatchResult.Memory(16e9, 2e9, 1e6, 32e9),
                List.of(new BatchResult.PhaseBreakdown("prefill", 0.2, 0.12, 0.01, 0.01, 0.02, 0.01, 0.02, 0.03, 0.01),
                        new BatchResult.PhaseBreakdown("decode", 0.1, 0.02, 0.04, 0.01, 0.01, 0.01, 0.01, 0.0, 0.0)),
                List.of(new BatchResult.CategoryTime("prefill", EVIL, 0.1),
                        new BatchResult.CategoryTime("prefill", "ffn output einsum", 0.05),
                        new BatchResult.CategoryTime("decode", "attention", 0.03)),
                List.of(new CollectiveResult.AxisLoad("x", 128, 1 << 30, 0.06, 0.07)),
                List.of(new BatchResult.TimelineSpan("prefill", "core", EVIL, EVIL, 0, 1e-3),
                        new BatchResult.TimelineSpan("prefill", "collectives", "all-gather x", "activation communication",
                                5e-4, 1.5e-3),
                        new BatchResult.TimelineSpan("decode", "core", "ffn in", "ffn input einsum", 0, 2e-5)),
                List.of(new LinkPlane("x", "+", "y", "z=0", List.of(List.of(0.06, 0.07)))));
        return new RunResult("test", ScenarioEcho.of(s), b, new RunInfo(5000, 0.3, 1.5));
    }

    @Test
    void aCollectiveReportHasItsSectionsChartsAndHeatmaps() throws Exception {
        String html = HtmlReport.render(collective("ag", 1 << 20, 2e-5));
        for (String section : List.of("Simulated vs analytical", "Phases", "The interconnect",
                "Link utilisation over one plane of chips", "Busiest links", "System")) {
            assertTrue(html.contains(">" + section + "<"), section);
        }
        assertTrue(html.contains("latency-bandwidth form"));
        // time bars, per-axis bars, the heatmap key and one heatmap
        assertEquals(4, svgs(html).size());
        assertWellFormedAndEscaped(html);
    }

    @Test
    void aBatchReportShowsTheHeaderBreakdownTimelineAndInterconnect() throws Exception {
        String html = HtmlReport.render(batch("palm"));
        for (String label : List.of("palm-540b", "weights bf16", "prefill: ffn ws-2d, attention batch", "seed",
                "5000 events", "Where the time goes (one chip)", "Breakdown per phase", "Per op category",
                "Timeline of one layer", "prefill: one layer", "decode (first step): one layer", "Memory per chip",
                "The interconnect", "MFU decode", "cost decode (chip-ms per token)")) {
            assertTrue(html.contains(label), label);
        }
        // breakdown, two per-op charts, two Gantt charts, per-axis bars, heatmap key, one heatmap
        assertEquals(8, svgs(html).size());
        assertTrue(html.contains("time from the start of the layer (ms)"), "Gantt time axis with its unit");
        assertTrue(html.contains("share of the phase&#39;s time (%)"), "breakdown axis with its unit");
        assertWellFormedAndEscaped(html);
    }

    @Test
    void aTransferReportStaysAsItWas() throws Exception {
        String html = HtmlReport.render(HtmlReportTest.handBuilt("t", EVIL));
        assertTrue(html.contains("Link load") && html.contains("route"));
        assertWellFormedAndEscaped(html);
    }

    @Test
    void theIndexComparesScenariosAndChartsCollectiveSweeps() throws Exception {
        List<RunResult> runs = new ArrayList<>();
        runs.add(collective("<script>a</script>", 4096, 1e-5));
        runs.add(collective("b", 1 << 20, 2e-5));
        runs.add(collective("c", 1 << 30, 4e-3));
        runs.add(batch("d"));
        runs.add(HtmlReportTest.handBuilt("e", "x"));
        String html = IndexPage.render(runs);
        assertTrue(html.contains("Batch runs") && html.contains("Collectives: time and bandwidth vs message size"));
        assertEquals(1, IndexPage.sweeps(runs).size(), "three sizes of one collective, axes and slice: one sweep");
        List<String> svgs = svgs(html);
        assertEquals(2, svgs.size(), "time and bus bandwidth");
        assertTrue(svgs.get(0).contains("bytes per chip, D (B, log scale)") && svgs.get(0).contains(">1 GiB<"));
        assertTrue(svgs.get(1).contains("bus bandwidth (B/s, log scale)"));
        assertEquals(3 * 3, count(svgs.get(0), "<circle"), "three sizes, three series");
        assertWellFormedAndEscaped(html);
    }

    @Test
    void oneSizeOfACollectiveDrawsNoSweep() {
        assertTrue(IndexPage.sweeps(List.of(collective("a", 4096, 1e-5), collective("b", 4096, 1e-5))).isEmpty());
    }

    static void assertWellFormedAndEscaped(String html) throws Exception {
        assertFalse(html.contains("<script"), "raw script tag leaked");
        assertFalse(html.contains("http://") && !html.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        for (String svg : svgs(html)) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // HTML entities are not XML ones: the escaper writes &#39; and named XML entities only
            f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        }
    }

    static List<String> svgs(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
