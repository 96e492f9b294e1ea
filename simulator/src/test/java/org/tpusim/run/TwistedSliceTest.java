package org.tpusim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.input.InputException;
import org.tpusim.result.BatchResult;
import org.tpusim.result.CollectiveResult;
import org.tpusim.result.ScenarioEcho;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;

/** {@code system.twisted}: twisted 4x4x8 slices from a scenario, their all-to-all link loads, and bad inputs. */
class TwistedSliceTest {
    private static final ScenarioLoader LOADER = ScenarioLoader.withBundledCatalog();

    private static Scenario allToAll(String chip, boolean twisted, String network) {
        return LOADER.parse("t.yaml", """
                name: a2a
                system:
                  chip: %s
                  topology: 4x4x8
                  twisted: %s
                simulation: {network: %s}
                workload: {kind: collective, collective: all-to-all, axes: xyz, bytes_per_chip: 1MiB}
                """.formatted(chip, twisted, network));
    }

    /**
     * 1 MiB per chip over 128 chips: every message is 1 MiB / 128 = 8,192 B. The busiest link of the untwisted
     * 4x4x8 carries 160 messages (z links; TwistedTorusTest has the count), of the twisted one 108: 1,310,720 B
     * against 884,736 B, 0.675 of it. The twisted slice runs every chip under auto and symmetric alike (its link
     * classes carry unequal traffic), so the three network models give the same time.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"tpu-v4", "tpu-v5p"})
    void twistedAllToAllLoadsItsBusiestLinkLessByTheCount(String chip) {
        CollectiveResult plain = (CollectiveResult) new ScenarioRunner().run(allToAll(chip, false, "chunk")).result();
        CollectiveResult twisted = (CollectiveResult) new ScenarioRunner().run(allToAll(chip, true, "auto")).result();
        assertEquals(160L * 8192, plain.busiestLinks().get(0).bytes());
        assertEquals(108L * 8192, twisted.busiestLinks().get(0).bytes());
        assertTrue(twisted.simulated().timeS() < plain.simulated().timeS());
        CollectiveResult chunk = (CollectiveResult) new ScenarioRunner().run(allToAll(chip, true, "chunk")).result();
        CollectiveResult symmetric = (CollectiveResult) new ScenarioRunner().run(allToAll(chip, true, "symmetric"))
                .result();
        assertEquals(chunk.simulated().timeS(), twisted.simulated().timeS());
        assertEquals(chunk.simulated().timeS(), symmetric.simulated().timeS());
        assertTrue(ScenarioEcho.of(allToAll(chip, true, "auto")).system().twisted());
    }

    @Test
    void aBatchRunsOnATwistedSlice() {
        Scenario s = LOADER.parse("t.yaml", """
                name: b
                system: {chip: tpu-v4, topology: 4x4x8, twisted: true}
                model: {preset: palm-8b, weights: bf16}
                layout: auto
                workload: {kind: batch, batch: 32, input_tokens: 64, output_tokens: 2}
                """);
        BatchResult r = (BatchResult) new ScenarioRunner().run(s).result();
        assertTrue(r.simulated().decodePerTokenMs() > 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        tpu-v4 on 4x4x4  | {chip: tpu-v4, topology: 4x4x4, twisted: true}   | t.yaml:2: system.twisted: slice 4x4x4 cannot be twisted: a twisted torus is k x k x 2k or k x 2k x 2k with k a multiple of 4
        long axis first  | {chip: tpu-v4, topology: 8x4x4, twisted: true}   | t.yaml:2: system.twisted: slice 8x4x4 cannot be twisted
        tpu-v5e          | {chip: tpu-v5e, topology: 4x4, twisted: true}    | t.yaml:2: system.twisted: chip tpu-v5e has no twisted-torus option
        tpu-v7           | {chip: tpu-v7, topology: 4x4x8, twisted: true}   | t.yaml:2: system.twisted: chip tpu-v7 has no twisted-torus option
        with wraparound  | {chip: tpu-v4, topology: 4x4x8, twisted: true, wraparound: [true, true, true]} | t.yaml:2: system.twisted: a twisted slice closes every axis with a wrap link
        not a flag       | {chip: tpu-v4, topology: 4x4x8, twisted: maybe}  | t.yaml:2: system.twisted: expected true or false
        """)
    void aSliceThatCannotBeTwistedIsAnInputErrorWithTheReason(String what, String system, String expected) {
        InputException e = assertThrows(InputException.class, () -> LOADER.parse("t.yaml", """
                name: t
                system: %s
                workload: {kind: collective, collective: all-gather, axes: x, bytes_per_chip: 1MiB}
                """.formatted(system)));
        assertTrue(e.getMessage().startsWith(expected), what + ": " + e.getMessage());
    }
}
