package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A slice shape of the wrong dimension for its chip is bad input: exit 2, one line naming file, line and key. */
class ChipShapeCommandTest {
    @TempDir
    Path tmp;

    private Path scenario(String chip, String topology) throws IOException {
        return Files.writeString(tmp.resolve("s.yaml"), """
                name: s
                system:
                  chip: %s
                  topology: %s
                workload: {kind: collective, collective: all-gather, axes: x, bytes_per_chip: 1MiB}
                """.formatted(chip, topology));
    }

    @Test
    void a3dShapeForA2dChipExitsTwo() throws IOException {
        Path file = scenario("tpu-v5e", "4x4x1");
        Path out = tmp.resolve("out");
        RunCommandTest.Outcome o = RunCommandTest.tpusim("run", file.toString(), "--out", out.toString());
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains(file + ":4: system.topology: chip tpu-v5e is wired as a 2D torus"), o.err());
        assertTrue(o.err().contains("scenarios/catalog/chips.yaml, chip tpu-v5e, key torus"), o.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void a2dShapeForA3dChipExitsTwo() throws IOException {
        Path file = scenario("tpu-v5p", "4x4");
        RunCommandTest.Outcome o = RunCommandTest.tpusim("run", file.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains(file + ":4: system.topology: chip tpu-v5p is wired as a 3D torus"), o.err());
    }

    @Test
    void a2dShapeForA2dChipRunsAndPrintsXy() throws IOException {
        Path file = scenario("tpu-v6e", "2x4");
        RunCommandTest.Outcome o = RunCommandTest.tpusim("run", file.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("slice 2x4"), o.out());
        String json = Files.readString(tmp.resolve("out/s/results.json"));
        assertTrue(json.contains("\"topology\" : \"2x4\"") || json.contains("\"topology\": \"2x4\""), json);
    }
}
