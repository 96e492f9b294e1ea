package org.tpusim.program;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The program of one forward pass (a prefill, or one decode step): the embedding, {@code layers} identical
 * copies of {@code layer} run one after another, then for a mixture-of-experts model {@code moeLayers} copies of
 * {@code moeLayer} (the dense layers of the model, e.g. DeepSeekMoE's first layer, are {@code layer}), then the
 * unembedding and sampling. Layers of one kind are identical, so their order does not change the time.
 */
public record StepProgram(OpSequence embedding, OpSequence layer, int layers, OpSequence unembedding,
                          Optional<OpSequence> moeLayer, int moeLayers, Optional<MoePass> moe) {

    /** A dense model's program. */
    public StepProgram(OpSequence embedding, OpSequence layer, int layers, OpSequence unembedding) {
        this(embedding, layer, layers, unembedding, Optional.empty(), 0, Optional.empty());
    }

    /** A run of identical layers. */
    public record LayerGroup(OpSequence layer, int count) {
    }

    /** The dense layers, then the MoE layers; groups of no layer left out. */
    public List<LayerGroup> layerGroups() {
        List<LayerGroup> out = new ArrayList<>(2);
        if (layers > 0) {
            out.add(new LayerGroup(layer, layers));
        }
        if (moeLayers > 0) {
            out.add(new LayerGroup(moeLayer.orElseThrow(), moeLayers));
        }
        return out;
    }

    /** All layers. */
    public int totalLayers() {
        return layers + moeLayers;
    }
}
