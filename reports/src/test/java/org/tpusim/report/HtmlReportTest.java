package org.tpusim.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tpusim.result.LinkLoad;
import org.tpusim.result.RunInfo;
import org.tpusim.result.RunResult;
import org.tpusim.result.ScenarioEcho;
import org.tpusim.result.TransferResult;
import org.tpusim.scenario.ChipCatalog;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.Workload;
import org.tpusim.topology.ChipCoord;
import org.tpusim.topology.Slice;
import org.tpusim.topology.SliceShape;

/** Reports rendered from hand-built result records (no engine): structure and escaping. */
class HtmlReportTest {

    static RunResult handBuilt(String name, String description) {
        Scenario s = new Scenario("x.yaml", name, description, 7,
                new Scenario.SystemConfig(ChipCatalog.bundled().find("tpu-v4").orElseThrow(),
                        Slice.of(SliceShape.of(4, 4, 4))),
                new Scenario.SimulationSettings(4096, false), java.util.Optional.empty(),
                Scenario.Execution.DEFAULT,
                new Workload.Transfer(new ChipCoord(0, 0, 0), new ChipCoord(1, 0, 0), 45_000), java.util.Optional.empty());
        TransferResult t = new TransferResult(new TransferResult.Simulated(2e-6, 22.5e9),
                new TransferResult.Analytical(2e-6, "hops x hop_latency + bytes / link_bandwidth"), 1.0, 45_000, 11, 1,
                List.of("0->1 +x"), List.of(new LinkLoad("0->1 +x", "x", 45_000, 1e-6, 0.5)));
        return new RunResult("test", ScenarioEcho.of(s), t, new RunInfo(12, 2e-6, 0.01));
    }

    @Test
    void reportIsSelfContainedAndShowsBothSides() {
        String html = HtmlReport.render(handBuilt("demo", "a demo"));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<style>"));
        assertFalse(html.contains("<script"), "no scripts needed for this report");
        assertFalse(html.contains("http://") || html.contains("https://"), "no network references");
        assertTrue(html.contains("Simulated vs analytical"));
        assertTrue(html.contains("2.000 \u00b5s"), "the simulated time in readable units");
        assertTrue(html.contains("50.0%"), "link utilisation");
        assertTrue(html.contains("275"), "the chip parameters table");
    }

    @Test
    void scenarioTextIsEscapedEverywhere() {
        // names are validated by the loader, but the writer must not rely on it
        RunResult r = handBuilt("<script>n</script>", "<script>alert('x')</script> & \"quotes\"");
        String html = HtmlReport.render(r);
        assertFalse(html.contains("<script>"), "raw script tag leaked into the report");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"));
        String index = IndexPage.render(List.of(r));
        assertFalse(index.contains("<script>"), "raw script tag leaked into the index");
        assertTrue(index.contains("&lt;script&gt;n&lt;/script&gt;/report.html"));
    }
}
