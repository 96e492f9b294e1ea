package org.tpusim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.figure.Figure;
import org.tpusim.result.FigureValues;
import org.tpusim.result.RunResult;
import org.tpusim.run.ScenarioRunner;
import org.tpusim.scenario.ScenarioLoader;

/**
 * Each figure is defined once ({@link Figure}): for every figure of every workload kind, results.json holds it under
 * {@code simulated} and {@code analytical} at exactly its key path, with the value {@link FigureValues} reads from
 * the result record, so the names of results.json, reference blocks, validation and reports cannot drift apart.
 */
class FigureNamesTest {
    @ParameterizedTest
    @CsvSource({"interconnect/transfer-64mib.yaml, transfer", "collectives/all-gather-x-ring.yaml, collective",
            "inference/palm62b-bf16-b32-16chips.yaml, batch", "traces/sample-chat-continuous.yaml, trace"})
    void resultsJsonHoldsEveryFigureAtItsKeyWithItsValue(String file, String kind) throws IOException {
        RunResult r = new ScenarioRunner().run(ScenarioLoader.withBundledCatalog()
                .load(Path.of("../scenarios").resolve(file)));
        assertEquals(kind, r.result().kind());
        JsonNode json = new ObjectMapper().readTree(ResultsJson.write(r));
        assertFalse(Figure.of(kind).isEmpty());
        for (Figure f : Figure.of(kind)) {
            for (String side : new String[] {"simulated", "analytical"}) {
                JsonNode n = json.at("/" + side + "/" + f.key().replace('.', '/'));
                double expected = side.equals("simulated") ? FigureValues.simulated(f, r.result())
                        : FigureValues.analytical(f, r.result());
                if (Double.isNaN(expected)) {
                    assertTrue(n.isMissingNode() || n.isNull(), f.key());
                    continue;
                }
                assertTrue(n.isNumber(), side + "." + f.key() + " missing in results.json of " + file);
                assertEquals(expected, n.asDouble(), 0.0, side + "." + f.key());
            }
        }
    }
}
