package org.tpusim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.tpusim.input.InputException;
import org.tpusim.interconnect.NetworkModel;
import org.tpusim.result.BatchResult;
import org.tpusim.result.CollectiveResult;
import org.tpusim.result.RunResult;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;

/**
 * {@code simulation.network}: auto (the default) gives exactly the reference's figures (chunk) on every bundled
 * collective scenario and on paper scenarios; symmetric stays within its stated tolerance of the reference.
 *
 * <p>Why symmetric is not exact everywhere: on a symmetric torus the reference orders messages that reach one
 * chip's reducer, or one link, at the same time by global scheduling order, which differs from chip to chip, so its
 * chips do not all finish at the same time; the representative chip has one order. Measured on the bundled scenarios:
 * at most 1.9% (reduce-scatter over yz on 4x4x4), 0.33% (concurrent all-gather on 4x4x8), 0.1% on paper scenarios.
 */
class NetworkModelTest {
    private static final ScenarioLoader LOADER = ScenarioLoader.withBundledCatalog();
    /** Stated tolerance of network: symmetric against the reference on collectives (relative). */
    static final double SYMMETRIC_COLLECTIVE_TOLERANCE = 0.02;
    /** Stated tolerance of network: symmetric against the reference on whole passes (relative). */
    static final double SYMMETRIC_PASS_TOLERANCE = 0.005;
    /**
     * Stated tolerance of auto on pod-scale slices (the representative) against the reference, per collective. Measured
     * on 8x8x8: all-to-alls and all-gathers equal; reduce-scatter over xyz 4 MiB -2.18%, all-reduce over xyz 16 MiB
     * +2.05%, 1 MiB -1.96%, reduce-scatter over yz -1.22% (the reference's slowest chip met worse or better orders of
     * simultaneous arrivals at its reducer than the representative's one order).
     */
    static final double POD_SCALE_COLLECTIVE_TOLERANCE = 0.025;

    static Stream<Path> collectiveScenarios() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../scenarios/collectives"))) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(list.size() > 20, "bundled collective scenarios found: " + list.size());
            return list.stream();
        }
    }

    static Stream<Path> paperScenarios() {
        return Stream.of("table2-decode-b64-int8", "tabled2-palm-b64", "fig6-ws-1d-64chips", "fig6-ws-2d-64chips",
                "fig7-wgxyz-b64", "fig8-mqa-batch-ctx512", "sec44-decode-b64-bf16", "tabled2-mtnlg-b64")
                .map(n -> Path.of("../scenarios/paper/" + n + ".yaml"));
    }

    private static RunResult run(Scenario s, NetworkModel model) {
        return new ScenarioRunner().run(BatchRunner.withNetwork(s, model));
    }

    @ParameterizedTest
    @MethodSource("collectiveScenarios")
    void autoIsTheReferenceAndSymmetricIsWithinTolerance(Path file) {
        Scenario s = LOADER.load(file);
        assertEquals(NetworkModel.AUTO, s.simulation().network(), "the default");
        RunResult chunk = run(s, NetworkModel.CHUNK);
        RunResult auto = run(s, NetworkModel.AUTO);
        RunResult symmetric = run(s, NetworkModel.SYMMETRIC);
        CollectiveResult c = (CollectiveResult) chunk.result();
        CollectiveResult a = (CollectiveResult) auto.result();
        CollectiveResult y = (CollectiveResult) symmetric.result();
        // below pod scale auto is exactly the reference; at pod scale (the bundled 8x8x8 scenarios) it is the
        // representative, measured equal to the reference on every bundled collective (its tolerance is tested below)
        assertEquals(c.simulated().timeS(), a.simulated().timeS(), 0.0, "auto: exactly the reference's time");
        assertEquals(c.simulated().timeS(), y.simulated().timeS(), SYMMETRIC_COLLECTIVE_TOLERANCE * c.simulated().timeS(),
                "symmetric: within its tolerance");
        for (int i = 0; i < c.axisLoads().size(); i++) {
            assertEquals(c.axisLoads().get(i).bytes(), a.axisLoads().get(i).bytes(), "bytes per axis: " + i);
            assertEquals(c.axisLoads().get(i).bytes(), y.axisLoads().get(i).bytes(), "bytes per axis: " + i);
            assertEquals(c.axisLoads().get(i).maxUtilisation(), a.axisLoads().get(i).maxUtilisation(),
                    1e-12, "utilisation (summation order only): " + i);
        }
        assertTrue(y.simulated().timeS() > 0);
        assertTrue(symmetric.run().events() <= chunk.run().events(), "a representative never costs more events");
    }

    @ParameterizedTest
    @MethodSource("paperScenarios")
    void passesAreTheReferenceUnderAutoAndCloseUnderSymmetric(Path file) {
        Scenario s = LOADER.load(file);
        BatchResult c = (BatchResult) run(s, NetworkModel.CHUNK).result();
        BatchResult a = (BatchResult) run(s, NetworkModel.AUTO).result();
        BatchResult y = (BatchResult) run(s, NetworkModel.SYMMETRIC).result();
        assertEquals(c.simulated().prefillS(), a.simulated().prefillS(), 0.0);
        assertEquals(c.simulated().decodeS(), a.simulated().decodeS(), 0.0);
        assertEquals(c.simulated().totalS(), y.simulated().totalS(), SYMMETRIC_PASS_TOLERANCE * c.simulated().totalS());
    }

    /**
     * From {@link NetworkModel#AUTO_POD_SCALE_CHIPS} chips auto runs every symmetric collective on a representative:
     * the kinds auto keeps at chunk level below that size (all-to-all, reduce-scatter, all-reduce, a concurrent
     * all-gather of three parts) on an 8x8x8 torus, against the reference, within the stated per-collective tolerance.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "all-to-all, xyz, 256KiB", "all-to-all, xy, 1MiB", "reduce-scatter, xyz, 4MiB", "reduce-scatter, yz, 4MiB",
            "all-reduce, xyz, 1MiB", "all-gather, xyz, 16MiB", "all-reduce, xyz, 16MiB", "reduce-scatter, xyz, 64KiB",
            "all-to-all, xyz, 4MiB", "all-gather, xy, 1MiB", "reduce-scatter, x, 1MiB"})
    void autoAtPodScaleIsTheRepresentativeWithinTolerance(String kind, String axes, String bytes) {
        Scenario s = LOADER.parse("t", """
                name: pod
                system: {chip: tpu-v4, topology: 8x8x8}
                workload: {kind: collective, collective: %s, axes: %s, bytes_per_chip: %s}
                """.formatted(kind, axes, bytes));
        assertEquals(512, NetworkModel.AUTO_POD_SCALE_CHIPS, "8x8x8 is pod scale");
        RunResult chunk = run(s, NetworkModel.CHUNK);
        RunResult auto = run(s, NetworkModel.AUTO);
        RunResult symmetric = run(s, NetworkModel.SYMMETRIC);
        double c = ((CollectiveResult) chunk.result()).simulated().timeS();
        double a = ((CollectiveResult) auto.result()).simulated().timeS();
        assertEquals(((CollectiveResult) symmetric.result()).simulated().timeS(), a, 0.0, "auto is symmetric here");
        assertEquals(symmetric.run().events(), auto.run().events());
        assertEquals(c, a, POD_SCALE_COLLECTIVE_TOLERANCE * c, "within the stated tolerance of the reference");
        // one representative chip instead of 512: at least 100x fewer events
        assertTrue(auto.run().events() * 100 < chunk.run().events(), auto.run().events() + " vs " + chunk.run().events());
    }

    /**
     * A whole pass at pod scale: PaLM 540B's decode step at batch 512 on 8x8x8 (ws-2d, batch-sharded attention; two
     * all-to-alls and two reduce-scatters per layer on a representative under auto) within the stated per-pass
     * tolerance of the reference (measured 6.4e-6 relative). Slow (the reference simulates every chip: ~6 s).
     */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void aPodScaleDecodeStepUnderAutoIsWithinThePassTolerance() {
        Scenario s = LOADER.parse("t", """
                name: pod-decode
                system: {chip: tpu-v4, topology: 8x8x8}
                simulation: {detail: fast}
                model: {preset: palm-540b, pad_heads_to: 64, weights: int8}
                layout: {prefill: {ffn: ws-2d, attention: head}, decode: {ffn: ws-2d, attention: batch}}
                workload: {kind: batch, batch: 512, cached_tokens: 2047, output_tokens: 1}
                """);
        RunResult chunk = run(s, NetworkModel.CHUNK);
        RunResult auto = run(s, NetworkModel.AUTO);
        double c = ((BatchResult) chunk.result()).simulated().decodeS();
        double a = ((BatchResult) auto.result()).simulated().decodeS();
        assertEquals(c, a, SYMMETRIC_PASS_TOLERANCE * c);
        assertTrue(auto.run().events() * 100 < chunk.run().events(), auto.run().events() + " vs " + chunk.run().events());
    }

    /** Below pod scale auto keeps the reference for the same kinds (4x4x4: every chip simulated). */
    @Test
    void autoBelowPodScaleKeepsTheReferenceForAllToAll() {
        Scenario s = LOADER.parse("t", """
                name: small
                system: {chip: tpu-v4, topology: 4x4x8}
                workload: {kind: collective, collective: all-to-all, axes: xyz, bytes_per_chip: 1MiB}
                """);
        assertEquals(run(s, NetworkModel.CHUNK).run().events(), run(s, NetworkModel.AUTO).run().events());
    }

    @Test
    void symmetricAllToAllOnAPodScaleTorusCostsEventsPerMessageOfOneChip() {
        Scenario s = LOADER.parse("t", """
                name: a2a
                system: {chip: tpu-v4, topology: 8x8x8}
                simulation: {network: symmetric}
                workload: {kind: collective, collective: all-to-all, axes: xyz, bytes_per_chip: 512KiB}
                """);
        RunResult r = new ScenarioRunner().run(s);
        // 511 messages of 1 KiB from one chip, each one chunk over its hops (6 on average) plus a delivery
        assertTrue(r.run().events() < 511 * 8, "events: " + r.run().events());
    }

    /**
     * From 1,024 chips in a group (AllToAll.FLOW_MIN_GROUP) auto books the representative's route segments: at most one
     * event per run of hops along one axis and direction (3 on xyz) per message, instead of one per hop; below it (the
     * 8x8x8 case above) the chunk-level representative. Its tolerance: ReservedAllToAllTest.
     */
    @Test
    void autoAllToAllOverAThousandChipsCostsAtMostOneEventPerRouteSegment() {
        Scenario s = LOADER.parse("t", """
                name: a2a
                system: {chip: tpu-v4, topology: 8x8x16}
                workload: {kind: collective, collective: all-to-all, axes: xyz, bytes_per_chip: 1MiB}
                """);
        assertEquals(1024, org.tpusim.collective.AllToAll.FLOW_MIN_GROUP);
        RunResult r = run(s, NetworkModel.AUTO);
        // 1,023 messages of 1 KiB, mean route 2 + 2 + 4 hops: the chunk-level representative would cost ~9,200 events
        assertTrue(r.run().events() <= 1023 * 3 + 2, "events: " + r.run().events());
        // the links carry what dimension-order routes give: from each chip, the hop distances to the others along an
        // axis of n (even) sum to n^2/4 per line, times the chips of the other axes: x 16 x 128, y 16 x 128, z 64 x 64
        // hops; 1,024 chips x 1 KiB per hop
        CollectiveResult c = (CollectiveResult) r.result();
        long[] hops = {16 * 128, 16 * 128, 64 * 64};
        for (int a = 0; a < 3; a++) {
            assertEquals(1024L * hops[a] * 1024, c.axisLoads().get(a).bytes(), "axis " + a);
        }
    }

    @Test
    void aLineHasNoSymmetryAndRunsEveryChip() {
        Scenario line = LOADER.parse("t", """
                name: line
                system: {chip: tpu-v4, topology: 4x1x1, wraparound: [false, false, false]}
                simulation: {network: symmetric}
                workload: {kind: collective, collective: all-gather, axes: x, bytes_per_chip: 1MiB}
                """);
        RunResult sym = new ScenarioRunner().run(line);
        RunResult ref = run(line, NetworkModel.CHUNK);
        assertEquals(ref.run().events(), sym.run().events());
        assertEquals(((CollectiveResult) ref.result()).simulated().timeS(),
                ((CollectiveResult) sym.result()).simulated().timeS(), 0.0);
    }

    @Test
    void unknownNetworkModelIsAnInputError() {
        InputException e = assertThrows(InputException.class, () -> LOADER.parse("t", """
                name: bad
                system: {chip: tpu-v4, topology: 4x4x4}
                simulation: {network: fluid}
                workload: {kind: collective, collective: all-gather, axes: x, bytes_per_chip: 1MiB}
                """));
        assertTrue(e.getMessage().contains("chunk, symmetric, auto"), e.getMessage());
    }
}
