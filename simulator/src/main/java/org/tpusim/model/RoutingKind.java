package org.tpusim.model;

import java.util.Optional;
import org.tpusim.keys.Keyed;
import org.tpusim.keys.Keys;

/** How the simulation assigns tokens to experts ({@code model.routing.kind}). */
public enum RoutingKind implements Keyed {
    /** Every expert receives the same share (the expectation of a balanced router). */
    UNIFORM("uniform"),
    /** Each token draws its experts from a seeded Zipf distribution over a seeded ranking of the experts. */
    ZIPF("zipf"),
    /** Per-expert shares read from a file. */
    FILE("file");

    private final String key;

    RoutingKind(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static Optional<RoutingKind> fromKey(String key) {
        return Keys.fromKey(RoutingKind.class, key);
    }

    public static String allKeys() {
        return Keys.allKeys(RoutingKind.class);
    }
}
