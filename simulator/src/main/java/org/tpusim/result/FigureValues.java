package org.tpusim.result;

import org.tpusim.figure.Figure;

/** Reads the simulated and the analytical value of a {@link Figure} from a workload result. */
public final class FigureValues {
    private FigureValues() {
    }

    /** The simulated value of {@code f} in {@code r}; NaN when the run has no such value (e.g. TPOT of 1-token requests). */
    public static double simulated(Figure f, WorkloadResult r) {
        return value(f, r, true);
    }

    /** The analytical model's value of {@code f} in {@code r}; NaN when the run has no such value. */
    public static double analytical(Figure f, WorkloadResult r) {
        return value(f, r, false);
    }

    private static double value(Figure f, WorkloadResult r, boolean simulated) {
        if (!f.kind().equals(r.kind())) {
            throw new IllegalArgumentException("no figure " + f.key() + " in a " + r.kind() + " result");
        }
        if (r instanceof BatchResult b) {
            return of(f, simulated ? b.simulated() : b.analytical());
        } else if (r instanceof CollectiveResult c) {
            return simulated ? c.simulated().timeS() : c.analytical().timeS();
        } else if (r instanceof TransferResult t) {
            return simulated ? t.simulated().timeS() : t.analytical().timeS();
        } else if (r instanceof TraceResult t) {
            return of(f, simulated ? t.simulated() : t.analytical());
        }
        throw new IllegalArgumentException("no figure " + f.key() + " in a " + r.kind() + " result");
    }

    /** The value of batch figure {@code f} in {@code figures}. */
    public static double of(Figure f, BatchResult.Figures figures) {
        return switch (f) {
            case PREFILL_S -> figures.prefillS();
            case DECODE_S -> figures.decodeS();
            case DECODE_PER_TOKEN_MS -> figures.decodePerTokenMs();
            case TOTAL_S -> figures.totalS();
            case MFU_PREFILL -> figures.mfu().prefill();
            case MFU_DECODE -> figures.mfu().decode();
            case MFU_TOTAL -> figures.mfu().total();
            case COST_PREFILL -> figures.costChipMsPerToken().prefill();
            case COST_DECODE -> figures.costChipMsPerToken().decode();
            default -> throw new IllegalArgumentException("no figure " + f.key() + " in a batch result");
        };
    }

    /** The value of trace figure {@code f} in {@code figures}; NaN for TPOT when no request had two tokens. */
    public static double of(Figure f, TraceResult.Figures figures) {
        return switch (f) {
            case TTFT_P50_MS -> figures.ttftMs().p50();
            case TTFT_P99_MS -> figures.ttftMs().p99();
            case TPOT_P50_MS -> figures.tpotMs() == null ? Double.NaN : figures.tpotMs().p50();
            case TPOT_P99_MS -> figures.tpotMs() == null ? Double.NaN : figures.tpotMs().p99();
            case E2E_P50_MS -> figures.e2eMs().p50();
            case E2E_P99_MS -> figures.e2eMs().p99();
            case THROUGHPUT_TOKENS_PER_S -> figures.throughputTokensPerS();
            case TRACE_MFU -> figures.mfu();
            default -> throw new IllegalArgumentException("no figure " + f.key() + " in a trace result");
        };
    }
}
