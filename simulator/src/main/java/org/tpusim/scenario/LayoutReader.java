package org.tpusim.scenario;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.tpusim.input.YamlNode;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.FfnLayout;
import org.tpusim.layout.LayoutPlan;
import org.tpusim.layout.LayoutRequest;
import org.tpusim.model.Phase;
import org.tpusim.topology.MeshAxes;

/**
 * Reads a scenario's {@code layout:} block into a {@link LayoutPlan}:
 * <pre>
 * layout:
 *   prefill: { ffn: ws-2d, attention: head }   # or `prefill: auto`
 *   decode:  { ffn: auto, attention: batch }
 * </pre>
 * {@code auto} may stand for the whole block, a phase or a key; a missing phase or key also means auto.
 * Values: ffn one of ws-1d, ws-2d, wg-x, wg-xy, wg-xyz; attention one of head, batch; experts (mixture-of-experts
 * models only) the mesh axes the experts are sharded over, e.g. xyz or x.
 */
public final class LayoutReader {
    private static final String AUTO = "auto";

    private LayoutReader() {
    }

    /** The block as a mapping, or the scalar {@code auto}. */
    public static LayoutPlan read(YamlNode node) {
        if (node instanceof YamlNode.Scalar s) {
            requireAuto(s, "'auto' or a mapping with prefill and decode");
            return LayoutPlan.AUTO;
        }
        return read(node.asMapping());
    }

    public static LayoutPlan read(YamlNode.Mapping layoutNode) {
        layoutNode.onlyKeys(Set.of(Phase.PREFILL.key(), Phase.DECODE.key()));
        return new LayoutPlan(phase(layoutNode, Phase.PREFILL), phase(layoutNode, Phase.DECODE));
    }

    private static LayoutRequest phase(YamlNode.Mapping layoutNode, Phase phase) {
        Optional<YamlNode> node = layoutNode.optional(phase.key());
        if (node.isEmpty()) {
            return LayoutRequest.AUTO;
        }
        if (node.get() instanceof YamlNode.Scalar s) {
            requireAuto(s, "'auto' or a mapping with ffn and attention");
            return LayoutRequest.AUTO;
        }
        YamlNode.Mapping m = node.get().asMapping().onlyKeys(Set.of("ffn", "attention", "experts"));
        return new LayoutRequest(
                value(m, "ffn", "layout", FfnLayout::fromKey, FfnLayout.allKeys()),
                value(m, "attention", "attention layout", AttentionLayout::fromKey, AttentionLayout.allKeys()),
                value(m, "experts", "expert axes", LayoutReader::axes, "x, y, z, xy, xz, yz, xyz"));
    }

    private static <T> Optional<T> value(YamlNode.Mapping m, String key, String noun,
            Function<String, Optional<T>> parse, String accepted) {
        Optional<YamlNode> node = m.optional(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        String text = node.get().asScalar().asString();
        if (text.equals(AUTO)) {
            return Optional.empty();
        }
        return Optional.of(parse.apply(text).orElseThrow(() -> node.get().error(
                "unknown " + noun + " '" + text + "' (expected one of " + accepted + ", " + AUTO + ")")));
    }

    private static Optional<MeshAxes> axes(String text) {
        try {
            return Optional.of(MeshAxes.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void requireAuto(YamlNode.Scalar s, String expected) {
        if (s.isNull() || !s.asString().equals(AUTO)) {
            throw s.error("expected " + expected + ", found " + s.describe());
        }
    }
}
