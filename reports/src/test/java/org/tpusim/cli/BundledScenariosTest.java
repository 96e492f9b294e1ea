package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bundled scenario (all of scenarios/ but the catalog and the sweeps) loads, runs and writes its files. */
class BundledScenariosTest {
    private static final Path SCENARIOS = Path.of("../scenarios");

    static List<Path> bundled() throws IOException {
        try (Stream<Path> s = Files.walk(SCENARIOS)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !SCENARIOS.relativize(p).startsWith("catalog"))
                    .filter(p -> !SCENARIOS.relativize(p).startsWith("sweeps"))   // sweep files: SweepCommandTest
                    .sorted()
                    .toList();
            assertFalse(files.isEmpty(), "no bundled scenarios found under " + SCENARIOS.toAbsolutePath());
            return files;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundled")
    void runs(Path scenario, @TempDir Path out) {
        RunCommandTest.Outcome o = RunCommandTest.tpusim("run", scenario.toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals("", o.err());
    }
}
