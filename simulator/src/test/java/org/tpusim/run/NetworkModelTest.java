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
 * {@code simulation.network}: symmetric and auto (the default) give exactly the reference's figures (chunk) on every
 * bundled collective scenario, on paper scenarios and at pod scale, with one representative chip's events.
 *
 * <p>Why exactly: every chip of an SPMD collective on a torus runs a translate of chip 0's schedule (all-to-all messages
 * by offset, ring phases by position), and simultaneous events are ordered by what they are (a chunk head reaching a
 * link by its source's offset from it, a message reaching a reducer by part, phase and direction), never by global
 * scheduling order; so every chip of the reference finishes when the representative does. Before that ordering the
 * reference's chips met simultaneous arrivals in orders that differed from chip to chip (up to 2.2% apart from the
 * representative on 8x8x8 reduce-scatters and all-reduces).
 */
class NetworkModelTest {
    private static final ScenarioLoader LOADER = ScenarioLoader.withBundledCatalog();

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

    /** Every paper scenario (the 75 of validate), for the slow exactness test. */
    static Stream<Path> allPaperScenarios() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../scenarios/paper"))) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(list.size() >= 75, "paper scenarios found: " + list.size());
            return list.stream();
        }
    }

    private static RunResult run(Scenario s, NetworkModel model) {
        return new ScenarioRunner().run(BatchRunner.withNetwork(s, model));
    }

    @ParameterizedTest
    @MethodSource("collectiveScenarios")
    void autoAndSymmetricAreTheReferenceExactly(Path file) {
        Scenario s = LOADER.load(file);
        assertEquals(NetworkModel.AUTO, s.simulation().network(), "the default");
        RunResult chunk = run(s, NetworkModel.CHUNK);
        RunResult auto = run(s, NetworkModel.AUTO);
        RunResult symmetric = run(s, NetworkModel.SYMMETRIC);
        CollectiveResult c = (CollectiveResult) chunk.result();
        CollectiveResult a = (CollectiveResult) auto.result();
        CollectiveResult y = (CollectiveResult) symmetric.result();
        // one representative chip where the slice has a symmetry, every chip elsewhere: the reference's figures either way
        assertEquals(c.simulated().timeS(), a.simulated().timeS(), 0.0, "auto: exactly the reference's time");
        assertEquals(c.simulated().timeS(), y.simulated().timeS(), 0.0,
                "symmetric: exactly the reference's time");
        for (int i = 0; i < c.axisLoads().size(); i++) {
            assertEquals(c.axisLoads().get(i).bytes(), a.axisLoads().get(i).bytes(), "bytes per axis: " + i);
            assertEquals(c.axisLoads().get(i).bytes(), y.axisLoads().get(i).bytes(), "bytes per axis: " + i);
            assertEquals(c.axisLoads().get(i).maxUtilisation(), a.axisLoads().get(i).maxUtilisation(),
                    1e-12, "utilisation (summation order only): " + i);
        }
        assertTrue(y.simulated().timeS() > 0);
        assertTrue(symmetric.run().events() <= chunk.run().events(), "a representative never costs more events");
    }

    /**
     * The exactness is by construction, not by the bundled cases: 60 collectives drawn at random (seeded) over tori with
     * axes of 3 to 6 chips (wraparound forced on) (odd and even sizes, so routes with and without half-way ties), every kind, axis set,
     * multi-axis decomposition and ring algorithm, 162 B to 1.6 MB per chip (6 x chips x 2^0..9, divisible by
     * every group and part), give the reference's time and link
     * bytes under symmetric to the last bit, whenever the slice has the symmetry.
     */
    @Test
    void randomTorusCollectivesAreTheReferenceExactly() {
        java.util.Random random = new java.util.Random(20261130);
        String[] kinds = {"all-gather", "reduce-scatter", "all-reduce", "all-to-all", "collective-permute"};
        String[] axesChoices = {"x", "y", "z", "xy", "yz", "xz", "xyz"};
        String[] multi = {"concurrent", "sequential", "flat-ring"};
        String[] algorithms = {"bidirectional-ring", "unidirectional-ring"};
        int representativeRuns = 0;
        for (int i = 0; i < 60; i++) {
            int[] shape = {3 + random.nextInt(4), 3 + random.nextInt(4), 3 + random.nextInt(3)};
            String kind = kinds[random.nextInt(kinds.length)];
            String yaml = """
                    name: r%d
                    system: {chip: tpu-v4, topology: %dx%dx%d, wraparound: [true, true, true]}
                    workload: {kind: collective, collective: %s, axes: %s, bytes_per_chip: %d, multi_axis: %s, algorithm: %s}
                    """.formatted(i, shape[0], shape[1], shape[2], kind, axesChoices[random.nextInt(axesChoices.length)],
                    6L * shape[0] * shape[1] * shape[2] * (1L << random.nextInt(10)), multi[random.nextInt(multi.length)],
                    algorithms[random.nextInt(algorithms.length)]);
            Scenario s = LOADER.parse("r" + i, yaml);
            RunResult chunk = run(s, NetworkModel.CHUNK);
            RunResult symmetric = run(s, NetworkModel.SYMMETRIC);
            CollectiveResult c = (CollectiveResult) chunk.result();
            CollectiveResult y = (CollectiveResult) symmetric.result();
            assertEquals(c.simulated().timeS(), y.simulated().timeS(), 0.0, yaml);
            for (int a = 0; a < c.axisLoads().size(); a++) {
                assertEquals(c.axisLoads().get(a).bytes(), y.axisLoads().get(a).bytes(), yaml);
            }
            if (symmetric.run().events() < chunk.run().events()) {
                representativeRuns++;
            }
        }
        // most draws have the symmetry (flat rings through odd-sized groups do not): the test compares representatives
        assertTrue(representativeRuns >= 30, "runs on a representative: " + representativeRuns);
    }

    @ParameterizedTest
    @MethodSource("paperScenarios")
    void passesAreTheReferenceUnderAutoAndSymmetric(Path file) {
        Scenario s = LOADER.load(file);
        BatchResult c = (BatchResult) run(s, NetworkModel.CHUNK).result();
        BatchResult a = (BatchResult) run(s, NetworkModel.AUTO).result();
        BatchResult y = (BatchResult) run(s, NetworkModel.SYMMETRIC).result();
        assertEquals(c.simulated().prefillS(), a.simulated().prefillS(), 0.0);
        assertEquals(c.simulated().decodeS(), a.simulated().decodeS(), 0.0);
        assertEquals(c.simulated().totalS(), y.simulated().totalS(), 0.0);
    }

    /** Every validation scenario, every figure: auto is the reference to the last bit. Slow (the reference: ~1 min). */
    @ParameterizedTest
    @MethodSource("allPaperScenarios")
    @org.junit.jupiter.api.Tag("slow")
    void everyPaperScenarioIsTheReferenceExactlyUnderAuto(Path file) {
        Scenario s = LOADER.load(file);
        BatchResult c = (BatchResult) run(s, NetworkModel.CHUNK).result();
        BatchResult a = (BatchResult) run(s, NetworkModel.AUTO).result();
        assertEquals(c.simulated().prefillS(), a.simulated().prefillS(), 0.0);
        assertEquals(c.simulated().decodeS(), a.simulated().decodeS(), 0.0);
    }

    /**
     * Pod scale: the kinds whose simultaneous arrivals used to make the representative differ from the reference
     * (all-to-all, reduce-scatter, all-reduce, a concurrent all-gather of three parts) on an 8x8x8 torus, exactly equal,
     * with at least 100x fewer events.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "all-to-all, xyz, 256KiB", "all-to-all, xy, 1MiB", "reduce-scatter, xyz, 4MiB", "reduce-scatter, yz, 4MiB",
            "all-reduce, xyz, 1MiB", "all-gather, xyz, 16MiB", "all-reduce, xyz, 16MiB", "reduce-scatter, xyz, 64KiB",
            "all-to-all, xyz, 4MiB", "all-gather, xy, 1MiB", "reduce-scatter, x, 1MiB"})
    void autoAtPodScaleIsTheReferenceExactly(String kind, String axes, String bytes) {
        Scenario s = LOADER.parse("t", """
                name: pod
                system: {chip: tpu-v4, topology: 8x8x8}
                workload: {kind: collective, collective: %s, axes: %s, bytes_per_chip: %s}
                """.formatted(kind, axes, bytes));
        RunResult chunk = run(s, NetworkModel.CHUNK);
        RunResult auto = run(s, NetworkModel.AUTO);
        RunResult symmetric = run(s, NetworkModel.SYMMETRIC);
        double c = ((CollectiveResult) chunk.result()).simulated().timeS();
        double a = ((CollectiveResult) auto.result()).simulated().timeS();
        assertEquals(((CollectiveResult) symmetric.result()).simulated().timeS(), a, 0.0, "auto is symmetric here");
        assertEquals(symmetric.run().events(), auto.run().events());
        assertEquals(c, a, 0.0, "exactly the reference");
        // one representative chip instead of 512: at least 100x fewer events
        assertTrue(auto.run().events() * 100 < chunk.run().events(), auto.run().events() + " vs " + chunk.run().events());
    }

    /**
     * A whole pass at pod scale: PaLM 540B's decode step at batch 512 on 8x8x8 (ws-2d, batch-sharded attention; two
     * all-to-alls and two reduce-scatters per layer on a representative under auto) equal to the
     * reference exactly. Slow (the reference simulates every chip: ~6 s).
     */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void aPodScaleDecodeStepUnderAutoIsTheReferenceExactly() {
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
        assertEquals(c, a, 0.0);
        assertTrue(auto.run().events() * 100 < chunk.run().events(), auto.run().events() + " vs " + chunk.run().events());
    }

    /**
     * A Table D.2 scenario at full detail (every core's ops; collectives of the prefill and decode passes overlapping
     * the compute that feeds them): auto's figures are the reference's exactly, with about 60x fewer events. Slow (the
     * reference: ~26 M events).
     */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void aTableD2ScenarioAtFullDetailIsTheReferenceExactly() {
        Scenario s = LOADER.load(Path.of("../scenarios/paper/tabled2-palm-b64.yaml"));
        Scenario full = new Scenario(s.source(), s.name(), s.description(), s.seed(), s.system(),
                new Scenario.SimulationSettings(s.simulation().chunkBytes(), true, NetworkModel.AUTO), s.model(),
                s.execution(), s.workload(), s.reference());
        RunResult chunk = run(full, NetworkModel.CHUNK);
        RunResult auto = run(full, NetworkModel.AUTO);
        BatchResult c = (BatchResult) chunk.result();
        BatchResult a = (BatchResult) auto.result();
        assertEquals(c.simulated().prefillS(), a.simulated().prefillS(), 0.0);
        assertEquals(c.simulated().decodeS(), a.simulated().decodeS(), 0.0);
        assertTrue(auto.run().events() * 20 < chunk.run().events(), auto.run().events() + " vs " + chunk.run().events());
    }

    /**
     * Below pod scale auto runs the representative too, now that it is exactly the reference: an all-to-all over 4x4x8
     * gives the reference's time to the last bit with one chip's 127 messages instead of 128 chips' (the reference
     * moves 128 x 127 messages of 8 KiB, one chunk each, over routes of 1 + 1 + 2 hops on average: about 81,000 events;
     * the representative one chip's share).
     */
    @Test
    void autoBelowPodScaleRunsTheExactRepresentativeForAllToAll() {
        Scenario s = LOADER.parse("t", """
                name: small
                system: {chip: tpu-v4, topology: 4x4x8}
                workload: {kind: collective, collective: all-to-all, axes: xyz, bytes_per_chip: 1MiB}
                """);
        RunResult chunk = run(s, NetworkModel.CHUNK);
        RunResult auto = run(s, NetworkModel.AUTO);
        assertEquals(((CollectiveResult) chunk.result()).simulated().timeS(),
                ((CollectiveResult) auto.result()).simulated().timeS(), 0.0);
        assertTrue(auto.run().events() * 100 < chunk.run().events(), auto.run().events() + " vs " + chunk.run().events());
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
