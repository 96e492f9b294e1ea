package org.tpusim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.collective.CollectiveAlgorithm;
import org.tpusim.collective.CollectiveCosts;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.cost.ChipCostModel;
import org.tpusim.cost.OpDemand;
import org.tpusim.engine.Engine;
import org.tpusim.execution.Overlap;
import org.tpusim.execution.ProgramExecution;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.interconnect.Interconnect;
import org.tpusim.interconnect.PointToPointTransfer;
import org.tpusim.layout.MeshSplit;
import org.tpusim.program.OpCategory;
import org.tpusim.program.OpSequence;
import org.tpusim.program.ProgramOp;
import org.tpusim.scenario.ChipCatalog;
import org.tpusim.topology.Axis;
import org.tpusim.topology.Direction;
import org.tpusim.topology.MeshAxes;
import org.tpusim.topology.Slice;
import org.tpusim.topology.SliceShape;

/** The recorder keeps what the selection asks for, merges back-to-back chunks, and writes Chrome trace JSON. */
class TraceRecorderTest {
    private static final ChipSpec V4 = ChipCatalog.bundled().find("tpu-v4").orElseThrow();
    private static final Slice LINE = Slice.of(SliceShape.of(4, 1, 1));

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = ';', value = {
            "0-3; prefill,decode:1; 0,1,2,3; true; 1; false",
            "0,2; decode:2-3; 0,2; false; 3; false",
            "5; decode; 5; false; 40; true",
            "1; all; 1; true; 7; true"})
    void selectionParsesChipsAndPasses(String chips, String passes, String expectChips, boolean prefill,
                                       long step, boolean otherSteps) {
        TraceSelection s = TraceSelection.parse(chips, passes, 10);
        for (String c : expectChips.split(",")) {
            assertTrue(s.recordsChip(Integer.parseInt(c)), "chip " + c);
        }
        assertEquals(prefill, s.recordsPass("prefill", 0));
        assertTrue(s.recordsPass("decode", step) || !passes.contains("decode"));
        assertEquals(otherSteps, s.recordsPass("decode", 99));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"x; prefill", "3-1; prefill", "-2; prefill", "0; decode:0",
            "0; warmup", "0; decode:a"})
    void badSelectionsSayWhatWasExpected(String chips, String passes) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceSelection.parse(chips, passes, 10));
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
    }

    @Test
    void aMessageIsOneBusyIntervalPerLinkOfTheRecordedChips() {
        // 1 MiB from chip 0 to chip 2 over two +x hops, in 4 chunks of 256 KiB; only chip 1 is recorded:
        // its +x link sends all four chunks back to back, so one interval of 1 MiB.
        TraceRecorder trace = new TraceRecorder(TraceSelection.parse("1", "all", 100), LINE, "t");
        Interconnect net = new Interconnect(LINE, V4.linkBandwidthBytesPerSec(), V4.hopLatencyNs(), trace);
        PointToPointTransfer p2p = new PointToPointTransfer(net, 0, 2, 1 << 20, 256 * 1024);
        Engine.run("t", s -> p2p.start(s, t -> { }));
        List<TraceRecorder.Event> events = trace.events();
        assertEquals(1, events.size());
        TraceRecorder.Event e = events.get(0);
        assertEquals(1, e.chip());
        assertEquals(TraceRecorder.linkUnit(Axis.X, Direction.PLUS), e.unit());
        assertEquals(1 << 20, e.bytes());
        // serialisation of 1 MiB at the link bandwidth, ns
        assertEquals((1 << 20) / V4.linkBandwidthBytesPerSec() * 1e9, e.endNs() - e.startNs(), 1e-6);
    }

    @Test
    void theCapKeepsTheFirstEventsAndCountsTheRest() {
        TraceRecorder trace = new TraceRecorder(TraceSelection.parse("0-3", "all", 5), LINE, "t");
        for (int i = 0; i < 3; i++) {
            trace.collective("c" + i, "activation communication", 10 * i, 10 * i + 5);
        }
        assertEquals(5, trace.events().size());
        assertEquals(7, trace.dropped());
    }

    @Test
    void onlySelectedPassesAreRecorded() {
        TraceRecorder trace = new TraceRecorder(TraceSelection.parse("0", "decode:2", 100), LINE, "t");
        for (int step = 1; step <= 3; step++) {
            trace.beginPass("decode", step, step * 100);
            trace.compute(-1, "op" + step, "ffn input einsum", step * 100, step * 100 + 50);
            trace.endPass(step * 100 + 60);
        }
        assertEquals(List.of("op2"), trace.events().stream().map(TraceRecorder.Event::name).toList());
        assertEquals(List.of(new TraceRecorder.Pass("decode step 2", 200, 260)), trace.passes());
    }

    @Test
    void anExecutedProgramBecomesValidChromeTraceJson() throws IOException {
        TraceRecorder trace = new TraceRecorder(TraceSelection.parse("0-1", "prefill", 10_000), LINE, "demo \"q\"");
        Interconnect net = new Interconnect(LINE, V4.linkBandwidthBytesPerSec(), V4.hopLatencyNs(), trace);
        ProgramExecution exec = new ProgramExecution(net, new ChipCostModel(V4), CollectiveCosts.of(V4),
                MeshSplit.of(LINE.shape()), new ProgramExecution.Settings(Overlap.ASYNC, false, 256 * 1024,
                CollectiveAlgorithm.BIDIRECTIONAL_RING, org.tpusim.collective.MultiAxis.CONCURRENT));
        OpSequence seq = new OpSequence("layer", ImmutableList.of(
                new ProgramOp.Compute(0, "ffn in", OpCategory.FFN_IN, OpDemand.matmul("a", 512, 4096, 4096, 2, 2),
                        ImmutableList.of()),
                new ProgramOp.Communicate(1, "all-gather x", OpCategory.ACTIVATION_COMMUNICATION,
                        CollectiveKind.ALL_GATHER, MeshAxes.parse("x"), 4 << 20, ImmutableList.of(0))));
        Engine.run("t", s -> {
            trace.beginPass("prefill", 0, s.nowNs());
            exec.run(s, List.of(seq), timings -> trace.endPass(s.nowNs()));
        });
        StringWriter out = new StringWriter();
        ChromeTrace.write(trace, out);
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertEquals("demo \"q\"", root.get("otherData").get("run").asText());
        Set<String> threads = new HashSet<>();
        Set<Integer> pids = new HashSet<>();
        List<JsonNode> complete = new ArrayList<>();
        for (JsonNode e : root.get("traceEvents")) {
            if (e.get("ph").asText().equals("M") && e.get("name").asText().equals("thread_name")) {
                threads.add(e.get("pid").asInt() + ":" + e.get("args").get("name").asText());
            } else if (e.get("ph").asText().equals("X")) {
                complete.add(e);
                pids.add(e.get("pid").asInt());
                assertTrue(e.get("ts").isNumber() && e.get("dur").isNumber() && e.get("dur").asDouble() >= 0, e::toString);
                assertTrue(e.has("tid") && e.has("name") && e.has("cat"), e::toString);
            }
        }
        // chips 0 and 1, and the run's own process (pid = chip count) with the pass
        assertEquals(Set.of(0, 1, 4), pids);
        assertTrue(threads.contains("0:collectives") && threads.contains("1:link +x") && threads.contains("1:link -x"),
                threads::toString);
        assertTrue(threads.stream().anyMatch(t -> t.startsWith("0:core")), threads::toString);
        JsonNode ffn = complete.stream().filter(e -> e.get("name").asText().equals("ffn in")).findFirst().orElseThrow();
        // ts and dur are in microseconds: the op's cost model time / 1000
        double opNs = new ChipCostModel(V4).time(OpDemand.matmul("a", 512, 4096, 4096, 2, 2)).totalNs();
        assertEquals(opNs / 1000, ffn.get("dur").asDouble(), 1e-3);
        assertEquals(0, ffn.get("ts").asDouble(), 1e-9);
    }

    @Test
    void microsecondsAreWrittenToTheNanosecond() {
        assertEquals("0.000", ChromeTrace.micros(0));
        assertEquals("1.235", ChromeTrace.micros(1234.5));
        assertEquals("12.007", ChromeTrace.micros(12_007));
    }
}
