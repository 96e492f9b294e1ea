package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tpusim.input.InputException;
import org.tpusim.input.YamlEdit;

/** {@code validate --set}: every value goes through the scenario loader's checks, and errors name the flag. */
class ValidateCommandTest {
    private static final Path PAPER = Path.of("../scenarios/paper/fig6-ws-2d-64chips.yaml");

    private static Path oneScenario(Path dir) throws IOException {
        Path scenarios = Files.createDirectories(dir.resolve("scenarios"));
        Files.copy(PAPER, scenarios.resolve(PAPER.getFileName()));
        return scenarios;
    }

    @Test
    void setHbmCapacity_runsTheHbmCheck_exit2WithTheNumbers(@TempDir Path dir) throws IOException {
        Path scenarios = oneScenario(dir);
        Path out = dir.resolve("out");
        RunCommandTest.Outcome o = RunCommandTest.tpusim("validate", "--scenarios", scenarios.toString(), "--out",
                out.toString(), "--set", "hbm_capacity_bytes=1e9");
        assertEquals(2, o.code(), o.out() + o.err());
        assertTrue(o.err().contains("workload: does not fit in HBM during")
                && o.err().matches("(?s).*needs [0-9.]+ GiB per chip \\(weights [0-9.]+, .*has 0\\.9 GiB.*")
                && o.err().contains("(with --set hbm_capacity_bytes=1e9)"), o.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void setBadValue_namesTheFlagAndTheKeyPath(@TempDir Path dir) throws IOException {
        Path scenarios = oneScenario(dir);
        RunCommandTest.Outcome o = RunCommandTest.tpusim("validate", "--scenarios", scenarios.toString(), "--out",
                dir.resolve("out").toString(), "--set", "hop_latency_ns=abc");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("tpusim: --set hop_latency_ns=abc: system.overrides.hop_latency_ns: "
                + "expected a number, found 'abc'"), o.err());
        RunCommandTest.Outcome m = RunCommandTest.tpusim("validate", "--scenarios", scenarios.toString(), "--out",
                dir.resolve("out").toString(), "--set", "multi_axis=diagonal");
        assertEquals(2, m.code(), m.err());
        assertTrue(m.err().startsWith("tpusim: --set multi_axis=diagonal: execution.multi_axis: unknown multi_axis "
                + "'diagonal'"), m.err());
        RunCommandTest.Outcome k = RunCommandTest.tpusim("validate", "--scenarios", scenarios.toString(), "--out",
                dir.resolve("out").toString(), "--set", "hop_latency=1");
        assertEquals(2, k.code(), k.err());
        assertTrue(k.err().startsWith("tpusim: --set hop_latency=1: unknown key 'hop_latency'"), k.err());
    }

    @Test
    void setKeys_mapToScenarioKeyPaths() {
        List<YamlEdit> e = ValidateCommand.edits(List.of("hop_latency_ns=1500", "multi_axis=flat-ring",
                "execution.overlap=async"));
        assertEquals(List.of("system.overrides.hop_latency_ns", "execution.multi_axis", "execution.overlap"),
                e.stream().map(YamlEdit::keyPath).toList());
        assertEquals("--set hop_latency_ns=1500", e.get(0).value().where().file());
        org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
                () -> ValidateCommand.edits(List.of("hop_latency_ns")));
    }
}
