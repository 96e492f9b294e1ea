package org.tpusim.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tpusim.result.RunResult;
import org.tpusim.run.ScenarioRunner;
import org.tpusim.scenario.ScenarioLoader;

/** The largest bundled report, PaLM 540B on a 4x4x4 slice, stays small enough to share. */
class ReportSizeTest {
    private static final int LIMIT_BYTES = 5_000_000;

    @Test
    void palm540bOn4x4x4StaysUnderFiveMegabytes() throws Exception {
        Path file = Path.of("..", "scenarios", "inference", "palm540b-bf16-b512.yaml");
        RunResult r = new ScenarioRunner().run(ScenarioLoader.withBundledCatalog().load(file));
        int bytes = HtmlReport.render(r).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < LIMIT_BYTES, "report of " + bytes + " B, limit " + LIMIT_BYTES);
        int index = IndexPage.render(java.util.List.of(r)).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(index < LIMIT_BYTES, "index of " + index + " B");
    }
}
