package org.tpusim.execution;

import java.util.Optional;
import org.tpusim.keys.Keyed;
import org.tpusim.keys.Keys;

/**
 * How a chip overlaps communication with computation.
 *
 * <ul>
 *   <li>{@link #NONE}: every op waits for the previous one; nothing overlaps.
 *   <li>{@link #ASYNC}: compute ops issue in program order on the chip's core as soon as their inputs are
 *       ready; collectives start as soon as theirs are and run beside independent compute.
 *   <li>{@link #COLLECTIVE_EINSUM}: ASYNC, and each collective that feeds or is fed by a matmul is decomposed
 *       with it into chunks that pipeline (the paper's Looped CollectiveEinsum, sec. 3.5): chunk c of the
 *       collective overlaps the matmul on chunk c-1. See {@link CollectiveEinsum}.
 * </ul>
 */
public enum Overlap implements Keyed {
    NONE("none"),
    ASYNC("async"),
    COLLECTIVE_EINSUM("collective-einsum");

    private final String key;

    Overlap(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static Optional<Overlap> fromKey(String key) {
        return Keys.fromKey(Overlap.class, key);
    }

    public static String allKeys() {
        return Keys.allKeys(Overlap.class);
    }
}
