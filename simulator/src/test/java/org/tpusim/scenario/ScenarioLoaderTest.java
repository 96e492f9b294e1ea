package org.tpusim.scenario;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.input.InputException;
import org.tpusim.topology.Axis;
import org.tpusim.topology.ChipCoord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioLoaderTest {
    private static final String VALID = """
            name: t1
            system:
              chip: tpu-v4
              topology: 4x4x8
            workload:
              kind: transfer
              from: [0, 0, 0]
              to: [3, 3, 7]
              bytes: 1MiB
            """;

    private final ScenarioLoader loader = ScenarioLoader.withBundledCatalog();

    @Test
    void validScenarioBecomesRecords() {
        Scenario s = loader.parse("t.yaml", VALID);
        assertEquals("t1", s.name());
        assertEquals(1L, s.seed());
        assertEquals(128, s.system().slice().chipCount());
        assertEquals(275e12, s.system().chip().peakFlopsPerSec());
        Workload.Transfer t = (Workload.Transfer) s.workload();
        assertEquals(new ChipCoord(3, 3, 7), t.to());
        assertEquals(1L << 20, t.bytes());
        assertEquals(Scenario.SimulationSettings.DEFAULT_CHUNK_BYTES, s.simulation().chunkBytes());
    }

    @Test
    void overridesReplaceCatalogValuesAndSayWhereTheyCameFrom() {
        Scenario s = loader.parse("t.yaml", VALID.replace("  topology: 4x4x8\n",
                "  topology: 4x4x8\n  overrides: {hop_latency_ns: 0, link_bandwidth_bytes_per_s: 90e9}\n"));
        assertEquals(0.0, s.system().chip().hopLatencyNs());
        assertEquals(90e9, s.system().chip().linkBandwidthBytesPerSec());
        assertTrue(s.system().chip().parameters().values().stream()
                .anyMatch(p -> p.source().contains("system.overrides.hop_latency_ns")));
    }

    @Test
    void wraparoundOverridePerAxis() {
        Scenario s = loader.parse("t.yaml", VALID.replace("  topology: 4x4x8\n",
                "  topology: 4x4x8\n  wraparound: [auto, false, true]\n"));
        assertTrue(s.system().slice().wraps(Axis.X));
        assertTrue(!s.system().slice().wraps(Axis.Y));
        assertTrue(s.system().slice().wraps(Axis.Z));
    }

    /** Each bad input names the file, the line of the offending key, the key path and the expectation. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown top-level key | 'name: t1' | 'nmae: t1' | t.yaml:1: nmae: unknown key 'nmae'",
            "unknown nested key    | '  chip: tpu-v4' | '  chip: tpu-v4\n  chips: 2' | t.yaml:4: system.chips: unknown key",
            "bad shape             | 'topology: 4x4x8' | 'topology: 4x0x4' | t.yaml:4: system.topology: invalid slice shape '4x0x4': axis y has size 0",
            "shape with 2 axes     | 'topology: 4x4x8' | 'topology: 4x4' | t.yaml:4: system.topology:",
            "unknown chip          | 'chip: tpu-v4' | 'chip: tpu-v9' | t.yaml:3: system.chip: unknown chip 'tpu-v9' (expected one of tpu-v4",
            "coordinate outside    | 'to: [3, 3, 7]' | 'to: [3, 3, 8]' | t.yaml:8: workload.to: chip [3,3,8] is outside slice 4x4x8",
            "coordinate not a list | 'to: [3, 3, 7]' | 'to: 3' | t.yaml:8: workload.to: expected a list",
            "wrong type            | 'bytes: 1MiB' | 'bytes: lots' | t.yaml:9: workload.bytes: expected a byte count",
            "negative bytes        | 'bytes: 1MiB' | 'bytes: -5' | t.yaml:9: workload.bytes: expected a byte count",
            "wrong type for seed   | 'name: t1' | 'name: t1\nseed: 1.5' | t.yaml:2: seed: expected a whole number",
            "bad name              | 'name: t1' | 'name: My Run' | t.yaml:1: name: invalid name 'My Run'",
            "unknown kind          | 'kind: transfer' | 'kind: teleport' | t.yaml:6: workload.kind: unknown workload kind 'teleport'",
            "bad override key      | '  chip: tpu-v4' | '  chip: tpu-v4\n  overrides: {hop_latency: 3}' | t.yaml:4: system.overrides.hop_latency: unknown chip parameter",
            "negative override     | '  chip: tpu-v4' | '  chip: tpu-v4\n  overrides: {hop_latency_ns: -1}' | t.yaml:4: system.overrides.hop_latency_ns: expected a non-negative number",
            "efficiency above 1    | '  chip: tpu-v4' | '  chip: tpu-v4\n  overrides: {hbm_efficiency: 1.5}' | t.yaml:4: system.overrides.hbm_efficiency: expected a fraction in (0, 1], found 1.5",
            "fractional tile       | '  chip: tpu-v4' | '  chip: tpu-v4\n  overrides: {matmul_tile_elements: 12.5}' | t.yaml:4: system.overrides.matmul_tile_elements: expected a positive whole number",
            "wrap on size 2        | 'topology: 4x4x8' | 'topology: 2x4x8\n  wraparound: [true, auto, auto]' | t.yaml:5: system.wraparound:",
            "duplicate key         | 'name: t1' | 'name: t1\nname: t2' | t.yaml:2: name: duplicate key",
    })
    void badInputNamesFileLineKeyAndExpectation(String label, String from, String to, String expectedStart) {
        String yaml = VALID.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        InputException e = assertThrows(InputException.class, () -> loader.parse("t.yaml", yaml), label);
        assertTrue(e.getMessage().startsWith(expectedStart),
                () -> label + ": message was\n  " + e.getMessage() + "\nexpected to start with\n  " + expectedStart);
    }

    private static final String COLLECTIVE = """
            name: c1
            system:
              chip: tpu-v4
              topology: 4x4x1
            workload:
              kind: collective
              collective: all-gather
              axes: xy
              bytes_per_chip: 1MiB
            """;

    @Test
    void collectiveScenarioBecomesRecords() {
        Workload.Collective c = (Workload.Collective) loader.parse("c.yaml", COLLECTIVE).workload();
        assertEquals(org.tpusim.collective.CollectiveKind.ALL_GATHER, c.collective());
        assertEquals("xy", c.axes().name());
        assertEquals(1L << 20, c.bytesPerChip());
        assertEquals(org.tpusim.collective.CollectiveAlgorithm.BIDIRECTIONAL_RING, c.algorithm());
        assertEquals(org.tpusim.collective.MultiAxis.CONCURRENT, c.multiAxis());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "axes not in the slice | 'axes: xy' | 'axes: z'  | c.yaml:8: workload.axes: axes z span a single chip in slice 4x4x1",
            "axes unparsable       | 'axes: xy' | 'axes: xw' | c.yaml:8: workload.axes:",
            "bytes not divisible   | 'bytes_per_chip: 1MiB' | 'bytes_per_chip: 1000' | c.yaml:9: workload.bytes_per_chip: all-gather needs bytes_per_chip divisible by the group size 16",
            "unknown algorithm     | 'bytes_per_chip: 1MiB' | 'bytes_per_chip: 1MiB\n  algorithm: tree' | c.yaml:10: workload.algorithm: unknown algorithm 'tree' (expected one of bidirectional-ring, unidirectional-ring)",
            "unknown collective    | 'collective: all-gather' | 'collective: gather' | c.yaml:7: workload.collective: unknown collective 'gather'",
            "unknown multi_axis    | 'bytes_per_chip: 1MiB' | 'bytes_per_chip: 1MiB\n  multi_axis: diagonal' | c.yaml:10: workload.multi_axis: unknown multi-axis decomposition 'diagonal'",
    })
    void badCollectiveInput(String label, String from, String to, String expectedStart) {
        String yaml = COLLECTIVE.replace(from, to.replace("\\n", "\n"));
        InputException e = assertThrows(InputException.class, () -> loader.parse("c.yaml", yaml), label);
        assertTrue(e.getMessage().startsWith(expectedStart),
                () -> label + ": message was\n  " + e.getMessage() + "\nexpected to start with\n  " + expectedStart);
    }

    @Test
    void missingRequiredKeyIsNamed() {
        InputException e = assertThrows(InputException.class,
                () -> loader.parse("t.yaml", VALID.replace("  bytes: 1MiB\n", "")));
        assertEquals("workload.bytes", e.keyPath());
        assertTrue(e.getMessage().contains("missing required key"), e.getMessage());
    }

    @Test
    void missingFileIsAnInputError() {
        InputException e = assertThrows(InputException.class, () -> loader.load(Path.of("no/such/file.yaml")));
        assertEquals("no/such/file.yaml: file not found", e.getMessage());
    }

    @Test
    void invalidYamlSyntaxGivesTheLine() {
        InputException e = assertThrows(InputException.class,
                () -> loader.parse("t.yaml", "name: t1\nsystem: [unclosed\n"));
        assertTrue(e.getMessage().startsWith("t.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void emptyFileIsRejected() {
        InputException e = assertThrows(InputException.class, () -> loader.parse("t.yaml", ""));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"1048576, 1048576", "1MiB, 1048576", "4KiB, 4096", "1GB, 1000000000", "1_000, 1000", "2e6, 2000000",
            "1.5KiB, 1536"})
    void byteCountsAcceptUnits(String text, long expected) {
        Scenario s = loader.parse("t.yaml", VALID.replace("bytes: 1MiB", "bytes: " + text));
        assertEquals(expected, ((Workload.Transfer) s.workload()).bytes());
    }
}
