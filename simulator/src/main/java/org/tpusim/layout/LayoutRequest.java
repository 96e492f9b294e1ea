package org.tpusim.layout;

import java.util.Objects;
import java.util.Optional;

/**
 * One phase's layout as a scenario asks for it: each part either fixed or left to the {@code auto} rule
 * ({@link LayoutRule#resolve}), shown as an empty optional.
 */
public record LayoutRequest(Optional<FfnLayout> ffn, Optional<AttentionLayout> attention) {
    /** Both parts chosen by the auto rule. */
    public static final LayoutRequest AUTO = new LayoutRequest(Optional.empty(), Optional.empty());

    public LayoutRequest {
        Objects.requireNonNull(ffn, "ffn");
        Objects.requireNonNull(attention, "attention");
    }

    public static LayoutRequest fixed(PhaseLayout layout) {
        return new LayoutRequest(Optional.of(layout.ffn()), Optional.of(layout.attention()));
    }

    /** "ws-2d + auto". */
    @Override
    public String toString() {
        return ffn.map(FfnLayout::key).orElse("auto") + " + " + attention.map(AttentionLayout::key).orElse("auto");
    }
}
