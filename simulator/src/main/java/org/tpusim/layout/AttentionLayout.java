package org.tpusim.layout;

import java.util.Optional;
import org.tpusim.keys.Keyed;
import org.tpusim.keys.Keys;

/**
 * How attention and its KV cache are partitioned (Pope et al. 2022, sec. 3.3, Fig 4). Projections with a
 * heads dimension follow the feedforward layout either way.
 */
public enum AttentionLayout implements Keyed {
    /**
     * Sharded over heads (Fig 4a/4b). Multihead: heads split over the chips, partially replicated when
     * there are more chips than heads. Multiquery: the single K/V head is replicated on every chip.
     */
    HEAD("head"),
    /** Sharded over batch (Fig 4c): each chip holds the K/V of B/n sequences; two all-to-alls per layer. */
    BATCH("batch");

    private final String key;

    AttentionLayout(String key) {
        this.key = key;
    }

    /** The scenario spelling, e.g. {@code batch}. */
    @Override
    public String key() {
        return key;
    }

    public static Optional<AttentionLayout> fromKey(String key) {
        return Keys.fromKey(AttentionLayout.class, key);
    }

    /** "head, batch", for messages. */
    public static String allKeys() {
        return Keys.allKeys(AttentionLayout.class);
    }
}
