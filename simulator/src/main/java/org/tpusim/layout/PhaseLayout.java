package org.tpusim.layout;

import java.util.Objects;
import java.util.Optional;
import org.tpusim.topology.MeshAxes;

/**
 * The layout of one phase (prefill or decode): feedforward and attention, and for a mixture-of-experts model
 * the mesh axes the experts are sharded over ({@link ExpertLayout}; empty for a dense model).
 */
public record PhaseLayout(FfnLayout ffn, AttentionLayout attention, Optional<MeshAxes> experts) {
    public PhaseLayout {
        Objects.requireNonNull(ffn, "ffn");
        Objects.requireNonNull(attention, "attention");
        Objects.requireNonNull(experts, "experts");
    }

    /** A dense model's layout. */
    public PhaseLayout(FfnLayout ffn, AttentionLayout attention) {
        this(ffn, attention, Optional.empty());
    }

    /** {@link #experts()} or null, for results.json (a dense layout has no experts key). */
    public MeshAxes expertsOrNull() {
        return experts.orElse(null);
    }

    /** "ws-2d + batch", with " + experts xyz" for an MoE layout. */
    @Override
    public String toString() {
        return ffn.key() + " + " + attention.key() + experts.map(e -> " + experts " + e.name()).orElse("");
    }
}
