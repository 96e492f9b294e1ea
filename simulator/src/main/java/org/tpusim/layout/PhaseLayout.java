package org.tpusim.layout;

import java.util.Objects;

/** The layout of one phase (prefill or decode): feedforward and attention. */
public record PhaseLayout(FfnLayout ffn, AttentionLayout attention) {
    public PhaseLayout {
        Objects.requireNonNull(ffn, "ffn");
        Objects.requireNonNull(attention, "attention");
    }

    /** "ws-2d + batch". */
    @Override
    public String toString() {
        return ffn.key() + " + " + attention.key();
    }
}
