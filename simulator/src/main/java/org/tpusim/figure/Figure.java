package org.tpusim.figure;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A headline figure of a workload kind, defined once. Its {@link #key()} is its path under {@code simulated} and
 * {@code analytical} in results.json and the name a {@code reference:} block gives it; {@link #flatKey()} is the
 * same with underscores, as sweep points and CSV columns spell it; {@link #label()} names it on the console and in
 * reports; {@link #unit()} says how it is measured and {@link #error} how it is compared with a published value.
 */
public enum Figure {
    PREFILL_S("batch", "prefill_s", Unit.SECONDS, "prefill"),
    DECODE_S("batch", "decode_s", Unit.SECONDS, "decode (all steps)"),
    DECODE_PER_TOKEN_MS("batch", "decode_per_token_ms", Unit.MILLISECONDS, "decode per token"),
    TOTAL_S("batch", "total_s", Unit.SECONDS, "total"),
    MFU_PREFILL("batch", "mfu.prefill", Unit.FRACTION, "MFU prefill"),
    MFU_DECODE("batch", "mfu.decode", Unit.FRACTION, "MFU decode"),
    MFU_TOTAL("batch", "mfu.total", Unit.FRACTION, "MFU total"),
    COST_PREFILL("batch", "cost_chip_ms_per_token.prefill", Unit.CHIP_MS_PER_TOKEN, "cost prefill (chip-ms per token)"),
    COST_DECODE("batch", "cost_chip_ms_per_token.decode", Unit.CHIP_MS_PER_TOKEN, "cost decode (chip-ms per token)"),
    COLLECTIVE_TIME_S("collective", "time_s", Unit.SECONDS, "time"),
    TRANSFER_TIME_S("transfer", "time_s", Unit.SECONDS, "time"),
    TTFT_P50_MS("trace", "ttft_ms.p50", Unit.MILLISECONDS, "TTFT p50"),
    TTFT_P99_MS("trace", "ttft_ms.p99", Unit.MILLISECONDS, "TTFT p99"),
    TPOT_P50_MS("trace", "tpot_ms.p50", Unit.MILLISECONDS, "TPOT p50"),
    TPOT_P99_MS("trace", "tpot_ms.p99", Unit.MILLISECONDS, "TPOT p99"),
    E2E_P50_MS("trace", "e2e_ms.p50", Unit.MILLISECONDS, "e2e p50"),
    E2E_P99_MS("trace", "e2e_ms.p99", Unit.MILLISECONDS, "e2e p99"),
    THROUGHPUT_TOKENS_PER_S("trace", "throughput_tokens_per_s", Unit.TOKENS_PER_SECOND, "throughput"),
    TRACE_MFU("trace", "mfu", Unit.FRACTION, "MFU");

    /** The figures of one sweep point, in the order a points file holds them. */
    public static final List<Figure> POINT_FIGURES = List.of(PREFILL_S, DECODE_PER_TOKEN_MS, MFU_PREFILL, MFU_DECODE,
            COST_PREFILL, COST_DECODE);

    private final String kind;
    private final String key;
    private final Unit unit;
    private final String label;

    Figure(String kind, String key, Unit unit, String label) {
        this.kind = kind;
        this.key = key;
        this.unit = unit;
        this.label = label;
    }

    /** The workload kind whose results carry this figure: batch, collective, transfer or trace. */
    public String kind() {
        return kind;
    }

    /** The path under {@code simulated} / {@code analytical} in results.json, e.g. {@code mfu.prefill}. */
    public String key() {
        return key;
    }

    /** The key with underscores for dots, e.g. {@code mfu_prefill}: sweep points and CSV columns. */
    public String flatKey() {
        return key.replace('.', '_');
    }

    public Unit unit() {
        return unit;
    }

    /** How the console and reports name it. */
    public String label() {
        return label;
    }

    /** True for fractions (MFU), whose error is a difference in percentage points. */
    public boolean fraction() {
        return unit == Unit.FRACTION;
    }

    /** Relative error for times and rates, (simulated - reference) / reference; for fractions, the difference. */
    public double error(double simulated, double reference) {
        return fraction() ? simulated - reference : (simulated - reference) / reference;
    }

    /** The figure of {@code workloadKind} named {@code key}. */
    public static Optional<Figure> find(String workloadKind, String key) {
        return Arrays.stream(values()).filter(f -> f.kind.equals(workloadKind) && f.key.equals(key)).findFirst();
    }

    /** The keys of {@code workloadKind}'s figures, comma-separated, for messages. */
    public static String keysFor(String workloadKind) {
        return Arrays.stream(values()).filter(f -> f.kind.equals(workloadKind)).map(Figure::key)
                .collect(Collectors.joining(", "));
    }

    /** The figures of {@code workloadKind}, in declaration order. */
    public static List<Figure> of(String workloadKind) {
        return Arrays.stream(values()).filter(f -> f.kind.equals(workloadKind)).toList();
    }
}
