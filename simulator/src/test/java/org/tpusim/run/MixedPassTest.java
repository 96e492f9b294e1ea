package org.tpusim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tpusim.analytical.MixedShape;
import org.tpusim.analytical.StepShape;
import org.tpusim.layout.MeshSplit;
import org.tpusim.model.Phase;
import org.tpusim.program.ProgramBuilder;
import org.tpusim.program.ProgramOp;
import org.tpusim.program.StepProgram;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.scenario.Workload;
import org.tpusim.workload.ShapeBuckets;
import org.tpusim.workload.StepLayouts;

/**
 * Mixed passes of chunked prefill on PaLM 540B int8, 4x4x4 (prefill ws-2d + head attention, decode ws-2d + batch
 * attention): the program the builder writes, what the simulation charges for it, and what the shape buckets cost.
 * Measured when written (bounds asserted below), beside 16 decodes at context 1024: interpolating the decode
 * part's context on its 1,024-token grid is within 8.5e-7 of exact simulation (worst at context 300); padding a
 * 100-token chunk to its 128-token bucket costs +8.7% of the pass, a 300-token cached prefix padded to 512
 * positions +0.07% (padding is charged as work: these are what the buckets cost).
 */
class MixedPassTest {
    static final Scenario S = ScenarioLoader.withBundledCatalog().parse("t.yaml", Path.of(""), """
            name: t
            system: {chip: tpu-v4, topology: 4x4x4}
            model: {preset: palm-540b, pad_heads_to: 64, weights: int8}
            layout:
              prefill: {ffn: ws-2d, attention: head}
              decode: {ffn: ws-2d, attention: batch}
            workload:
              kind: trace
              synthetic: {requests: 1, arrivals: {process: poisson, rate_per_s: 1},
                          input_tokens: {fixed: 8}, output_tokens: {fixed: 8}}
              batching: {policy: chunked, max_batch: 64, token_budget: 512}
            """);
    static final StepLayouts LAYOUTS = new StepLayouts(((Workload.Trace) S.workload()).layout().toPlan(),
            S.model().orElseThrow(), MeshSplit.of(S.system().slice().shape()));

    @Test
    void mixedProgram_projectsEveryTokenOnce_andAttendsPerPartInItsOwnLayout() {
        MixedShape shape = new MixedShape(StepShape.prefill(1, 256, 512), StepShape.decode(16, 1024));
        StepProgram p = ProgramBuilder.buildMixed(LAYOUTS.model(), LAYOUTS.mesh(), LAYOUTS.mixedPrefillLayout(shape),
                LAYOUTS.mixedDecodeAttention(shape), shape);
        Map<String, ProgramOp> ops = new HashMap<>();
        for (ProgramOp op : p.layer().ops()) {
            ops.put(op.name(), op);
        }
        // ws-2d: every chip's fused input einsum has rows = all tokens of the pass, 256 + 16 = 272
        assertEquals(272, ((ProgramOp.Compute) ops.get("w_in+w_qkv")).demand().m());
        // the decode part attends batch-sharded: q/k/v all-to-all, then 16 sequences / 64 chips -> replicated 1 each
        assertTrue(ops.containsKey("decode.qkv.all-to-all"), ops.keySet().toString());
        assertTrue(ops.containsKey("decode.attention"));
        // the prefill chunk attends head-sharded: causal over its 256 tokens and over its 512 cached positions
        assertTrue(ops.containsKey("attention") && ops.containsKey("attention.history"));
        assertTrue(!ops.containsKey("qkv.all-to-all"));
        // the embedding covers all tokens, the unembedding samples all 17 sequences
        ProgramOp lookup = p.embedding().ops().get(0);
        assertEquals(272.0 * 18432 / 64 * 1, ((ProgramOp.Compute) lookup).demand().hbmReadBytes(), 1e-6);
        assertEquals(17, ((ProgramOp.Compute) p.unembedding().ops().stream()
                .filter(o -> o.name().equals("w_unembed")).findFirst().orElseThrow()).demand().m());
    }

    @Test
    void mixedPass_costsMoreThanEitherPart_andLessThanBothInTurn() {
        SimulatedPassTimes t = new SimulatedPassTimes(S, LAYOUTS);
        for (int decodes : new int[] {8, 64}) {
            double prefill = t.timeNs(Phase.PREFILL, 1, 256, 256);
            double decode = t.timeNs(Phase.DECODE, decodes, 1, 1024);
            double mixed = t.mixedTimeNs(new MixedShape(StepShape.prefill(1, 256, 0), StepShape.decode(decodes, 1024)));
            // the weights are read once for both parts: cheaper than the two passes, dearer than either alone
            assertTrue(mixed > Math.max(prefill, decode), decodes + ": mixed " + mixed + " vs " + prefill + ", "
                    + decode);
            assertTrue(mixed < prefill + decode, decodes + ": mixed " + mixed + " vs " + (prefill + decode));
        }
    }

    @Test
    void decodeContextInterpolation_isWithinBoundOfExactSimulation() {
        SimulatedPassTimes t = new SimulatedPassTimes(S, LAYOUTS);
        ShapeBuckets buckets = new ShapeBuckets(t, LAYOUTS, 64);
        StepShape prefill = StepShape.prefill(1, 128, 0);
        double worst = 0;
        for (long context : new long[] {37, 300, 700, 1500, 3000}) {
            double exact = t.mixedTimeNs(new MixedShape(prefill, StepShape.decode(16, context)));
            double priced = buckets.mixed(1, 128, 0, 16, context).timeNs();
            worst = Math.max(worst, Math.abs(priced - exact) / exact);
        }
        assertTrue(worst <= DecodeInterpolationTest.BOUND, "worst relative error " + worst);
    }

    @Test
    void paddingToBuckets_costsLessThanItsShareOfTokens() {
        SimulatedPassTimes t = new SimulatedPassTimes(S, LAYOUTS);
        ShapeBuckets buckets = new ShapeBuckets(t, LAYOUTS, 64);
        // chunk 100 -> 128 tokens (+28%); cached prefix 300 -> 512 positions
        double exactChunk = t.mixedTimeNs(new MixedShape(StepShape.prefill(1, 100, 0), StepShape.decode(16, 1024)));
        double paddedChunk = buckets.mixed(1, 100, 0, 16, 1024).timeNs();
        assertEquals(t.mixedTimeNs(new MixedShape(StepShape.prefill(1, 128, 0), StepShape.decode(16, 1024))),
                paddedChunk, 1e-9);
        assertTrue(paddedChunk >= exactChunk && paddedChunk <= exactChunk * 128 / 100,
                "chunk padding: " + exactChunk + " -> " + paddedChunk);
        double exactPrefix = t.mixedTimeNs(new MixedShape(new StepShape(Phase.PREFILL, 1, 128, 428),
                StepShape.decode(16, 1024)));
        double paddedPrefix = buckets.mixed(1, 128, 300, 16, 1024).timeNs();
        assertTrue(paddedPrefix >= exactPrefix && paddedPrefix <= exactPrefix * 640 / 428,
                "prefix padding: " + exactPrefix + " -> " + paddedPrefix);
    }
}
