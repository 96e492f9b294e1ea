package org.tpusim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tpusim.input.InputException;
import org.tpusim.layout.MeshSplit;
import org.tpusim.model.Phase;
import org.tpusim.result.TraceResult;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.Workload;
import org.tpusim.workload.StepLayouts;

/** Chunked prefill end to end on the real chip-level pass simulation (the small model of {@link TraceRunTest}). */
class ChunkedTraceRunTest {

    @Test
    void loneRequest_ttftIsItsSimulatedChunks_tpotTheSimulatedDecodeStep(@TempDir Path dir) throws IOException {
        // prompt 200 on budget 128: chunks 128 (prefix 0: context 128) and 72 (bucket 128 after the prefix 128,
        // on the 256 grid: context 384); then one decode step reading prompt + 1 generated = 201 positions,
        // interpolated between the grid points 1 and 256
        Files.writeString(dir.resolve("one.csv"), "arrival_s,input_tokens,output_tokens\n1.0,200,2\n");
        Scenario s = TraceRunTest.scenario(dir, """
                workload:
                  kind: trace
                  file: one.csv
                  batching: {policy: chunked, max_batch: 8, token_budget: 128}
                """);
        TraceResult r = TraceRunTest.run(s);
        Workload.Trace w = (Workload.Trace) s.workload();
        SimulatedPassTimes exact = new SimulatedPassTimes(s, new StepLayouts(w.layout().toPlan(), s.model().orElseThrow(),
                MeshSplit.of(s.system().slice().shape())));
        double chunksMs = (exact.timeNs(Phase.PREFILL, 1, 128, 128) + exact.timeNs(Phase.PREFILL, 1, 128, 384)) / 1e6;
        double lo = exact.timeNs(Phase.DECODE, 1, 1, 1), hi = exact.timeNs(Phase.DECODE, 1, 1, 256);
        double decodeMs = (lo + (hi - lo) * (201 - 1) / 255.0) / 1e6;
        TraceResult.RequestRow row = r.requests().get(0);
        assertEquals(chunksMs, row.ttftMs(), 1e-9);
        assertEquals(decodeMs, row.tpotMs(), 1e-9);
        assertEquals(2, r.serving().chunkedPrefill().prefillChunks());
        assertEquals(0, r.serving().chunkedPrefill().mixedPasses());
        assertEquals(128, r.serving().chunkedPrefill().tokenBudget());
    }

    @Test
    void otherPolicies_haveNoServingBlock(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("one.csv"), "arrival_s,input_tokens,output_tokens\n0,64,2\n");
        assertNull(TraceRunTest.run(TraceRunTest.scenario(dir, """
                workload: {kind: trace, file: one.csv, batching: {policy: continuous, max_batch: 8}}
                """)).serving());
        assertNotNull(TraceRunTest.run(TraceRunTest.scenario(dir, """
                workload: {kind: trace, file: one.csv, batching: {policy: chunked, max_batch: 8}}
                """)).serving());
    }

    @Test
    void tokenBudgetErrors_nameFileLineAndKey(@TempDir Path dir) {
        assertEquals("t.yaml:12: workload.batching.token_budget: only the chunked policy has a token budget per pass",
                assertThrows(InputException.class, () -> TraceRunTest.scenario(dir, """
                        workload:
                          kind: trace
                          synthetic: {requests: 1, arrivals: {process: poisson, rate_per_s: 1},
                                      input_tokens: {fixed: 8}, output_tokens: {fixed: 8}}
                          batching: {policy: continuous, max_batch: 4, token_budget: 64}
                        """)).getMessage());
        for (String bad : new String[] {"0", "1048577", "-3"}) {
            assertEquals("t.yaml:12: workload.batching.token_budget: expected a whole number of tokens per pass from "
                            + "1 to 1048576 (2^20), found " + bad,
                    assertThrows(InputException.class, () -> TraceRunTest.scenario(dir, """
                            workload:
                              kind: trace
                              synthetic: {requests: 1, arrivals: {process: poisson, rate_per_s: 1},
                                          input_tokens: {fixed: 8}, output_tokens: {fixed: 8}}
                              batching: {policy: chunked, max_batch: 4, token_budget: %s}
                            """.formatted(bad))).getMessage());
        }
    }

    @Test
    void kvCacheErrors_nameFileLineAndKey(@TempDir Path dir) {
        String head = """
                workload:
                  kind: trace
                  synthetic: {requests: 1, arrivals: {process: poisson, rate_per_s: 1},
                              input_tokens: {fixed: 8}, output_tokens: {fixed: 8}}
                  batching: {policy: %s, max_batch: 4}
                  kv_cache: {%s}
                """;
        assertEquals("t.yaml:13: workload.kv_cache: a paged KV cache needs the continuous or chunked policy (static "
                        + "batching reserves its padded context for the batch's life)",
                assertThrows(InputException.class, () -> TraceRunTest.scenario(dir,
                        head.formatted("static", "block_tokens: 16"))).getMessage());
        assertEquals("t.yaml:13: workload.kv_cache.block_tokens: expected a whole number of positions per block from 1 "
                        + "to 65536, found 0",
                assertThrows(InputException.class, () -> TraceRunTest.scenario(dir,
                        head.formatted("continuous", "block_tokens: 0"))).getMessage());
        assertEquals("t.yaml:13: workload.kv_cache.preemption: unknown preemption 'evict' (expected one of recompute, "
                        + "swap)",
                assertThrows(InputException.class, () -> TraceRunTest.scenario(dir,
                        head.formatted("chunked", "preemption: evict"))).getMessage());
        assertEquals("t.yaml:13: workload.kv_cache.blocks: unknown key 'blocks' (expected one of block_tokens, preemption)",
                assertThrows(InputException.class, () -> TraceRunTest.scenario(dir,
                        head.formatted("chunked", "blocks: 4"))).getMessage());
    }

    @Test
    void prefixCacheErrors_nameFileLineAndKey(@TempDir Path dir) {
        String w = """
                workload:
                  kind: trace
                  synthetic: {requests: 1, arrivals: {process: poisson, rate_per_s: 1},
                              input_tokens: {fixed: 8}, output_tokens: {fixed: 8}%s}
                  batching: {policy: continuous, max_batch: 4}
                %s
                """;
        assertEquals("t.yaml:13: workload.prefix_cache: prefix caching shares KV blocks: it needs a paged kv_cache "
                        + "block", assertThrows(InputException.class, () -> TraceRunTest.scenario(dir,
                w.formatted("", "  prefix_cache: {capacity_blocks: 8}"))).getMessage());
        assertEquals("t.yaml:14: workload.prefix_cache.capacity_blocks: expected a whole number of blocks from 1 to "
                        + "2^40, found 0", assertThrows(InputException.class, () -> TraceRunTest.scenario(dir,
                w.formatted("", "  kv_cache: {block_tokens: 16}\n  prefix_cache: {capacity_blocks: 0}")))
                .getMessage());
        assertEquals("t.yaml:11: workload.synthetic.prefixes.share: expected a number from 0.0 to 1.0 (a share), "
                        + "found 1.5", assertThrows(InputException.class, () -> TraceRunTest.scenario(dir,
                w.formatted(", prefixes: {share: 1.5, count: 2, tokens: 4}", ""))).getMessage());
    }

    @Test
    void replicasErrors_nameFileLineAndKey(@TempDir Path dir) {
        String w = """
                workload:
                  kind: trace
                  synthetic: {requests: 1, arrivals: {process: poisson, rate_per_s: 1},
                              input_tokens: {fixed: 8}, output_tokens: {fixed: 8}}
                  batching: {policy: continuous, max_batch: 4}
                  replicas: {%s}
                """;
        assertEquals("t.yaml:13: workload.replicas.count: expected a whole number of replicas from 1 to 1024, found "
                + "1025", assertThrows(InputException.class, () -> TraceRunTest.scenario(dir,
                w.formatted("count: 1025"))).getMessage());
        assertEquals("t.yaml:13: workload.replicas.router: unknown router 'random' (expected one of round-robin, "
                + "least-tokens, prefix-affinity)", assertThrows(InputException.class, () -> TraceRunTest.scenario(dir,
                w.formatted("count: 2, router: random"))).getMessage());
    }

    @Test
    void oneReplica_givesTheFiguresOfNoReplicasBlock(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("t.csv"), "arrival_s,input_tokens,output_tokens\n0,64,4\n0.001,100,3\n");
        String w = "workload: {kind: trace, file: t.csv, batching: {policy: continuous, max_batch: 8}%s}\n";
        TraceResult plain = TraceRunTest.run(TraceRunTest.scenario(dir, w.formatted("")));
        TraceResult one = TraceRunTest.run(TraceRunTest.scenario(dir,
                w.formatted(", replicas: {count: 1, router: least-tokens}")));
        assertEquals(plain.simulated(), one.simulated());
        assertEquals(plain.analytical(), one.analytical());
    }

    @Test
    void speculativeErrors_nameFileLineAndKey(@TempDir Path dir) {
        String w = """
                workload:
                  kind: trace
                  synthetic: {requests: 1, arrivals: {process: poisson, rate_per_s: 1},
                              input_tokens: {fixed: 8}, output_tokens: {fixed: 8}}
                  batching: {policy: %s, max_batch: 4}
                  speculative: {draft: {preset: palm-8b, weights: bf16}, %s}
                """;
        assertEquals("t.yaml:13: workload.speculative.tokens: expected a whole number of proposals per step from 1 to "
                + "16, found 17", assertThrows(InputException.class, () -> TraceRunTest.scenario(dir,
                w.formatted("continuous", "tokens: 17, acceptance: 0.5"))).getMessage());
        assertEquals("t.yaml:13: workload.speculative.acceptance: expected a number from 0.0 to 1.0 (a rate), found "
                + "1.2", assertThrows(InputException.class, () -> TraceRunTest.scenario(dir,
                w.formatted("continuous", "tokens: 2, acceptance: 1.2"))).getMessage());
        assertEquals("t.yaml:13: workload.speculative: speculative decoding runs with the continuous policy and "
                + "full-context KV reservations (not chunked or static, not kv_cache)",
                assertThrows(InputException.class, () -> TraceRunTest.scenario(dir,
                w.formatted("chunked", "tokens: 2, acceptance: 0.5"))).getMessage());
    }

    @Test
    void poolsErrors_nameFileLineAndKey(@TempDir Path dir) {
        String w = """
                workload:
                  kind: trace
                  synthetic: {requests: 1, arrivals: {process: poisson, rate_per_s: 1},
                              input_tokens: {fixed: 8}, output_tokens: {fixed: 8}}
                  batching: {policy: %s, max_batch: 4}
                  pools: {prefill: {topology: %s}, decode: {topology: 2x2x1}, kv_transfer: {network: %s}}
                """;
        assertEquals("t.yaml:13: workload.pools: disaggregated pools run continuous batching with full-context KV "
                + "reservations, without kv_cache, prefix_cache, replicas or speculative in this version",
                assertThrows(InputException.class, () -> TraceRunTest.scenario(dir,
                        w.formatted("chunked", "2x2x1", "ici"))).getMessage());
        assertEquals("t.yaml:13: workload.pools.kv_transfer.network: unknown network 'wifi' (expected ici or dcn)",
                assertThrows(InputException.class, () -> TraceRunTest.scenario(dir,
                        w.formatted("continuous", "2x2x1", "wifi"))).getMessage());
        assertTrue(assertThrows(InputException.class, () -> TraceRunTest.scenario(dir,
                w.formatted("continuous", "2x2", "ici"))).getMessage().startsWith(
                "t.yaml:13: workload.pools.prefill.topology: "));
    }

    @Test
    void pools_loneRequest_ttftIsThePrefillPoolsPass_andTheKvCrossesOverIci(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("one.csv"), "arrival_s,input_tokens,output_tokens\n0,64,2\n");
        Scenario s = TraceRunTest.scenario(dir, """
                workload:
                  kind: trace
                  file: one.csv
                  batching: {policy: continuous, max_batch: 8}
                  pools: {prefill: {topology: 2x2x1}, decode: {topology: 2x2x1}, kv_transfer: {network: ici}}
                """);
        TraceResult r = TraceRunTest.run(s);
        Workload.Trace w = (Workload.Trace) s.workload();
        SimulatedPassTimes prefill = new SimulatedPassTimes(s, new StepLayouts(w.pools().prefillLayout().toPlan(),
                s.model().orElseThrow(), MeshSplit.of(s.system().slice().shape())));
        assertEquals(prefill.timeNs(Phase.PREFILL, 1, 64, 64) / 1e6, r.requests().get(0).ttftMs(), 1e-9);
        // 64 positions x 2 x 2 layers x 1 K/V head x 256 x 1 B (int8 cache of the test model? its KV dtype) over a
        // 2x2 face of links: the transfer time is latency + bytes / (4 links x the catalog's effective rate)
        TraceResult.PoolSet p = r.serving().pools();
        assertEquals(4 * s.system().chip().effectiveLinkBandwidthBytesPerSec(), p.kvTransferBytesPerS(), 1e-3);
        double bytes = 64.0 * 2 * 2 * 1 * 256 * s.model().orElseThrow().kvCache().bytes();
        assertEquals((s.system().chip().hopLatencyNs() + bytes / p.kvTransferBytesPerS() * 1e9) / 1e6,
                p.kvTransferMs().max(), 1e-9);
        assertEquals(4, p.prefill().chips());
        assertEquals(1, p.prefill().passes());
    }
}
