package org.tpusim.analytical;

import java.util.Optional;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;

/**
 * Which peak rate a model's matmuls run at on a chip, and whether the chip has the model's numeric formats.
 * <ul>
 *   <li>bf16 activations: the bf16 peak ({@code peak_flops_per_s}), whatever the weights (1-byte weights are
 *       dequantised to bf16 on the fly, Pope et al. 2022, sec. 3.6);</li>
 *   <li>int8 activations and weights (w8a8): the int8 peak ({@code peak_int8_ops_per_s});</li>
 *   <li>fp8 activations and weights: the fp8 peak ({@code peak_fp8_flops_per_s}).</li>
 * </ul>
 * Attention (q·K^T and the weighted sum of V) runs in bf16 in every case: an int8 or fp8 KV cache is
 * dequantised as it is read, so it halves the bytes, not the attention's arithmetic time.
 */
public final class Arithmetic {
    private Arithmetic() {
    }

    /** The peak the matmuls of {@code config} run at on {@code chip}, per second (OP/s or FLOP/s). */
    public static double matmulPeakPerSec(ChipSpec chip, ModelConfig config) {
        return switch (config.activations()) {
            case BF16 -> chip.peakFlopsPerSec();
            case INT8 -> chip.peakInt8OpsPerSec();
            case FP8 -> chip.peakFp8FlopsPerSec();
        };
    }

    /** The peak the attention (bf16) runs at, FLOP/s. */
    public static double attentionPeakPerSec(ChipSpec chip) {
        return chip.peakFlopsPerSec();
    }

    /** A format of the model the chip lacks: the model key that asks for it and why, or empty. */
    public record Missing(String key, String reason) {
    }

    /**
     * The first of the model's formats {@code chip} lacks, checked in the order activations, weights, KV cache:
     * int8 activations need an int8 matrix rate; fp8 anywhere (activations, weights, KV cache) needs the fp8
     * format (an fp8 rate). int8 storage (weights, KV cache) is dequantised by the vector unit on every chip.
     */
    public static Optional<Missing> missing(ChipSpec chip, ModelConfig config) {
        if (config.activations() == DType.INT8 && chip.peakInt8OpsPerSec() <= 0) {
            return Optional.of(new Missing("activations", "chip " + chip.name() + " has no int8 matrix arithmetic "
                    + "(catalog peak_int8_ops_per_s is 0), so w8a8 cannot run on it; expected bf16"
                    + (chip.peakFp8FlopsPerSec() > 0 ? " or fp8" : "")));
        }
        String noFp8 = "chip " + chip.name() + " has no fp8 format (catalog peak_fp8_flops_per_s is 0)";
        if (config.activations() == DType.FP8 && chip.peakFp8FlopsPerSec() <= 0) {
            return Optional.of(new Missing("activations", noFp8 + "; expected bf16"
                    + (chip.peakInt8OpsPerSec() > 0 ? " or int8" : "")));
        }
        if (config.weights() == DType.FP8 && chip.peakFp8FlopsPerSec() <= 0) {
            return Optional.of(new Missing("weights", noFp8 + "; expected bf16 or int8"));
        }
        if (config.kvCache() == DType.FP8 && chip.peakFp8FlopsPerSec() <= 0) {
            return Optional.of(new Missing("kv_cache_dtype", noFp8 + "; expected bf16 or int8"));
        }
        return Optional.empty();
    }
}
