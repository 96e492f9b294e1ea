package org.tpusim.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tpusim.cli.TpusimCommand;

/**
 * The paper-validation set run as `tpusim validate` does, with the catalog's calibrated TPU v4 parameters:
 * the error against the published figures must stay within the bounds below (regressions fail the build),
 * and the paper's qualitative findings must hold.
 */
class PaperValidationTest {
    /** Mean absolute relative error over the time figures. */
    static final double MAX_MEAN_ERROR = Calibration.MAX_MEAN_ERROR;
    /** Worst single time figure, excluding the documented outliers. */
    static final double MAX_WORST_ERROR = Calibration.MAX_WORST_ERROR;
    /** Mean absolute MFU error, as a fraction (0.03 = 3 percentage points). */
    static final double MAX_MEAN_MFU_ERROR = Calibration.MAX_MEAN_MFU_ERROR;

    @TempDir
    static Path out;

    /** scenario + " " + key -> simulated value; and the rows. */
    static final Map<String, double[]> ROWS = new HashMap<>();

    @BeforeAll
    static void runValidation() throws IOException {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = TpusimCommand.execute(new PrintWriter(o), new PrintWriter(e), "validate", "--out", out.toString(),
                "--scenarios", "../scenarios/paper");
        assertEquals(0, code, e.toString());
        List<String> lines = Files.readAllLines(out.resolve("validation/validation.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
            // scenario, source, key, published, simulated, analytical, error_simulated, error_analytical, unit
            ROWS.put(f[0] + " " + f[2], new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[6]), f[8].equals("relative") ? 0 : 1});
        }
    }

    @Test
    void errorsStayWithinTheCalibratedBounds() {
        double sum = 0;
        double worst = 0;
        String worstId = "";
        int n = 0;
        double mfu = 0;
        int m = 0;
        for (Map.Entry<String, double[]> r : ROWS.entrySet()) {
            double err = Math.abs(r.getValue()[2]);
            if (r.getValue()[3] == 1) {
                mfu += err;
                m++;
                continue;
            }
            if (r.getKey().endsWith("max_context_tokens")) {
                continue;   // Table 1 is memory, not latency: it has its own test (KvCacheShardingTest)
            }
            sum += err;
            n++;
            if (!Calibration.OUTLIERS.contains(r.getKey()) && err > worst) {
                worst = err;
                worstId = r.getKey();
            }
        }
        assertTrue(n > 60 && m > 35, "the validation set shrank: " + n + " time and " + m + " MFU figures");
        assertTrue(sum / n <= MAX_MEAN_ERROR, "mean |error| " + sum / n + " > " + MAX_MEAN_ERROR);
        assertTrue(worst <= MAX_WORST_ERROR, "worst |error| " + worst + " at " + worstId + " > " + MAX_WORST_ERROR);
        assertTrue(mfu / m <= MAX_MEAN_MFU_ERROR, "mean |MFU error| " + mfu / m + " > " + MAX_MEAN_MFU_ERROR);
    }

    private static double sim(String id) {
        double[] r = ROWS.get(id);
        assertTrue(r != null, "no validation figure " + id);
        return r[1];
    }

    /**
     * Figure 6: 2D beats 1D weight-stationary decode at every chip count and the gap widens with chips (the paper:
     * 1D/2D = 1.04, 1.29, 1.32). With flat-ring loops 1D's collectives over all chips are the slower ones from 64
     * chips on; the model's gap widens faster than the paper's (docs/calibration.md, "Points that still miss").
     */
    @Test
    void twoDimensionalWeightStationaryBeatsOneDimensionalAndTheGapWidensWithChips() {
        double gap64 = sim("fig6-ws-1d-64chips decode_per_token_ms") / sim("fig6-ws-2d-64chips decode_per_token_ms");
        double gap128 = sim("fig6-ws-1d-128chips decode_per_token_ms")
                / sim("fig6-ws-2d-128chips decode_per_token_ms");
        double gap256 = sim("fig6-ws-1d-256chips decode_per_token_ms")
                / sim("fig6-ws-2d-256chips decode_per_token_ms");
        assertTrue(gap64 > 1 && gap128 > 1 && gap256 > 1, "2D must beat 1D at 64, 128 and 256 chips: 1D/2D = "
                + gap64 + ", " + gap128 + ", " + gap256);
        assertTrue(gap256 > gap128 && gap128 > gap64, "the gap must widen with chips: " + gap64 + ", " + gap128 + ", "
                + gap256);
    }

    /**
     * Figure 7: weight-gathered overtakes weight-stationary for large-batch prefill, between batch 64 (where gathering
     * every layer's weights over one ring through the 64 chips takes longer than the batch's compute) and batch 128.
     */
    @Test
    void weightGatheredOvertakesWeightStationaryForLargeBatchPrefill() {
        assertTrue(sim("fig7-wgxyz-b64 mfu.prefill") < sim("fig7-ws2d-b64 mfu.prefill"),
                "at batch 64 weight-stationary must still win");
        for (int b : new int[] {128, 256, 512}) {
            assertTrue(sim("fig7-wgxyz-b" + b + " mfu.prefill") > sim("fig7-ws2d-b" + b + " mfu.prefill"), "batch " + b);
        }
    }

    @Test
    void batchShardedMultiqueryKeepsDecodeFlatWithContextWhileTheOthersGrow() {
        double flat = sim("fig8-mqa-batch-ctx8192 decode_per_token_ms") / sim("fig8-mqa-batch-ctx128 decode_per_token_ms");
        double head = sim("fig8-mqa-head-ctx8192 decode_per_token_ms") / sim("fig8-mqa-head-ctx128 decode_per_token_ms");
        double mha = sim("fig8-multihead-ctx8192 decode_per_token_ms") / sim("fig8-multihead-ctx128 decode_per_token_ms");
        assertTrue(flat < 1.2, "batch-sharded multiquery grew " + flat + "x from 128 to 8192 tokens");
        assertTrue(head > 3 && mha > 2, "head-sharded variants grew only " + head + "x and " + mha + "x");
    }

    @Test
    void int8CutsLowBatchLatency() {
        assertTrue(sim("table2-decode-b64-int8 decode_per_token_ms") < 0.85 * sim("sec44-decode-b64-bf16 decode_per_token_ms"));
    }
}
