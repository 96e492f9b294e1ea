package org.tpusim.workload;

import java.util.Optional;
import org.tpusim.keys.Keyed;
import org.tpusim.keys.Keys;

/** How a router picks the replica of each arriving request ({@code replicas.router}). */
public enum RouterKind implements Keyed {
    /** Replicas in turn, whatever they hold. */
    ROUND_ROBIN("round-robin"),
    /** The replica with the fewest tokens still to compute (prompts left + outputs left); ties: the lowest index. */
    LEAST_TOKENS("least-tokens"),
    /**
     * A request with a shared prefix goes where its prefix went last (its cached blocks are there); the first of a
     * prefix, and requests without one, as least-tokens.
     */
    PREFIX_AFFINITY("prefix-affinity");

    private final String key;

    RouterKind(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static Optional<RouterKind> fromKey(String key) {
        return Keys.fromKey(RouterKind.class, key);
    }

    public static String allKeys() {
        return Keys.allKeys(RouterKind.class);
    }
}
