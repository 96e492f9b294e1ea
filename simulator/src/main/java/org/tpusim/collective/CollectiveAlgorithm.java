package org.tpusim.collective;

import java.util.Optional;
import org.tpusim.keys.Keyed;
import org.tpusim.keys.Keys;

/**
 * How all-gather, reduce-scatter and all-reduce move data along one axis. (All-to-all is always direct
 * sends and collective-permute a single send; they ignore this choice.)
 *
 * <p>On an axis with wraparound (a ring of K chips), each of K-1 steps sends one message to the next
 * chip and waits for the message from the previous one. {@link #BIDIRECTIONAL_RING} splits every shard
 * into two halves that travel opposite ways, using both directions of every link; {@link
 * #UNIDIRECTIONAL_RING} sends whole shards one way. On an axis without wraparound (a line) a ring does
 * not exist; both choices then use the bidirectional line: every shard travels both ways along the line
 * (all-gather: forwarded outwards; reduce-scatter: partial sums flow inwards from both ends), K-1 steps
 * of whole shards, which is what an implementation does on a mesh without wrap links.
 */
public enum CollectiveAlgorithm implements Keyed {
    BIDIRECTIONAL_RING("bidirectional-ring"),
    UNIDIRECTIONAL_RING("unidirectional-ring");

    private final String key;

    CollectiveAlgorithm(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static Optional<CollectiveAlgorithm> fromKey(String key) {
        return Keys.fromKey(CollectiveAlgorithm.class, key);
    }

    public static String allKeys() {
        return Keys.allKeys(CollectiveAlgorithm.class);
    }
}
