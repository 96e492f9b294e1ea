package org.tpusim.workload;

import java.util.Optional;
import java.util.function.Function;
import org.tpusim.keys.Keyed;
import org.tpusim.keys.Keys;

/** The batching policies a scenario can name, each a factory of its {@link BatchingPolicy}. */
public enum BatchingPolicyKind implements Keyed {
    /** Form a batch, prefill it, decode it to its longest request; the paper's benchmark setting. */
    STATIC("static", StaticBatching::new),
    /** Iteration-level scheduling: requests join at step boundaries and leave when done. */
    CONTINUOUS("continuous", ContinuousBatching::new),
    /** Sarathi-Serve: a token budget per pass, prompts in chunks that share passes with running decodes. */
    CHUNKED("chunked", ChunkedBatching::new);

    private final String key;
    private final Function<Batching, BatchingPolicy> factory;

    BatchingPolicyKind(String key, Function<Batching, BatchingPolicy> factory) {
        this.key = key;
        this.factory = factory;
    }

    @Override
    public String key() {
        return key;
    }

    BatchingPolicy create(Batching settings) {
        return factory.apply(settings);
    }

    public static Optional<BatchingPolicyKind> fromKey(String key) {
        return Keys.fromKey(BatchingPolicyKind.class, key);
    }

    public static String allKeys() {
        return Keys.allKeys(BatchingPolicyKind.class);
    }
}
