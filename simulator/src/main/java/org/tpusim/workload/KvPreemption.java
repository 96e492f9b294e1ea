package org.tpusim.workload;

import java.util.Optional;
import org.tpusim.keys.Keyed;
import org.tpusim.keys.Keys;

/** What a paged KV cache does with the newest running request when blocks run out ({@code kv_cache.preemption}). */
public enum KvPreemption implements Keyed {
    /** Drop its KV; it waits at the head of the queue and prefills its whole context again (vLLM's default). */
    RECOMPUTE("recompute"),
    /** Copy its KV blocks to host memory over the host link; copy them back before it runs again. */
    SWAP("swap");

    private final String key;

    KvPreemption(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static Optional<KvPreemption> fromKey(String key) {
        return Keys.fromKey(KvPreemption.class, key);
    }

    public static String allKeys() {
        return Keys.allKeys(KvPreemption.class);
    }
}
