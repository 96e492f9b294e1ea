package org.tpusim.layout;

import java.util.Objects;
import org.tpusim.model.Phase;

/** A scenario's {@code layout:} block: what it asks for in prefill and in decode. */
public record LayoutPlan(LayoutRequest prefill, LayoutRequest decode) {
    /** Everything chosen by the auto rule; what a scenario without a {@code layout:} block means. */
    public static final LayoutPlan AUTO = new LayoutPlan(LayoutRequest.AUTO, LayoutRequest.AUTO);

    public LayoutPlan {
        Objects.requireNonNull(prefill, "prefill");
        Objects.requireNonNull(decode, "decode");
    }

    public LayoutRequest forPhase(Phase phase) {
        return phase == Phase.PREFILL ? prefill : decode;
    }
}
