package org.tpusim.analytical;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.tpusim.model.Phase;

/**
 * The size of one forward pass: B sequences, each processing L = {@code tokensPerSequence} new tokens
 * (1 in decode) against a KV cache of {@code contextTokens} positions that includes those L tokens.
 * A decode step at context 2048 reads 2048 positions; a prefill of 2048 tokens with no history has
 * context 2048.
 */
public record StepShape(Phase phase, int batch, long tokensPerSequence, long contextTokens) {
    public StepShape {
        Objects.requireNonNull(phase, "phase");
        checkArgument(batch > 0, "batch must be positive, got %s", batch);
        checkArgument(tokensPerSequence > 0, "tokensPerSequence must be positive, got %s", tokensPerSequence);
        checkArgument(phase == Phase.PREFILL || tokensPerSequence == 1, "a decode step processes 1 token per sequence");
        checkArgument(contextTokens >= tokensPerSequence, "contextTokens (%s) must include the %s new tokens",
                contextTokens, tokensPerSequence);
    }

    /** Prefill of {@code inputTokens} per sequence after {@code cachedTokens} of history. */
    public static StepShape prefill(int batch, long inputTokens, long cachedTokens) {
        return new StepShape(Phase.PREFILL, batch, inputTokens, cachedTokens + inputTokens);
    }

    /** One decode step reading {@code contextTokens} cached positions per sequence. */
    public static StepShape decode(int batch, long contextTokens) {
        return new StepShape(Phase.DECODE, batch, 1, contextTokens);
    }

    /** B·L, the tokens this pass processes. */
    public long tokens() {
        return batch * tokensPerSequence;
    }
}
