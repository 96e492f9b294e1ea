package org.tpusim.layout;

import java.util.Objects;
import java.util.Optional;
import org.tpusim.topology.MeshAxes;

/**
 * One phase's layout as a scenario asks for it: each part either fixed or left to the {@code auto} rule
 * ({@link LayoutRule#resolve}), shown as an empty optional. {@code experts} matters only for an MoE model.
 */
public record LayoutRequest(Optional<FfnLayout> ffn, Optional<AttentionLayout> attention,
                            Optional<MeshAxes> experts) {
    /** Every part chosen by the auto rule. */
    public static final LayoutRequest AUTO = new LayoutRequest(Optional.empty(), Optional.empty(), Optional.empty());

    public LayoutRequest {
        Objects.requireNonNull(ffn, "ffn");
        Objects.requireNonNull(attention, "attention");
        Objects.requireNonNull(experts, "experts");
    }

    /** A request without an expert layout. */
    public LayoutRequest(Optional<FfnLayout> ffn, Optional<AttentionLayout> attention) {
        this(ffn, attention, Optional.empty());
    }

    public static LayoutRequest fixed(PhaseLayout layout) {
        return new LayoutRequest(Optional.of(layout.ffn()), Optional.of(layout.attention()), layout.experts());
    }

    /** "ws-2d + auto", with " + experts xyz" when the experts are fixed. */
    @Override
    public String toString() {
        return ffn.map(FfnLayout::key).orElse("auto") + " + " + attention.map(AttentionLayout::key).orElse("auto")
                + experts.map(e -> " + experts " + e.name()).orElse("");
    }
}
