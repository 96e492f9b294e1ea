package org.tpusim.validation;

import org.tpusim.result.BatchResult;
import org.tpusim.result.CollectiveResult;
import org.tpusim.result.TransferResult;
import org.tpusim.result.WorkloadResult;
import org.tpusim.scenario.FigureKey;

/** Reads the simulated and the analytical value of a {@link FigureKey} from a workload result. */
final class FigureValues {
    private FigureValues() {
    }

    static double simulated(FigureKey k, WorkloadResult r) {
        if (r instanceof BatchResult b) {
            return batchFigure(k, b.simulated());
        } else if (r instanceof CollectiveResult c) {
            return c.simulated().timeS();
        } else if (r instanceof TransferResult t) {
            return t.simulated().timeS();
        }
        throw new IllegalArgumentException("no figure " + k.key() + " in a " + r.kind() + " result");
    }

    static double analytical(FigureKey k, WorkloadResult r) {
        if (r instanceof BatchResult b) {
            return batchFigure(k, b.analytical());
        } else if (r instanceof CollectiveResult c) {
            return c.analytical().timeS();
        } else if (r instanceof TransferResult t) {
            return t.analytical().timeS();
        }
        throw new IllegalArgumentException("no figure " + k.key() + " in a " + r.kind() + " result");
    }

    private static double batchFigure(FigureKey k, BatchResult.Figures f) {
        return switch (k) {
            case PREFILL_S -> f.prefillS();
            case DECODE_S -> f.decodeS();
            case DECODE_PER_TOKEN_MS -> f.decodePerTokenMs();
            case TOTAL_S -> f.totalS();
            case MFU_PREFILL -> f.mfu().prefill();
            case MFU_DECODE -> f.mfu().decode();
            case MFU_TOTAL -> f.mfu().total();
            case COST_PREFILL -> f.costChipMsPerToken().prefill();
            case COST_DECODE -> f.costChipMsPerToken().decode();
            // the loader accepts only batch figures in a batch scenario's reference block
            case COLLECTIVE_TIME_S, TRANSFER_TIME_S ->
                    throw new IllegalArgumentException("no figure " + k.key() + " in a batch result");
        };
    }
}
