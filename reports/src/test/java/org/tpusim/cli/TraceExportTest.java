package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --trace} writes a bounded Chrome trace of the selected chips and passes. */
class TraceExportTest {
    @TempDir
    Path tmp;

    @Test
    void traceOfABatchRunHasOneProcessPerSelectedChipAndCompleteEventsInMicroseconds() throws IOException {
        Path out = tmp.resolve("out");
        RunCommandTest.Outcome o = RunCommandTest.tpusim("run", "../scenarios/inference/palm62b-bf16-b32-16chips.yaml",
                "--out", out.toString(), "--trace", "--trace-chips", "0,5", "--trace-steps", "prefill,decode:2");
        assertEquals(0, o.code(), o.err());
        Path file = out.resolve("palm62b-bf16-b32-16chips/trace.json");
        assertTrue(o.out().contains("trace       " + file), o.out());
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        Set<Integer> pids = new HashSet<>();
        Set<String> passes = new HashSet<>();
        Set<String> threads = new HashSet<>();
        for (JsonNode e : root.get("traceEvents")) {
            String ph = e.get("ph").asText();
            if (ph.equals("X")) {
                pids.add(e.get("pid").asInt());
                assertTrue(e.get("ts").asDouble() >= 0 && e.get("dur").asDouble() >= 0, e::toString);
                if (e.get("cat").asText().equals("pass")) {
                    passes.add(e.get("name").asText());
                }
            } else if (e.get("name").asText().equals("thread_name")) {
                threads.add(e.get("args").get("name").asText());
            }
        }
        // chips 0 and 5, and the run's own process (pid 16 = chip count) with the passes
        assertEquals(Set.of(0, 5, 16), pids);
        assertEquals(Set.of("prefill", "decode step 2"), passes);
        assertTrue(threads.contains("collectives") && threads.contains("link +x") && threads.contains("passes"),
                threads::toString);
        assertEquals(0, root.at("/otherData/dropped_events").asInt());
    }

    /**
     * In fast detail each pass simulates one representative layer; the trace replays it as every layer, so the pass
     * in the trace lasts what the run reports (one decode step: decode_s) and the core runs each layer's ops layers
     * times.
     */
    @Test
    void aFastDetailTraceReplaysTheRepresentativeLayerAsEveryLayerAndMatchesTheReportedPassTime() throws IOException {
        Path scenario = tmp.resolve("one-step.yaml");
        Files.writeString(scenario, """
                name: one-step
                system: {chip: tpu-v4, topology: 2x2x2}
                model: {preset: palm-8b, weights: bf16}
                layout: {decode: {ffn: ws-2d, attention: batch}}
                workload: {kind: batch, batch: 8, input_tokens: 0, cached_tokens: 128, output_tokens: 1}
                """);
        Path out = tmp.resolve("out");
        RunCommandTest.Outcome o = RunCommandTest.tpusim("run", scenario.toString(), "--out", out.toString(), "--trace",
                "--trace-chips", "0", "--trace-steps", "decode:1");
        assertEquals(0, o.code(), o.err());
        JsonNode root = new ObjectMapper().readTree(out.resolve("one-step/trace.json").toFile());
        JsonNode results = new ObjectMapper().readTree(out.resolve("one-step/results.json").toFile());
        assertTrue(root.at("/otherData/layers").asText().startsWith("fast detail"));
        double passUs = -1;
        java.util.Map<String, Integer> coreOps = new java.util.HashMap<>();
        for (JsonNode e : root.get("traceEvents")) {
            if (!e.get("ph").asText().equals("X")) {
                continue;
            }
            if (e.get("cat").asText().equals("pass")) {
                passUs = e.get("dur").asDouble();
            } else if (e.get("pid").asInt() == 0 && e.get("tid").asInt() == 0) {
                coreOps.merge(e.get("name").asText(), 1, Integer::sum);
            }
        }
        double decodeUs = results.at("/simulated/decode_s").asDouble() * 1e6;
        assertEquals(decodeUs, passUs, 0.002, "the traced step lasts the reported step (to the nanosecond)");
        int layers = 32;   // PaLM 8B
        assertTrue(coreOps.values().stream().anyMatch(n -> n % layers == 0 && n >= layers), coreOps::toString);
    }

    /** A serving trace: one thread per request (queued, prefill, decode) and the slice's passes, as requests.csv says. */
    @Test
    void aServingTraceHasATrackPerRequestAndOneForTheSlicesPasses() throws IOException {
        Path out = tmp.resolve("out");
        RunCommandTest.Outcome o = RunCommandTest.tpusim("run", "../scenarios/traces/sample-chat-continuous.yaml",
                "--out", out.toString(), "--trace");
        assertEquals(0, o.code(), o.err());
        JsonNode root = new ObjectMapper().readTree(out.resolve("sample-chat-continuous/trace.json").toFile());
        List<String> csv = Files.readAllLines(out.resolve("sample-chat-continuous/requests.csv"));
        List<String> header = List.of(csv.get(0).split(","));
        int requests = csv.size() - 1;
        java.util.Map<Integer, Double> decodeEndS = new java.util.HashMap<>();
        int passes = 0;
        for (JsonNode e : root.get("traceEvents")) {
            if (!e.get("ph").asText().equals("X")) {
                continue;
            }
            if (e.get("cat").asText().equals("pass")) {
                passes++;
            } else if (e.get("name").asText().equals("decode")) {
                decodeEndS.put(e.get("tid").asInt() - 1, (e.get("ts").asDouble() + e.get("dur").asDouble()) / 1e6);
            }
        }
        assertTrue(passes > 0, "the slice's passes");
        assertTrue(o.out().contains("(" + (passes + root.get("traceEvents").size() - passes
                - (int) root.get("traceEvents").findValues("ph").stream().filter(p -> p.asText().equals("M")).count())
                + " events"), o.out());
        for (String row : csv.subList(1, csv.size())) {
            String[] f = row.split(",");
            int id = Integer.parseInt(f[header.indexOf("id")]);
            if (Long.parseLong(f[header.indexOf("output_tokens")]) > 1) {
                assertEquals(Double.parseDouble(f[header.indexOf("completion_s")]), decodeEndS.get(id), 2e-9,
                        "request " + id + " decodes until it completes");
            }
        }
        assertTrue(decodeEndS.size() > requests / 2, decodeEndS.size() + " of " + requests);
    }

    @Test
    void theEventCapBoundsTheTrace() throws IOException {
        Path out = tmp.resolve("out");
        RunCommandTest.Outcome o = RunCommandTest.tpusim("run", "../scenarios/interconnect/transfer-64mib.yaml", "--out",
                out.toString(), "--trace", "--trace-chips", "0-63", "--trace-max-events", "2");
        assertEquals(0, o.code(), o.err());
        JsonNode root = new ObjectMapper().readTree(out.resolve("transfer-64mib/trace.json").toFile());
        long complete = 0;
        for (JsonNode e : root.get("traceEvents")) {
            complete += e.get("ph").asText().equals("X") ? 1 : 0;
        }
        assertEquals(2, complete);
        assertTrue(root.at("/otherData/dropped_events").asInt() > 0);
    }

    @Test
    void withoutTraceNoTraceFileIsWritten() {
        Path out = tmp.resolve("out");
        assertEquals(0, RunCommandTest.tpusim("run", "../scenarios/interconnect/transfer-64mib.yaml", "--out", out.toString()).code());
        assertFalse(Files.exists(out.resolve("transfer-64mib/trace.json")));
    }

    @Test
    void aBadTraceSelectionIsAnInputErrorAndWritesNothing() {
        Path out = tmp.resolve("out");
        RunCommandTest.Outcome o = RunCommandTest.tpusim("run", "../scenarios/interconnect/transfer-64mib.yaml", "--out",
                out.toString(), "--trace", "--trace-steps", "warmup");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("'warmup' (expected prefill, decode, decode:N, decode:A-B or all"), o.err());
        assertFalse(Files.exists(out));
    }
}
