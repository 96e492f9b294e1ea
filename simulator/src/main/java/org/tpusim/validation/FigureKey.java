package org.tpusim.validation;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.tpusim.result.BatchResult;
import org.tpusim.result.CollectiveResult;
import org.tpusim.result.TransferResult;
import org.tpusim.result.WorkloadResult;

/**
 * The result figures a {@code reference:} block may name, per workload kind, with how to read the
 * simulated and the analytical value and how to measure the error: times relative to the published
 * value, fractions (MFU) as a difference in percentage points.
 */
public enum FigureKey {
    PREFILL_S("batch", "prefill_s", false, f -> f.prefillS()),
    DECODE_S("batch", "decode_s", false, f -> f.decodeS()),
    DECODE_PER_TOKEN_MS("batch", "decode_per_token_ms", false, f -> f.decodePerTokenMs()),
    TOTAL_S("batch", "total_s", false, f -> f.totalS()),
    MFU_PREFILL("batch", "mfu.prefill", true, f -> f.mfu().prefill()),
    MFU_DECODE("batch", "mfu.decode", true, f -> f.mfu().decode()),
    MFU_TOTAL("batch", "mfu.total", true, f -> f.mfu().total()),
    COST_PREFILL("batch", "cost_chip_ms_per_token.prefill", false, f -> f.costChipMsPerToken().prefill()),
    COST_DECODE("batch", "cost_chip_ms_per_token.decode", false, f -> f.costChipMsPerToken().decode()),
    COLLECTIVE_TIME_S("collective", "time_s", false, null),
    TRANSFER_TIME_S("transfer", "time_s", false, null);

    private final String kind;
    private final String key;
    private final boolean fraction;
    private final ToDoubleFunction<BatchResult.Figures> batchFigure;

    FigureKey(String kind, String key, boolean fraction, ToDoubleFunction<BatchResult.Figures> batchFigure) {
        this.kind = kind;
        this.key = key;
        this.fraction = fraction;
        this.batchFigure = batchFigure;
    }

    public String key() {
        return key;
    }

    /** True for fractions (MFU), whose error is a difference in percentage points. */
    public boolean fraction() {
        return fraction;
    }

    public static Optional<FigureKey> find(String workloadKind, String key) {
        return Arrays.stream(values()).filter(k -> k.kind.equals(workloadKind) && k.key.equals(key)).findFirst();
    }

    public static String keysFor(String workloadKind) {
        return Arrays.stream(values()).filter(k -> k.kind.equals(workloadKind)).map(FigureKey::key)
                .collect(Collectors.joining(", "));
    }

    public double simulated(WorkloadResult r) {
        if (r instanceof BatchResult b) {
            return batchFigure.applyAsDouble(b.simulated());
        } else if (r instanceof CollectiveResult c) {
            return c.simulated().timeS();
        } else if (r instanceof TransferResult t) {
            return t.simulated().timeS();
        }
        throw new IllegalArgumentException("no figure " + key + " in a " + r.kind() + " result");
    }

    public double analytical(WorkloadResult r) {
        if (r instanceof BatchResult b) {
            return batchFigure.applyAsDouble(b.analytical());
        } else if (r instanceof CollectiveResult c) {
            return c.analytical().timeS();
        } else if (r instanceof TransferResult t) {
            return t.analytical().timeS();
        }
        throw new IllegalArgumentException("no figure " + key + " in a " + r.kind() + " result");
    }

    /** Relative error for times, (simulated - reference) / reference; for fractions, the difference. */
    public double error(double simulated, double reference) {
        return fraction ? simulated - reference : (simulated - reference) / reference;
    }
}
