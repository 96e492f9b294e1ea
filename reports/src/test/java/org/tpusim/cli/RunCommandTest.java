package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.output.OutputDir;

/** The command line end to end: real scenario files, the real engine, files on disk, exit codes. */
class RunCommandTest {
    private static final Path TRANSFER = Path.of("../scenarios/interconnect/transfer-64mib.yaml");

    /** Payload rate of one TPU v4 link direction in the catalog: link bandwidth x link efficiency, B/ns. */
    private static final double LINK_BYTES_PER_NS = org.tpusim.scenario.ChipCatalog.bundled().find("tpu-v4")
            .orElseThrow().effectiveLinkBandwidthBytesPerSec() / 1e9;
    /** Head latency of one TPU v4 hop in the catalog, ns. */
    private static final double HOP_NS = org.tpusim.scenario.ChipCatalog.bundled().find("tpu-v4").orElseThrow()
            .hopLatencyNs();

    @TempDir
    Path tmp;

    record Outcome(int code, String out, String err) {
    }

    static Outcome tpusim(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TpusimCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void transferWritesResultsReportAndIndex() throws IOException {
        Path out = tmp.resolve("out");
        Outcome o = tpusim("run", TRANSFER.toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("transfer-64mib"), o.out());
        assertTrue(o.out().contains("simulated"), o.out());
        JsonNode json = new ObjectMapper().readTree(out.resolve("transfer-64mib/results.json").toFile());
        // [0,0,0] -> [2,2,2] on 4x4x4: 2 hops per axis (ties go +), the catalog's hop latency per hop, 64 MiB at
        // the payload rate of a link: 45 GB/s x the catalog's link_efficiency
        double bytesPerNs = LINK_BYTES_PER_NS;
        double expectedS = (6 * HOP_NS + 67108864 / bytesPerNs) / 1e9;
        assertEquals(expectedS, json.at("/simulated/time_s").asDouble(), 1e-9 * expectedS);
        assertEquals(expectedS, json.at("/analytical/time_s").asDouble(), 1e-12);
        assertEquals(1.0, json.at("/ratio").asDouble(), 1e-9);
        assertEquals(6, json.at("/hops").asInt());
        assertEquals("transfer", json.at("/kind").asText());
        assertEquals("tpu-v4", json.at("/scenario/system/chip").asText());
        assertEquals(64, json.at("/scenario/system/chips").asInt());
        assertEquals(67108864, json.at("/scenario/workload/bytes").asLong());
        assertEquals("[2,2,2]", json.at("/scenario/workload/to").toString());
        assertTrue(json.at("/run/events").asLong() > 0);
        assertTrue(json.at("/run/wall_time_s").isNumber());
        assertTrue(Files.readString(out.resolve("transfer-64mib/report.html")).contains("Simulated vs analytical"));
        assertTrue(Files.readString(out.resolve("index.html")).contains("transfer-64mib/report.html"));
        assertEquals(0, hiddenLeftovers(out), "temporary folders left behind");
    }

    /** The main job: PaLM 540B on 64 chips, printed and reported beside the analytical model and the paper. */
    @Test
    void quickstartShowsThePapersHeadlineBesideTheSimulation() throws IOException {
        Path out = tmp.resolve("out");
        Outcome o = tpusim("run", "../scenarios/quickstart.yaml", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("published     simulated vs published"), o.out());
        JsonNode json = new ObjectMapper().readTree(out.resolve("quickstart/results.json").toFile());
        double perToken = json.at("/simulated/decode_per_token_ms").asDouble();
        // the console row: label, simulated, analytical, then Table 2's 28.4 ms and the relative error
        String row = o.out().lines().filter(l -> l.trim().startsWith("decode per token")).findFirst().orElseThrow();
        assertTrue(row.contains("28.40 ms"), row);
        assertTrue(row.endsWith(String.format(java.util.Locale.ROOT, "%+.1f%%", 100 * (perToken - 28.4) / 28.4)), row);
        // calibrated on the paper's 64-chip points: the headline decode is within 15% of the measurement
        assertEquals(28.4, perToken, 0.15 * 28.4);
        String report = Files.readString(out.resolve("quickstart/report.html"));
        assertTrue(report.contains("Simulated vs analytical vs published"), "report names the published column");
        assertTrue(report.contains("published 28.40 ms"), "the decode card carries the published figure");
        String index = Files.readString(out.resolve("index.html"));
        assertTrue(index.contains("simulated vs published") && index.contains("decode per token "
                + String.format(java.util.Locale.ROOT, "%+.1f%%", 100 * (perToken - 28.4) / 28.4)), "the index too");
    }

    /** A serving run prints one line per policy it used, with the figures results.json holds. */
    @Test
    void servingRunPrintsItsPagedKvAndPrefixCacheFigures() throws IOException {
        Path out = tmp.resolve("out");
        Outcome o = tpusim("run", "../scenarios/serving/prefix-cache-llama2-13b.yaml", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode serving = new ObjectMapper().readTree(out.resolve("prefix-cache-llama2-13b/results.json").toFile())
                .at("/serving");
        String prefixes = o.out().lines().filter(l -> l.startsWith("  prefixes")).findFirst().orElseThrow();
        JsonNode c = serving.at("/prefix_cache");
        assertTrue(c.at("/hits").asLong() > 0, "the bundled trace is built to hit");
        assertTrue(prefixes.contains("(" + c.at("/hits").asLong() + " of " + c.at("/lookups").asLong() + "), "
                + c.at("/prefill_tokens_saved").asLong() + " prefill tokens saved"), prefixes);
        String paged = o.out().lines().filter(l -> l.startsWith("  paged KV")).findFirst().orElseThrow();
        JsonNode p = serving.at("/paged_kv");
        assertTrue(paged.contains(p.at("/block_tokens").asInt() + "-token blocks, peak " + p.at("/peak_blocks").asLong()
                + " of " + p.at("/capacity_blocks").asLong() + "; " + p.at("/preemptions").asLong()
                + " preemptions by recompute"), paged);
        assertTrue(o.out().lines().noneMatch(l -> l.startsWith("  pools") || l.startsWith("  replicas")),
                "only the policies the run used");
    }

    @ParameterizedTest
    @CsvSource({"interconnect/transfer-64mib.yaml, transfer-64mib", "quickstart.yaml, quickstart", "collectives/all-reduce-x-4x4x4.yaml, all-reduce-x-4x4x4",
            "inference/palm62b-bf16-b32-16chips.yaml, palm62b-bf16-b32-16chips"})
    void sameScenarioGivesTheSameBytesExceptWallTime(String file, String name) throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        String scenario = "../scenarios/" + file;
        assertEquals(0, tpusim("run", scenario, "--out", a.toString()).code());
        assertEquals(0, tpusim("run", scenario, "--out", b.toString()).code());
        assertEquals(withoutWallTime(a.resolve(name + "/results.json")),
                withoutWallTime(b.resolve(name + "/results.json")));
    }

    @Test
    void rerunReplacesThePreviousResult() throws IOException {
        Path out = tmp.resolve("out");
        assertEquals(0, tpusim("run", TRANSFER.toString(), "--out", out.toString()).code());
        String fresh = Files.readString(out.resolve("transfer-64mib/results.json"));
        Files.writeString(out.resolve("transfer-64mib/results.json"), "old");
        assertEquals(0, tpusim("run", TRANSFER.toString(), "--out", out.toString()).code());
        assertEquals(withoutWallTime(fresh), withoutWallTime(Files.readString(out.resolve("transfer-64mib/results.json"))));
        assertEquals(0, hiddenLeftovers(out), "the old folder set aside was removed");
    }

    @Test
    void rerunRefusesAFolderHoldingFilesTpusimDidNotWrite() throws IOException {
        Path out = tmp.resolve("out");
        assertEquals(0, tpusim("run", TRANSFER.toString(), "--out", out.toString()).code());
        Files.writeString(out.resolve("transfer-64mib/notes.txt"), "mine");
        Outcome o = tpusim("run", TRANSFER.toString(), "--out", out.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("transfer-64mib: holds files tpusim did not write (notes.txt)"), o.err());
        assertEquals("mine", Files.readString(out.resolve("transfer-64mib/notes.txt")));
        assertTrue(Files.exists(out.resolve("transfer-64mib/results.json")), "the earlier result stays");
    }

    /** Each bad input exits 2 with one message naming file, line and key, and writes nothing. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown key         | 'bytes: 1MiB' | 'bytes: 1MiB\n  byte: 3'  | :11: workload.byte: unknown key 'byte'",
            "wrong type          | 'bytes: 1MiB' | 'bytes: [1]'              | :10: workload.bytes: expected a single value",
            "bad shape           | 'topology: 4x4x4' | 'topology: 4x0x4'     | :5: system.topology: invalid slice shape '4x0x4': axis y has size 0",
            "outside the slice   | 'to: [3, 3, 3]' | 'to: [0, 4, 0]'        | :9: workload.to: chip [0,4,0] is outside slice 4x4x4",
            "unknown chip preset | 'chip: tpu-v4' | 'chip: tpu-v5'          | :4: system.chip: unknown chip 'tpu-v5'",
    })
    void badInputExitsTwoAndWritesNothing(String label, String from, String to, String expected) throws IOException {
        String good = """
                # a scenario for tests
                name: bad-input
                system:
                  chip: tpu-v4
                  topology: 4x4x4
                workload:
                  kind: transfer
                  from: [0, 0, 0]
                  to: [3, 3, 3]
                  bytes: 1MiB
                """;
        Path file = tmp.resolve("s.yaml");
        Files.writeString(file, good.replace(from, to.replace("\\n", "\n")));
        Path out = tmp.resolve("out");
        Outcome o = tpusim("run", file.toString(), "--out", out.toString());
        assertEquals(2, o.code(), label + ": " + o.err());
        assertTrue(o.err().startsWith("tpusim: " + file + expected),
                () -> label + ": stderr was\n" + o.err() + "expected to start with\ntpusim: " + file + expected);
        assertEquals(1, o.err().strip().lines().count(), "one message: " + o.err());
        assertFalse(Files.exists(out), label + ": output folder created for invalid input");
    }

    /** A Hugging Face config.json with an ill-typed field: exit 2, one line naming the config file, line, field. */
    @Test
    void badHfConfigExitsTwoNamingTheConfigLineAndField() throws IOException {
        Path config = tmp.resolve("llama/config.json");
        Files.createDirectories(config.getParent());
        Files.writeString(config, """
                {
                  "architectures": ["LlamaForCausalLM"],
                  "hidden_size": "4096"
                }
                """);
        Path file = tmp.resolve("hf.yaml");
        Files.writeString(file, """
                name: hf
                system:
                  chip: tpu-v4
                  topology: 2x2x2
                model:
                  hf_config: llama/config.json
                  weights: bf16
                workload:
                  kind: batch
                  batch: 8
                  input_tokens: 16
                  cached_tokens: 0
                  output_tokens: 2
                """);
        Path out = tmp.resolve("out");
        Outcome o = tpusim("run", file.toString(), "--out", out.toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("tpusim: " + config + ":3: hidden_size: expected a positive whole number, found "
                + "\"4096\" (string)"), o.err());
        assertEquals(1, o.err().strip().lines().count(), "one message: " + o.err());
        assertFalse(Files.exists(out));
        Files.writeString(config, "{\"architectures\": [\"BertModel\"]}");
        Outcome unknown = tpusim("run", file.toString(), "--out", out.toString());
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().startsWith("tpusim: " + config + ":1: architectures: unsupported architecture "
                + "'BertModel'"), unknown.err());
    }

    @Test
    void collectiveResultsCarryBothClosedForms() throws IOException {
        Path file = tmp.resolve("ag.yaml");
        Files.writeString(file, """
                name: ag
                system:
                  chip: tpu-v4
                  topology: 4x4x4
                  overrides: {hop_latency_ns: 1000, collective_overhead_ns: 2000, collective_sync_ns_per_doubling: 0}
                workload:
                  kind: collective
                  collective: all-gather
                  axes: x
                  bytes_per_chip: 4MiB
                """);
        Path out = tmp.resolve("out");
        Outcome o = tpusim("run", file.toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("ag/results.json").toFile());
        // 2000 ns start + 3 steps x (1000 ns + (4 MiB / 8) / link payload rate); paper form: 4 MiB over the two
        // x links of a chip, x 3/4
        double expected = (2000 + 3 * (1000 + 524288 / LINK_BYTES_PER_NS)) / 1e9;
        assertEquals(expected, json.at("/simulated/time_s").asDouble(), 1e-12);
        assertEquals(expected, json.at("/analytical/latency_bandwidth_s").asDouble(), 1e-12);
        assertEquals(4194304 / (2 * LINK_BYTES_PER_NS * 1e9) * 0.75, json.at("/analytical/time_s").asDouble(), 1e-15);
        assertEquals(2 * LINK_BYTES_PER_NS * 1e9, json.at("/analytical/bandwidth_bytes_per_s").asDouble(), 1e-3);
        assertEquals("all-gather", json.at("/scenario/workload/collective").asText());
        assertEquals("x", json.at("/scenario/workload/axes").asText());
        assertEquals(16, json.at("/groups").asInt());
        assertEquals(3, json.at("/axis_loads").size());
        assertTrue(Files.readString(out.resolve("ag/report.html")).contains("Link utilisation per axis"));
    }

    @Test
    void collectiveWithIndivisibleBytesExitsTwo() throws IOException {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, "name: bad\nsystem: {chip: tpu-v4, topology: 4x4x4}\n"
                + "workload: {kind: collective, collective: reduce-scatter, axes: xyz, bytes_per_chip: 1000}\n");
        Outcome o = tpusim("run", file.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("tpusim: " + file + ":3: workload.bytes_per_chip: reduce-scatter needs "
                + "bytes_per_chip divisible by the group size 64"), o.err());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void missingFileExitsTwo() {
        Outcome o = tpusim("run", tmp.resolve("nope.yaml").toString(), "--out", tmp.resolve("out").toString());
        assertEquals(2, o.code());
        assertEquals("tpusim: " + tmp.resolve("nope.yaml") + ": file not found", o.err().strip());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void oneInvalidFileAmongSeveralStopsBeforeAnythingRuns() throws IOException {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "name: bad\n");
        Path out = tmp.resolve("out");
        Outcome o = tpusim("run", TRANSFER.toString(), bad.toString(), "--out", out.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("system: missing required key"), o.err());
        assertFalse(Files.exists(out.resolve("transfer-64mib")), "valid scenarios must not run when any input is bad");
    }

    @Test
    void duplicateScenarioNamesAreRejected() {
        Outcome o = tpusim("run", TRANSFER.toString(), TRANSFER.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("scenario name 'transfer-64mib' is also used by"), o.err());
    }

    @Test
    void unknownOptionIsAUsageErrorWithCodeTwo() {
        assertEquals(2, tpusim("run", "--frobnicate", TRANSFER.toString()).code());
    }

    @Test
    void versionAndHelp() {
        Outcome v = tpusim("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("tpusim "), v.out());
        Outcome h = tpusim("--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("run") && h.out().contains("bench"), h.out());
    }

    private static String withoutWallTime(Path json) throws IOException {
        return withoutWallTime(Files.readString(json));
    }

    private static String withoutWallTime(String json) {
        return json.replaceAll("\"wall_time_s\" : [0-9.eE-]+", "\"wall_time_s\" : _");
    }

    private static long hiddenLeftovers(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().equals(OutputDir.MANIFEST))
                    .filter(p -> !p.getFileName().toString().equals(OutputDir.LOCK)).count();
        }
    }
}
