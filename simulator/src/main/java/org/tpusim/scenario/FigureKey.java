package org.tpusim.scenario;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The result figures a {@code reference:} block may name, per workload kind, and how to measure the error:
 * times relative to the published value, fractions (MFU) as a difference in percentage points. How to read
 * each figure from a result is {@code org.tpusim.validation}'s business, so that the loader, which checks
 * the names, needs no result types.
 */
public enum FigureKey {
    PREFILL_S("batch", "prefill_s", false),
    DECODE_S("batch", "decode_s", false),
    DECODE_PER_TOKEN_MS("batch", "decode_per_token_ms", false),
    TOTAL_S("batch", "total_s", false),
    MFU_PREFILL("batch", "mfu.prefill", true),
    MFU_DECODE("batch", "mfu.decode", true),
    MFU_TOTAL("batch", "mfu.total", true),
    COST_PREFILL("batch", "cost_chip_ms_per_token.prefill", false),
    COST_DECODE("batch", "cost_chip_ms_per_token.decode", false),
    COLLECTIVE_TIME_S("collective", "time_s", false),
    TRANSFER_TIME_S("transfer", "time_s", false);

    private final String kind;
    private final String key;
    private final boolean fraction;

    FigureKey(String kind, String key, boolean fraction) {
        this.kind = kind;
        this.key = key;
        this.fraction = fraction;
    }

    /** The workload kind whose results carry this figure: batch, collective or transfer. */
    public String kind() {
        return kind;
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

    /** Relative error for times, (simulated - reference) / reference; for fractions, the difference. */
    public double error(double simulated, double reference) {
        return fraction ? simulated - reference : (simulated - reference) / reference;
    }
}
