package org.tpusim.analytical;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.tpusim.model.Phase;

/**
 * A mixed forward pass of chunked prefill (Sarathi-Serve): {@code prefill.batch()} sequences each prefill a
 * chunk of {@code prefill.tokensPerSequence()} prompt tokens against their cached prefix
 * ({@code prefill.contextTokens()} positions including the chunk), and, in the same program,
 * {@code decode.batch()} sequences each decode one token over {@code decode.contextTokens()} positions.
 * The layer's projections run once over all {@link #tokens()}; attention runs per part.
 */
public record MixedShape(StepShape prefill, StepShape decode) {
    public MixedShape {
        Objects.requireNonNull(prefill, "prefill");
        Objects.requireNonNull(decode, "decode");
        checkArgument(prefill.phase() == Phase.PREFILL, "the prefill part must be a prefill, got %s", prefill);
        checkArgument(decode.phase() == Phase.DECODE, "the decode part must be a decode step, got %s", decode);
    }

    /** Tokens the pass processes: chunk tokens of the prefilling sequences plus one per decoding sequence. */
    public long tokens() {
        return prefill.tokens() + decode.tokens();
    }

    /** Sequences in the pass (each is sampled once at the end). */
    public int sequences() {
        return prefill.batch() + decode.batch();
    }
}
