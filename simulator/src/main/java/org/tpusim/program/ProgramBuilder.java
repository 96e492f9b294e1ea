package org.tpusim.program;

import static org.tpusim.program.SequenceWriter.START;

import com.google.common.collect.ImmutableList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tpusim.analytical.MixedShape;
import org.tpusim.analytical.StepShape;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.cost.OpDemand;
import org.tpusim.layout.ExpertLayout;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.Feasibility;
import org.tpusim.layout.FfnTraffic;
import org.tpusim.layout.LayoutRule;
import org.tpusim.layout.MeshSplit;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.TransformerModel;

/**
 * Writes the per-chip program of one forward pass (a prefill of B x L tokens, or a decode step of B x 1)
 * for a model, a mesh and a layout, as in Pope et al. 2022, sec. 3 (see {@link LayerBuilder} for the
 * layer, {@link AttentionBuilder} for attention). Activations are bf16, weights in the config's weight
 * dtype, the KV cache in its KV dtype. Every split must be even: an uneven one makes the layout infeasible
 * ({@link #check}), and {@link #build} refuses it with the reasons.
 *
 * <p>Embedding: the token lookup, a vector op writing the layer input (B·T·E/n elements per chip), read
 * from a copy of the table split like the layer input (V x E/n per chip: 74 MB for PaLM 540B in int8).
 * Unembedding: the last position of each sequence ([B, E/n] per chip) is all-gathered over xyz
 * (D = B·E·2 B), multiplied by the V_xyz E output matrix (m = B, k = E, n = V/n; tied with the embedding
 * for PaLM; a vocabulary that does not split over n is padded up, as Megatron pads it), then sampled: a
 * vector op picks each sequence's top candidate among the chip's V/n logits, an all-gather over xyz
 * collects every chip's candidate (value and index, 8 B per sequence: D = n·B·8 B) and a vector op picks
 * the winner. Greedy sampling; top-k or top-p would gather k candidates instead of one.
 */
public final class ProgramBuilder {
    /** A sampled candidate on the wire: a float32 logit and an int32 token id. */
    static final int CANDIDATE_BYTES = 8;

    private static final int ACT_BYTES = FfnTraffic.ACTIVATION_BYTES;

    private ProgramBuilder() {
    }

    /**
     * What the layer holds.
     *
     * @param attention whether the layer has attention (false: the feedforward alone)
     * @param paperFfn  whether the feedforward has the paper's two matrices (W_in, W_out; Fig 2) instead of
     *                  the model's own (SwiGLU's three)
     */
    public record Options(boolean attention, boolean paperFfn) {
        /** The model as it is: attention, and the model's feedforward. */
        public static Options standard() {
            return new Options(true, false);
        }

        /**
         * The feedforward of Fig 2 alone, two matrices and no attention, whose communication volume is the
         * paper's formula (sec. 3.2, digest 3.4).
         */
        public static Options paperFfnOnly() {
            return new Options(false, true);
        }
    }

    /** The program of {@code step}, for the model as it is ({@link Options#standard()}). */
    public static StepProgram build(ModelConfig config, MeshSplit mesh, PhaseLayout layout, StepShape step) {
        return build(config, mesh, layout, step, Options.standard());
    }

    /**
     * The program of {@code step}.
     *
     * @throws IllegalArgumentException naming every reason the layout cannot run this model on this mesh
     */
    public static StepProgram build(ModelConfig config, MeshSplit mesh, PhaseLayout layout, StepShape step,
            Options options) {
        Written written = write(config, mesh, layout, step, options);
        if (!written.feasibility().feasible()) {
            throw new IllegalArgumentException("infeasible program for " + config.model().name() + " on " + mesh
                    + " with " + layout + " at batch " + step.batch() + ": " + written.feasibility().explain());
        }
        return written.program();
    }

    /** Every reason {@link #build} would refuse these inputs; feasible if none. */
    public static Feasibility check(ModelConfig config, MeshSplit mesh, PhaseLayout layout, StepShape step,
            Options options) {
        return write(config, mesh, layout, step, options).feasibility();
    }

    /** {@link #check} with {@link Options#standard()}. */
    public static Feasibility check(ModelConfig config, MeshSplit mesh, PhaseLayout layout, StepShape step) {
        return check(config, mesh, layout, step, Options.standard());
    }

    /**
     * The program of a mixed pass of chunked prefill: one layer program whose embedding, projections,
     * feedforward and unembedding run over all {@link MixedShape#tokens()} tokens under
     * {@code prefillLayout.ffn()}, and whose attention runs twice, side by side after the input projection:
     * the prefill chunks under {@code prefillLayout.attention()} (causal over the chunk plus attention over
     * the cached prefix), the decoding sequences under {@code decodeAttention} (one query over their cache).
     * Every sequence is sampled at the end (a chunk that does not finish its prompt samples a token that is
     * thrown away, as a padded static shape does).
     *
     * @throws IllegalArgumentException naming every reason either part cannot run
     */
    public static StepProgram buildMixed(ModelConfig config, MeshSplit mesh, PhaseLayout prefillLayout,
            AttentionLayout decodeAttention, MixedShape shape) {
        Written written = writeMixed(config, mesh, prefillLayout, decodeAttention, shape);
        if (!written.feasibility().feasible()) {
            throw new IllegalArgumentException("infeasible mixed program for " + config.model().name() + " on "
                    + mesh + " with " + prefillLayout + " (decode attention " + decodeAttention.key() + ") at "
                    + shape + ": " + written.feasibility().explain());
        }
        return written.program();
    }

    /** Every reason {@link #buildMixed} would refuse these inputs; feasible if none. */
    public static Feasibility checkMixed(ModelConfig config, MeshSplit mesh, PhaseLayout prefillLayout,
            AttentionLayout decodeAttention, MixedShape shape) {
        return writeMixed(config, mesh, prefillLayout, decodeAttention, shape).feasibility();
    }

    private record Written(StepProgram program, Feasibility feasibility, List<String> paddings) {
    }

    private static Written write(ModelConfig config, MeshSplit mesh, PhaseLayout layout, StepShape step,
            Options options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(mesh, "mesh");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(options, "options");
        TransformerModel m = config.model();
        Set<String> problems = new LinkedHashSet<>(LayoutRule.check(layout, m, mesh, step.batch(),
                config.padShards()).problems());
        ProgramShapes shapes = new ProgramShapes(mesh, config.padShards());
        problems.addAll(ExpertLayout.check(config.moe(), layout, m, mesh, step.tokens()));
        LayerSharding sharding = LayerSharding.of(layout.ffn(), mesh);

        SequenceWriter layerOps = new SequenceWriter("layer", shapes);
        AttentionBuilder attention = new AttentionBuilder(config, sharding, layout.attention(), step, shapes,
                layerOps);
        new LayerBuilder(config, mesh, sharding, step.tokens(), options, shapes, layerOps, attention).layer();

        StepProgram program;
        if (config.moe().isPresent() && layout.experts().isPresent()) {
            SequenceWriter moeOps = new SequenceWriter("moe-layer", shapes);
            AttentionBuilder moeAttention = new AttentionBuilder(config, sharding, layout.attention(), step, shapes,
                    moeOps);
            MoeBlockBuilder block = new MoeBlockBuilder(config, mesh, layout.experts().get(), step, shapes);
            new LayerBuilder(config, mesh, sharding, step.tokens(), options, shapes, moeOps, moeAttention)
                    .moeLayer(block);
            int dense = config.moe().get().denseLayers();
            program = new StepProgram(embedding(config, mesh, step.tokens(), shapes), layerOps.build(), dense,
                    unembedding(config, mesh, step.batch(), shapes), Optional.of(moeOps.build()), m.layers() - dense,
                    Optional.of(block.pass()));
        } else {
            program = new StepProgram(embedding(config, mesh, step.tokens(), shapes), layerOps.build(), m.layers(),
                    unembedding(config, mesh, step.batch(), shapes));
        }
        problems.addAll(shapes.problems());
        return new Written(program, Feasibility.of(List.copyOf(problems)), shapes.paddings());
    }

    /**
     * The activation splits {@link #build} pads for these inputs ({@code model.pad_shards}), one line each: what, its
     * size, the chips, the padded size and the per-chip shard; empty when every split divides or padding is off.
     */
    public static List<String> padding(ModelConfig config, MeshSplit mesh, PhaseLayout layout, StepShape step) {
        return write(config, mesh, layout, step, Options.standard()).paddings();
    }

    private static Written writeMixed(ModelConfig config, MeshSplit mesh, PhaseLayout prefillLayout,
            AttentionLayout decodeAttention, MixedShape shape) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(mesh, "mesh");
        Objects.requireNonNull(prefillLayout, "prefillLayout");
        Objects.requireNonNull(decodeAttention, "decodeAttention");
        Objects.requireNonNull(shape, "shape");
        TransformerModel m = config.model();
        PhaseLayout decodeLayout = new PhaseLayout(prefillLayout.ffn(), decodeAttention);
        Set<String> problems = new LinkedHashSet<>();
        if (config.moe().isPresent()) {
            problems.add("a mixed pass of chunked prefill is not built for a mixture-of-experts model");
        }
        for (String p : LayoutRule.check(prefillLayout, m, mesh, shape.prefill().batch(), config.padShards())
                .problems()) {
            problems.add("prefill part: " + p);
        }
        for (String p : LayoutRule.check(decodeLayout, m, mesh, shape.decode().batch(), config.padShards())
                .problems()) {
            problems.add("decode part: " + p);
        }
        ProgramShapes shapes = new ProgramShapes(mesh, config.padShards());
        LayerSharding sharding = LayerSharding.of(prefillLayout.ffn(), mesh);

        SequenceWriter layerOps = new SequenceWriter("layer", shapes);
        AttentionBuilder decodePart = new AttentionBuilder(config, sharding, decodeAttention, shape.decode(), shapes,
                layerOps, "decode.", null);
        AttentionBuilder attention = new AttentionBuilder(config, sharding, prefillLayout.attention(),
                shape.prefill(), shapes, layerOps, "", decodePart);
        new LayerBuilder(config, mesh, sharding, shape.tokens(), Options.standard(), shapes, layerOps, attention)
                .layer();

        StepProgram program = new StepProgram(embedding(config, mesh, shape.tokens(), shapes), layerOps.build(),
                m.layers(), unembedding(config, mesh, shape.sequences(), shapes));
        problems.addAll(shapes.problems());
        return new Written(program, Feasibility.of(List.copyOf(problems)), shapes.paddings());
    }

    private static OpSequence embedding(ModelConfig config, MeshSplit mesh, long tokens, ProgramShapes shapes) {
        SequenceWriter ops = new SequenceWriter("embedding", shapes);
        double elements = (double) tokens * config.model().dModel() / mesh.chips();
        ops.compute("embedding.lookup", OpCategory.EMBEDDING, OpDemand.vector("embedding.lookup",
                elements * config.weights().bytes(), elements * ACT_BYTES), START);
        return ops.build();
    }

    private static OpSequence unembedding(ModelConfig config, MeshSplit mesh, long sequences,
            ProgramShapes shapes) {
        TransformerModel m = config.model();
        long b = sequences;
        int n = mesh.chips();
        long vocabPerChip = Math.max(1, (m.vocab() + n - 1) / n);
        SequenceWriter ops = new SequenceWriter("unembedding", shapes);
        ImmutableList<Integer> hidden = ops.communicate("final.all-gather", OpCategory.ACTIVATION_COMMUNICATION,
                CollectiveKind.ALL_GATHER, LayerSharding.XYZ, b * m.dModel() * ACT_BYTES, START);
        ImmutableList<Integer> logits = ops.compute("w_unembed", OpCategory.UNEMBEDDING, OpDemand.matmul("w_unembed",
                b, m.dModel(), vocabPerChip, config.weights().bytes(), ACT_BYTES), hidden);
        ImmutableList<Integer> best = ops.compute("sampling.top", OpCategory.SAMPLING, OpDemand.vector("sampling.top",
                (double) b * vocabPerChip * ACT_BYTES, (double) b * CANDIDATE_BYTES), logits);
        ImmutableList<Integer> gathered = ops.communicate("sampling.all-gather", OpCategory.ACTIVATION_COMMUNICATION,
                CollectiveKind.ALL_GATHER, LayerSharding.XYZ, (long) n * b * CANDIDATE_BYTES, best);
        ops.compute("sampling.select", OpCategory.SAMPLING, OpDemand.vector("sampling.select",
                (double) n * b * CANDIDATE_BYTES, (double) b * CANDIDATE_BYTES), gathered);
        return ops.build();
    }
}
