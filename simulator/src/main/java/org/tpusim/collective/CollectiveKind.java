package org.tpusim.collective;

import java.util.Optional;
import org.tpusim.keys.Keyed;
import org.tpusim.keys.Keys;

/**
 * The collectives, with the meaning of {@code bytesPerChip} (the paper's D, App. A.1) for each, and the
 * factor that turns algorithmic bandwidth into bus bandwidth (the conventional normalisation that makes
 * bus bandwidth comparable with the link bandwidth an optimal algorithm achieves).
 */
public enum CollectiveKind implements Keyed {
    /** D = per-chip output; each chip starts with D/K. */
    ALL_GATHER("all-gather"),
    /** D = per-chip input; each chip ends with its reduced D/K. */
    REDUCE_SCATTER("reduce-scatter"),
    /** D = the buffer; reduce-scatter then all-gather. */
    ALL_REDUCE("all-reduce"),
    /** D = the per-chip buffer; each chip sends D/K to every other member directly. */
    ALL_TO_ALL("all-to-all"),
    /** D = the buffer each chip sends to the next chip along the group's first axis (cyclic). */
    COLLECTIVE_PERMUTE("collective-permute");

    private final String key;

    CollectiveKind(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static Optional<CollectiveKind> fromKey(String key) {
        return Keys.fromKey(CollectiveKind.class, key);
    }

    public static String allKeys() {
        return Keys.allKeys(CollectiveKind.class);
    }

    /** Bus bandwidth / algorithmic bandwidth for a group of K chips. */
    public double busBandwidthFactor(int k) {
        return switch (this) {
            case ALL_GATHER, REDUCE_SCATTER, ALL_TO_ALL -> (k - 1) / (double) k;
            case ALL_REDUCE -> 2.0 * (k - 1) / k;
            case COLLECTIVE_PERMUTE -> 1.0;
        };
    }

    /** Whether D must split into K equal shards. */
    public boolean needsEqualShards() {
        return this != COLLECTIVE_PERMUTE;
    }
}
