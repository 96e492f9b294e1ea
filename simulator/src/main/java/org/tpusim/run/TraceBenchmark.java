package org.tpusim.run;

import org.tpusim.result.RunResult;
import org.tpusim.result.TraceResult;
import org.tpusim.scenario.ScenarioLoader;

/**
 * The trace-replay benchmark: 10,000 requests of a chat-like synthetic stream (Poisson arrivals at 8 per
 * second; prompts lognormal, median 256 tokens; outputs lognormal, median 128 tokens) served by PaLM 540B
 * int8 on a 4x4x4 slice with continuous batching up to 64 sequences. Target: under 30 s wall. For the
 * {@code bench} command; never asserted in tests.
 */
public final class TraceBenchmark {
    static final String SCENARIO = """
            name: bench-trace-chat-10k
            seed: 11
            system: {chip: tpu-v4, topology: 4x4x4}
            model: {preset: palm-540b, pad_heads_to: 64, weights: int8}
            layout:
              decode: {ffn: ws-2d, attention: batch}
            workload:
              kind: trace
              synthetic:
                requests: %d
                arrivals: {process: poisson, rate_per_s: 8}
                input_tokens: {lognormal: {median: 256, sigma: 1.0, min: 16, max: 2048}}
                output_tokens: {lognormal: {median: 128, sigma: 0.8, min: 8, max: 512}}
              batching: {policy: continuous, max_batch: 64}
            """;

    /**
     * The serving benchmark: the same stream, 100,000 requests, chunked prefill (512 tokens a pass), paged KV.
     * Target (serving issue): under 60 s wall on 2 cores. For {@code bench --serving-only}; never asserted in tests.
     */
    static final String SERVING_SCENARIO = """
            name: bench-serving-chunked-paged-100k
            seed: 11
            system: {chip: tpu-v4, topology: 4x4x4}
            model: {preset: palm-540b, pad_heads_to: 64, weights: int8}
            layout:
              prefill: {ffn: ws-2d, attention: head}
              decode: {ffn: ws-2d, attention: batch}
            workload:
              kind: trace
              synthetic:
                requests: %d
                arrivals: {process: poisson, rate_per_s: 8}
                input_tokens: {lognormal: {median: 256, sigma: 1.0, min: 16, max: 2048}}
                output_tokens: {lognormal: {median: 128, sigma: 0.8, min: 8, max: 512}}
              batching: {policy: chunked, max_batch: 64, token_budget: 512}
              kv_cache: {block_tokens: 16, preemption: recompute}
            """;

    /**
     * @param wallS                        wall time of the whole run (load, generation, both serving runs), s
     * @param requests                     requests served
     * @param simulatedRequestsPerWallS    requests / wall time
     * @param shapesSimulated              distinct pass shapes simulated at chip level
     * @param passWallS                    wall time of those pass simulations, s
     * @param simulatedDurationS           simulated time from the first arrival to the last completion, s
     */
    public record Figures(double wallS, int requests, double simulatedRequestsPerWallS, int shapesSimulated,
                          double passWallS, double simulatedDurationS) {
    }

    private TraceBenchmark() {
    }

    public static Figures run() {
        return run(10_000);
    }

    /** Figures of the serving benchmark: as {@link Figures}, with the run's events and the mixed shapes. */
    public record ServingFigures(Figures figures, long events, int mixedShapes, long mixedPasses, long preemptions) {
    }

    /** Chunked prefill and paged KV over {@code requests} requests (the target: 100,000 in under 60 s). */
    public static ServingFigures serving(int requests) {
        long start = System.nanoTime();
        RunResult r = new ScenarioRunner().run(ScenarioLoader.withBundledCatalog()
                .parse("bench-serving.yaml", SERVING_SCENARIO.formatted(requests)));
        double wallS = (System.nanoTime() - start) / 1e9;
        TraceResult t = (TraceResult) r.result();
        Figures f = new Figures(wallS, t.simulated().requests(), t.simulated().requests() / wallS,
                t.shapes().shapesSimulated(), t.shapes().passWallS(), t.simulated().durationS());
        return new ServingFigures(f, r.run().events(), t.serving().chunkedPrefill().mixedShapesSimulated(),
                t.serving().chunkedPrefill().mixedPasses(), t.serving().pagedKv().preemptions());
    }

    public static Figures run(int requests) {
        long start = System.nanoTime();
        RunResult r = new ScenarioRunner().run(ScenarioLoader.withBundledCatalog()
                .parse("bench-trace-chat-10k.yaml", SCENARIO.formatted(requests)));
        double wallS = (System.nanoTime() - start) / 1e9;
        TraceResult t = (TraceResult) r.result();
        return new Figures(wallS, t.simulated().requests(), t.simulated().requests() / wallS,
                t.shapes().shapesSimulated(), t.shapes().passWallS(), t.simulated().durationS());
    }
}
