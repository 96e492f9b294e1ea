package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tpusim.input.InputException;
import org.tpusim.scenario.ScenarioLoader;

/** Valid inputs around the bounds of README "Scenario files", and the wall-clock figures of results.json. */
class InputContractTest {
    private static final String SMALL_TRACE = """
            name: small-trace
            system: {chip: tpu-v4, topology: 2x2x1}
            model: {layers: 2, d_model: 1024, d_ff: 4096, heads: 8, d_head: 128, kv_heads: 1, ffn_matrices: 3,
                    parallel_block: true, vocab: 32000, weights: int8}
            workload:
              kind: trace
              file: t.csv
              batching: {policy: continuous, max_batch: 8}
            """;

    @TempDir
    Path tmp;

    @Test
    void traceCsvAndScenarioWithAByteOrderMarkAreAccepted() throws IOException {
        Files.writeString(tmp.resolve("t.csv"), "\uFEFFarrival_s,input_tokens,output_tokens\n0,16,4\n0.5,32,2\n");
        Files.writeString(tmp.resolve("s.yaml"), "\uFEFF" + SMALL_TRACE);
        RunCommandTest.Outcome o = RunCommandTest.tpusim("run", tmp.resolve("s.yaml").toString(), "--out",
                tmp.resolve("out").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.exists(tmp.resolve("out/small-trace/results.json")));
    }

    /** Only run.wall_time_s and run.pass_wall_s vary between identical runs: both sit under run. */
    @Test
    void traceWallTimesLiveUnderRunAndTheRestIsTheSameBytes() throws IOException {
        Files.writeString(tmp.resolve("t.csv"), "arrival_s,input_tokens,output_tokens\n0,16,4\n0.5,32,2\n");
        Files.writeString(tmp.resolve("s.yaml"), SMALL_TRACE);
        String[] results = new String[2];
        for (int i = 0; i < 2; i++) {
            Path out = tmp.resolve("out" + i);
            assertEquals(0, RunCommandTest.tpusim("run", tmp.resolve("s.yaml").toString(), "--out", out.toString())
                    .code());
            results[i] = Files.readString(out.resolve("small-trace/results.json"));
        }
        JsonNode json = new ObjectMapper().readTree(results[0]);
        assertFalse(json.at("/shapes").has("pass_wall_s"), "no wall-clock figure outside run");
        assertTrue(json.at("/run/pass_wall_s").isNumber());
        assertEquals(withoutWallTimes(results[0]), withoutWallTimes(results[1]));
    }

    private static String withoutWallTimes(String json) {
        return json.replaceAll("\"(pass_)?wall_(time_)?s\" : [0-9.eE-]+", "\"wall\" : _");
    }

    /** Validation checks the batch buckets up to max_batch in O(log max_batch), not one by one. */
    @Test
    void largestMaxBatchIsCheckedQuickly() {
        ScenarioLoader loader = ScenarioLoader.withBundledCatalog();
        String yaml = """
                name: big-batch
                system: {chip: tpu-v4, topology: 4x4x1}
                model: {preset: palm-62b, weights: int8}
                workload:
                  kind: trace
                  synthetic: {requests: 10, arrivals: {process: poisson, rate_per_s: 1},
                              input_tokens: {fixed: 8}, output_tokens: {fixed: 8}}
                  batching: {policy: continuous, max_batch: 65536}
                """;
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try {
                loader.parse("s.yaml", yaml);
            } catch (InputException e) {
                // the KV cache or activations of 65536 sequences may not fit: an input error, quickly
                assertTrue(e.getMessage().startsWith("s.yaml:"), e.getMessage());
            }
        });
    }
}
