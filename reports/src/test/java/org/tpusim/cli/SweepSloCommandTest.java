package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tpusim sweep} of a small serving sweep with an {@code slo:} block: slo.csv, the console lines and the
 * pareto.html table against the points' own figures in points.jsonl; sharded and merged gives the same bytes.
 */
class SweepSloCommandTest {
    // PaLM 8B, 16 short requests: arrival rate 2 / 50 / 2000 per s x 1 or 2 replicas, 6 trace points
    private static final String SWEEP = """
            name: slo
            seed: 7
            system: {chip: tpu-v4, topology: 2x2x1}
            model: {preset: palm-8b, weights: bf16}
            layout: {prefill: {ffn: ws-2d, attention: head}, decode: {ffn: ws-2d, attention: head}}
            workload:
              kind: trace
              synthetic:
                requests: 16
                arrivals: {process: poisson, rate_per_s: 4}
                input_tokens: {lognormal: {median: 256, sigma: 0.5, min: 16, max: 1024}}
                output_tokens: {lognormal: {median: 16, sigma: 0.5, min: 2, max: 64}}
              batching: {policy: continuous, max_batch: 8}
              replicas: {count: 1, router: round-robin}
            sweep:
              workload.synthetic.arrivals.rate_per_s: [2, 50, 2000]
              workload.replicas.count: [1, 2]
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> points(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void sloCsvConsoleAndHtml_nameTheHighestRateWhosePointMeetsTheBound_andShardsMergeToTheSameBytes(
            @TempDir Path dir) throws IOException {
        Path probe = dir.resolve("probe.yaml");
        Files.writeString(probe, SWEEP + "slo: {ttft_p99_ms: 3600000}\n");
        RunCommandTest.Outcome first = RunCommandTest.tpusim("sweep", probe.toString(), "--out",
                dir.resolve("probe").toString());
        assertEquals(0, first.code(), first.err());
        List<JsonNode> ps = points(dir.resolve("probe/slo/points.jsonl"));
        assertEquals(6, ps.size());
        // the bound: exactly the TTFT p99 of point 2 (rate 50, 1 replica); equal meets, so rate 50 qualifies for
        // 1 replica unless rate 2000 does too (then 2000 wins)
        double bound = ps.get(2).get("serving").get("ttft_p99_ms").asDouble();
        String yaml = SWEEP + "slo: {ttft_p99_ms: " + bound + "}\n";
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        Path whole = dir.resolve("whole");
        RunCommandTest.Outcome o = RunCommandTest.tpusim("sweep", f.toString(), "--out", whole.toString(),
                "--threads", "2");
        assertEquals(0, o.code(), o.err());
        List<String> csv = Files.readAllLines(whole.resolve("slo/slo.csv"));
        assertEquals(3, csv.size(), String.join("\n", csv));
        assertTrue(csv.get(0).startsWith("configuration,slo,rates_per_s,rates_meeting,max_rate_per_s,meets_slo,index"));
        // expected answer from the points' own figures: per replica count, the highest rate with TTFT p99 <= bound
        for (int r = 0; r < 2; r++) {
            String expectedRate = "none";
            List<String> meeting = new ArrayList<>();
            int expectedIndex = -1;
            for (int i = r; i < 6; i += 2) {
                JsonNode p = ps.get(i);
                if (p.get("serving").get("ttft_p99_ms").asDouble() <= bound) {
                    String rate = p.get("params").get("workload.synthetic.arrivals.rate_per_s").asText();
                    meeting.add(rate);
                    expectedRate = rate;
                    expectedIndex = i;
                }
            }
            String[] cells = csv.get(1 + r).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            assertEquals("count=" + (r + 1), cells[0]);
            assertEquals("ttft_p99_ms <= " + bound, cells[1]);   // one bound: no comma, no quotes
            assertEquals("2 50 2000", cells[2]);
            assertEquals(String.join(" ", meeting), cells[3]);
            assertEquals(expectedRate, cells[4], csv.get(1 + r));
            if (expectedIndex >= 0) {
                JsonNode best = ps.get(expectedIndex).get("serving");
                assertEquals(String.valueOf(expectedIndex), cells[6]);
                assertEquals(best.get("throughput_per_chip").asDouble(), Double.parseDouble(cells[11]));
                assertTrue(o.out().contains("  count=" + (r + 1) + ": highest rate " + expectedRate + " per s (of 2, "
                        + "50, 2000)"), o.out());
            } else {
                assertEquals("false", cells[5]);
                assertTrue(o.out().contains("  count=" + (r + 1) + ": none of 2, 50, 2000 per s meets it"), o.out());
            }
        }
        // with 1 replica, rate 50 meets at its own TTFT p99 (equality), so the answer is 50 or, if it meets too, 2000
        assertTrue(csv.get(1).contains(",true,"), csv.get(1));
        // a 16-request burst at 2000 per s on one 4-chip slice queues: its TTFT p99 is above the rate-50 point's
        double burst = ps.get(4).get("serving").get("ttft_p99_ms").asDouble();
        assertTrue(burst > bound, "rate 2000 TTFT p99 " + burst + " vs rate 50 " + bound);
        assertEquals("50", csv.get(1).split(",")[4]);
        assertTrue(o.out().contains("slo ttft_p99_ms <= " + bound + ":"), o.out());
        String html = Files.readString(whole.resolve("slo/pareto.html"));
        assertTrue(html.contains("Highest arrival rate meeting the SLO") && html.contains("<td>count=1</td>"), html);

        Path split = dir.resolve("split");
        for (String shard : List.of("0/2", "1/2")) {
            assertEquals(0, RunCommandTest.tpusim("sweep", f.toString(), "--out", split.toString(), "--shard", shard)
                    .code());
        }
        assertFalse(Files.exists(split.resolve("slo/slo.csv")));
        RunCommandTest.Outcome m = RunCommandTest.tpusim("sweep", f.toString(), "--out", split.toString(), "--merge");
        assertEquals(0, m.code(), m.err());
        assertEquals(Files.readString(whole.resolve("slo/slo.csv")), Files.readString(split.resolve("slo/slo.csv")));
        assertEquals(Files.readString(whole.resolve("slo/pareto.html")),
                Files.readString(split.resolve("slo/pareto.html")));
    }

    @Test
    void anSloOnABatchSweep_exits2_withFileLineAndKey_andWritesNothing(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("b.yaml");
        Files.writeString(f, """
                name: tiny
                system: {chip: tpu-v4, topology: 2x2x1}
                model: {preset: palm-8b, weights: bf16}
                layout: auto
                workload: {kind: batch, batch: 4, input_tokens: 16, output_tokens: 1}
                sweep:
                  workload.batch: [1, 8]
                slo: {ttft_p99_ms: 2000}
                """);
        RunCommandTest.Outcome o = RunCommandTest.tpusim("sweep", f.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("tpusim: " + f + ":8: slo: an slo: block bounds the latencies of serving "
                + "points (workload kind trace)"), o.err());
        assertFalse(Files.exists(dir.resolve("o")));
    }
}
