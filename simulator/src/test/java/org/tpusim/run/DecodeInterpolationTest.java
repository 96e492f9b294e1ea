package org.tpusim.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.layout.MeshSplit;
import org.tpusim.model.Phase;
import org.tpusim.scenario.Scenario;
import org.tpusim.scenario.ScenarioLoader;
import org.tpusim.scenario.Workload;
import org.tpusim.workload.ShapeBuckets;
import org.tpusim.workload.StepLayouts;

/**
 * The error of pricing a decode step at an off-grid context by interpolating between grid points
 * ({@link ShapeBuckets#decodeTimeNs}), against simulating that exact context, at contexts 37 to 3000.
 * Measured when written: PaLM 540B int8 on 4x4x4, batch-sharded attention, batch 64: 3.4e-7 (worst at
 * context 130); batch 8: 3.9e-7; the 2-layer model on 2x2x1 at batch 16: 2.1e-8. The simulated decode step
 * is affine in the context (KV bytes and attention FLOPs are linear in it), so the grid costs nothing in
 * accuracy. Bound asserted: 0.5%.
 */
class DecodeInterpolationTest {
    static final double BOUND = 0.005;

    @ParameterizedTest(name = "{0} batch {1}")
    @CsvSource({
            "palm-540b int8 4x4x4, 64",
            "palm-540b int8 4x4x4, 8",
            "small 2x2x1, 16",
    })
    void interpolatedDecodeTime_isWithinBoundOfExactSimulation(String system, int batch) {
        String model = system.startsWith("palm")
                ? "system: {chip: tpu-v4, topology: 4x4x4}\nmodel: {preset: palm-540b, pad_heads_to: 64, weights: int8}\n"
                : "system: {chip: tpu-v4, topology: 2x2x1}\nmodel: {layers: 2, d_model: 8192, d_ff: 32768, heads: 32,"
                + " d_head: 256, kv_heads: 1, ffn_matrices: 3, parallel_block: true, vocab: 256000, weights: int8}\n";
        Scenario s = ScenarioLoader.withBundledCatalog().parse("t.yaml", Path.of(""), "name: t\n" + model + """
                layout:
                  decode: {ffn: ws-2d, attention: batch}
                workload:
                  kind: trace
                  synthetic: {requests: 1, arrivals: {process: poisson, rate_per_s: 1},
                              input_tokens: {fixed: 8}, output_tokens: {fixed: 8}}
                  batching: {policy: continuous, max_batch: 64}
                """);
        Workload.Trace w = (Workload.Trace) s.workload();
        StepLayouts layouts = new StepLayouts(w.layout().toPlan(), s.model().orElseThrow(),
                MeshSplit.of(s.system().slice().shape()));
        SimulatedPassTimes times = new SimulatedPassTimes(s, layouts);
        ShapeBuckets buckets = new ShapeBuckets(times, layouts, 64);
        double worst = 0;
        String at = "";
        for (long context : new long[] {37, 130, 300, 511, 700, 1000, 1500, 2049, 3000}) {
            double exact = times.timeNs(Phase.DECODE, batch, 1, context);
            double interpolated = buckets.decodeTimeNs(batch, context);
            double error = Math.abs(interpolated - exact) / exact;
            if (error > worst) {
                worst = error;
                at = "context " + context + ": exact " + exact + " ns, interpolated " + interpolated + " ns";
            }
        }
        assertTrue(worst <= BOUND, "worst relative error " + worst + " at " + at);
    }
}
