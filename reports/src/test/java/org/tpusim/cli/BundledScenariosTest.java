package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.sweep.Sweep;

/**
 * Every bundled scenario (all of scenarios/ but the catalog and the sweeps) loads, runs and writes its files, and its
 * figures equal the golden ones under reports/src/test/golden/ ({@link GoldenFigures}); every bundled sweep runs (all
 * its points, or a fixed subset of a large one) and the figures of its points equal theirs.
 */
class BundledScenariosTest {
    private static final Path SCENARIOS = Path.of("../scenarios");
    private static final Path SWEEPS = SCENARIOS.resolve("sweeps");
    /** A sweep with more points than this runs only a subset in the default suite (see {@link #subsetStride}). */
    static final int FULL_SWEEP_MAX_POINTS = 150;
    /** About this many points of a larger sweep run. */
    static final int SUBSET_POINTS = 80;

    static List<Path> bundled() throws IOException {
        try (Stream<Path> s = Files.walk(SCENARIOS)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !SCENARIOS.relativize(p).startsWith("catalog"))
                    .filter(p -> !SCENARIOS.relativize(p).startsWith("sweeps"))   // sweep files: sweeps() below
                    .sorted()
                    .toList();
            assertFalse(files.isEmpty(), "no bundled scenarios found under " + SCENARIOS.toAbsolutePath());
            return files;
        }
    }

    static List<Path> sweeps() throws IOException {
        try (Stream<Path> s = Files.list(SWEEPS)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundled")
    void runs_andItsFiguresEqualTheGoldenOnes(Path scenario, @TempDir Path out) throws IOException {
        RunCommandTest.Outcome o = RunCommandTest.tpusim("run", scenario.toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals("", o.err());
        List<Path> results;
        try (Stream<Path> s = Files.list(out)) {
            results = s.map(d -> d.resolve("results.json")).filter(Files::isRegularFile).toList();
        }
        assertEquals(1, results.size(), "one results.json expected in " + out);
        String source = "scenarios/" + SCENARIOS.relativize(scenario).toString().replace('\\', '/');
        GoldenFigures.check(source, GoldenFigures.fileFor(SCENARIOS, scenario),
                "figures of " + source + " (results.json), checked by BundledScenariosTest\nrewrite: "
                        + GoldenFigures.REWRITE_COMMAND,
                GoldenFigures.ofResults(results.get(0)));
    }

    /**
     * Stride of the subset of a sweep of {@code points} points that runs in the default suite: 1 (every point) up to
     * {@link #FULL_SWEEP_MAX_POINTS} points; above, the smallest prime p >= points / {@link #SUBSET_POINTS} that does
     * not divide the number of points, so the points with index mod p = 0 (what {@code --shard 0/p} runs) step
     * through the values of every swept key rather than repeating a few.
     */
    static int subsetStride(int points) {
        if (points <= FULL_SWEEP_MAX_POINTS) {
            return 1;
        }
        int p = Math.max(2, (points + SUBSET_POINTS - 1) / SUBSET_POINTS);
        while (!isPrime(p) || points % p == 0) {
            p++;
        }
        return p;
    }

    private static boolean isPrime(int n) {
        for (int d = 2; d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return n >= 2;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sweeps")
    void sweepRuns_andTheFiguresOfItsPointsEqualTheGoldenOnes(Path file, @TempDir Path out) {
        Sweep sweep = Sweep.read(file, ScenarioLoader.withBundledCatalog());
        int stride = subsetStride(sweep.size());
        String source = "scenarios/" + SCENARIOS.relativize(file).toString().replace('\\', '/');
        RunCommandTest.Outcome o = stride == 1
                ? RunCommandTest.tpusim("sweep", file.toString(), "--out", out.toString())
                : RunCommandTest.tpusim("sweep", file.toString(), "--out", out.toString(), "--shard", "0/" + stride);
        assertEquals(0, o.code(), o.err());
        Path points = out.resolve(sweep.name()).resolve(stride == 1 ? "points.jsonl"
                : "points.shard-0-of-" + stride + ".jsonl");
        assertTrue(Files.isRegularFile(points), o.out());
        int ran = (sweep.size() + stride - 1) / stride;
        String which = stride == 1 ? "all " + sweep.size() + " points"
                : "the points with index mod " + stride + " = 0 (" + ran + " of " + sweep.size()
                        + ", `tpusim sweep --shard 0/" + stride + "`)";
        java.util.SortedMap<String, String> figures = GoldenFigures.ofSweepPoints(points);
        Path slo = out.resolve(sweep.name()).resolve("slo.csv");
        assertEquals(stride == 1 && sweep.slo() != null, Files.isRegularFile(slo), o.out());
        if (Files.isRegularFile(slo)) {
            GoldenFigures.addSlo(slo, figures);    // the highest rate meeting the slo: block, per configuration
        }
        GoldenFigures.check(source, GoldenFigures.fileFor(SCENARIOS, file),
                "figures of " + source + ": " + which + ", from points.jsonl" + (Files.isRegularFile(slo)
                        ? " and slo.csv" : "") + "; checked by BundledScenariosTest\n"
                        + "rewrite: " + GoldenFigures.REWRITE_COMMAND,
                figures);
    }

    @Test
    void everyGoldenFileBelongsToABundledScenario() throws IOException {
        Set<Path> expected = new HashSet<>();
        for (Path p : bundled()) {
            expected.add(GoldenFigures.fileFor(SCENARIOS, p).normalize());
        }
        for (Path p : sweeps()) {
            expected.add(GoldenFigures.fileFor(SCENARIOS, p).normalize());
        }
        GoldenFigures.checkNoStaleFiles(expected);
    }

    @Test
    void subsetStride_isOneForSmallSweeps_andAPrimeNotDividingTheSizeAbove() {
        assertEquals(1, subsetStride(96));
        assertEquals(1, subsetStride(FULL_SWEEP_MAX_POINTS));
        assertEquals(17, subsetStride(1320));    // fig1-palm540b: 6 x 11 x 2 x 5 x 2 points
        assertEquals(3, subsetStride(160));      // 160 / 80 = 2 divides 160
    }
}
