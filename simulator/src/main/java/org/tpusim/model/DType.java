package org.tpusim.model;

import java.util.Optional;
import org.tpusim.keys.Keyed;
import org.tpusim.keys.Keys;

/**
 * Storage type of weights or of the KV cache. Matmuls always run in bf16: int8 weights are dequantised
 * on the fly, so int8 changes bytes moved, never FLOPs (Pope et al. 2022, sec. 3.6).
 */
public enum DType implements Keyed {
    BF16("bf16", 2),
    INT8("int8", 1);

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

    /** "bf16, int8", for messages. */
    public static String allKeys() {
        return Keys.allKeys(DType.class);
    }
}
