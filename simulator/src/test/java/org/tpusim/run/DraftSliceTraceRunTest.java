package org.tpusim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tpusim.input.InputException;
import org.tpusim.layout.LayoutPlan;
import org.tpusim.layout.MeshSplit;
import org.tpusim.result.TraceResult;
import org.tpusim.scenario.Disaggregation;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.Workload;
import org.tpusim.workload.ShapeBuckets;
import org.tpusim.workload.StepLayouts;

/**
 * Speculative decoding with the draft on a slice of its own ({@code speculative.draft_slice}), end to end on the
 * real chip-level pass simulation: the target is {@link TraceRunTest}'s small model on 2x2x1, the draft a one-layer
 * model on its own 2x2x2.
 */
class DraftSliceTraceRunTest {
    static final String DRAFT = "{layers: 1, d_model: 2048, d_ff: 8192, heads: 16, d_head: 128, kv_heads: 1, "
            + "ffn_matrices: 3, parallel_block: true, vocab: 256000, weights: bf16}";

    static String workload(String file, String speculative) {
        return """
                workload:
                  kind: trace
                  file: %s
                  batching: {policy: continuous, max_batch: 8}
                """.formatted(file) + (speculative == null ? "" : "  speculative: " + speculative + "\n");
    }

    @Test
    void loneRequest_stepIsKDraftDecodesOnTheDraftSlice_thenTheVerifyOnTheTarget(@TempDir Path dir)
            throws IOException {
        // prompt 64, 9 output tokens, k = 3, every proposal accepted: the first token from the prefill, then two
        // steps of 4 tokens. Step 1 reads context 64 + 1 = 65, step 2 64 + 5 = 69.
        Files.writeString(dir.resolve("one.csv"), "arrival_s,input_tokens,output_tokens\n1.0,64,9\n");
        Scenario s = TraceRunTest.scenario(dir, workload("one.csv", "{draft: " + DRAFT + ", tokens: 3, acceptance: 1, "
                + "draft_slice: {topology: 2x2x2}}"));
        TraceResult r = TraceRunTest.run(s);
        Workload.Trace w = (Workload.Trace) s.workload();
        // the same pass-time caches, built by hand: the target's on its slice, the draft's on 2x2x2 (auto layout)
        StepLayouts tl = new StepLayouts(w.layout().toPlan(), s.model().orElseThrow(),
                MeshSplit.of(s.system().slice().shape()));
        ShapeBuckets target = new ShapeBuckets(new SimulatedPassTimes(s, tl), tl, 8);
        Scenario.SystemConfig ds = Disaggregation.system(s.system().chip(), "2x2x2");
        StepLayouts dl = new StepLayouts(LayoutPlan.AUTO, w.speculative().draft(), MeshSplit.of(ds.slice().shape()));
        Scenario onDraft = new Scenario(s.source(), s.name(), s.description(), s.seed(), ds, s.simulation(), s.model(),
                s.execution(), s.workload(), s.reference());
        ShapeBuckets draft = new ShapeBuckets(new SimulatedPassTimes(onDraft, dl), dl, 8);
        // the prefill: the draft prefills the prompt on its slice beside the target's prefill
        double prefill = Math.max(target.prefill(1, 64, 0).timeNs(), draft.prefill(1, 64, 0).timeNs());
        double steps = 0;
        for (long context : new long[] {65, 69}) {
            for (int i = 0; i < 3; i++) {
                steps += draft.decode(1, context + i).timeNs();
            }
            steps += target.prefill(1, 4, context - 1).timeNs();   // verify: k + 1 tokens after the context
        }
        TraceResult.RequestRow row = r.requests().get(0);
        assertEquals(prefill / 1e6, row.ttftMs(), 1e-9);
        assertEquals(steps / 8 / 1e6, row.tpotMs(), 1e-9);
        TraceResult.Speculative sp = r.serving().speculative();
        assertEquals("2x2x2", sp.draftTopology());
        assertEquals(8, sp.draftChips());
        assertEquals(3.0, sp.acceptedPerStep(), 1e-12);
        // cost counts both slices' chips: (4 + 8) chips x the run's duration per output token
        assertEquals(12 * r.simulated().durationS() * 1e3 / 9, r.simulated().costChipMsPerToken(), 1e-9);
    }

    @Test
    void ownSlice_targetKeepsItsWholeKvBudget_sharedSliceLosesTheDraftsShare(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("one.csv"), "arrival_s,input_tokens,output_tokens\n1.0,64,9\n");
        long plain = TraceRunTest.run(TraceRunTest.scenario(dir, workload("one.csv", null))).kvCache().capacityTokens();
        TraceResult own = TraceRunTest.run(TraceRunTest.scenario(dir, workload("one.csv", "{draft: " + DRAFT
                + ", tokens: 3, acceptance: 1, draft_slice: {topology: 2x2x2}}")));
        TraceResult shared = TraceRunTest.run(TraceRunTest.scenario(dir, workload("one.csv", "{draft: " + DRAFT
                + ", tokens: 3, acceptance: 1}")));
        // the draft (1 layer, d_head 128, on 8 chips) holds more positions than the target: admission is the target's
        assertTrue(own.serving().speculative().draftKvCapacityTokens() > plain);
        assertEquals(plain, own.kvCache().capacityTokens());
        assertTrue(shared.kvCache().capacityTokens() < plain);
        assertNull(shared.serving().speculative().draftTopology());
        assertNull(shared.serving().speculative().draftChips());
    }

    @Test
    void draftThatDoesNotFitItsSlice_isAnInputErrorNamingTheKey(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("one.csv"), "arrival_s,input_tokens,output_tokens\n1.0,64,9\n");
        // PaLM 540B in bf16 on 4 chips: about 270 GB of weights per chip against 32 GiB of HBM
        InputException e = assertThrows(InputException.class, () -> TraceRunTest.scenario(dir, workload("one.csv",
                "{draft: {preset: palm-540b, weights: bf16}, tokens: 3, acceptance: 1, "
                        + "draft_slice: {topology: 2x2x1}}")));
        assertTrue(e.getMessage().startsWith("t.yaml:12: workload.speculative.draft_slice.topology: the draft model "
                + "does not fit its slice: no HBM left for the KV cache: weights 25"), e.getMessage());
        assertTrue(e.getMessage().endsWith(" per chip of 32.0 GiB"), e.getMessage());
        assertThrows(InputException.class, () -> TraceRunTest.scenario(dir, workload("one.csv", "{draft: " + DRAFT
                + ", tokens: 3, acceptance: 1, draft_slice: {topology: 2x2x1, chips: 4}}")));
    }
}
