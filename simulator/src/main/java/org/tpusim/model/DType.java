package org.tpusim.model;

import java.util.Optional;
import org.tpusim.keys.Keyed;
import org.tpusim.keys.Keys;

/**
 * A numeric format: the storage type of weights, activations or the KV cache, and the arithmetic of the
 * matmuls ({@link ModelConfig#activations()}). As storage, int8 and fp8 are one byte per element; with bf16
 * activations the matmuls run in bf16 and 1-byte weights are dequantised on the fly, so they change bytes
 * moved, never the arithmetic rate (Pope et al. 2022, sec. 3.6). With int8 (fp8) activations and weights the
 * matmuls run on the chip's int8 (fp8) matrix rate (catalog {@code peak_int8_ops_per_s},
 * {@code peak_fp8_flops_per_s}).
 */
public enum DType implements Keyed {
    BF16("bf16", 2),
    INT8("int8", 1),
    /** 8-bit floating point (e4m3/e5m2; the bytes are what matters here). */
    FP8("fp8", 1);

    private final String key;
    private final int bytes;

    DType(String key, int bytes) {
        this.key = key;
        this.bytes = bytes;
    }

    /** The scenario spelling, e.g. {@code bf16}. */
    @Override
    public String key() {
        return key;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    public static Optional<DType> fromKey(String key) {
        return Keys.fromKey(DType.class, key);
    }

    /** "bf16, int8, fp8", for messages. */
    public static String allKeys() {
        return Keys.allKeys(DType.class);
    }
}
