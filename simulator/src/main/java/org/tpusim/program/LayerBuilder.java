package org.tpusim.program;

import static org.tpusim.program.SequenceWriter.START;
import static org.tpusim.program.SequenceWriter.join;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.cost.OpDemand;
import org.tpusim.layout.FfnTraffic;
import org.tpusim.layout.MeshSplit;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.TransformerModel;
import org.tpusim.topology.MeshAxes;

/**
 * One Transformer layer as a per-chip program (Pope et al. 2022, Fig 2 for the projections, Figs 4-5 for
 * attention, sec. 3.4 for the parallel block). A block is: layernorm -> input projection (with its
 * collectives) -> activation and/or attention on the middle -> output projection (with its collectives)
 * -> residual add. A parallel block (PaLM) is one block holding both, with the FFN input matrices fused
 * with W_Q, W_K, W_V and the FFN output matrix with W_O; a serial block (MT-NLG) is an attention block
 * followed by an FFN block.
 *
 * <p>Shapes per chip, with rows = B·T/N tokens (N = 1 for WS) and c = the projection's output columns:
 * <ul>
 *   <li>ws-2d: all-gather(yz) [rows, E/X]; einsum rows x E/X x c/YZ (partial sums over x);
 *       reduce-scatter(x) -> [rows, c/n]; out: all-gather(x) [rows, c'/YZ]; einsum rows x c'/YZ x E/X
 *       (partial sums over yz); reduce-scatter(yz) -> [rows, E/n].</li>
 *   <li>ws-1d: all-gather(xyz) [rows, E]; einsum rows x E x c/n; out einsum rows x c'/n x E (partial sums
 *       over xyz); reduce-scatter(xyz) -> [rows, E/n].</li>
 *   <li>wg over N (axes G, other axes R-way): weight all-gathers over G with no dependencies (the weights do
 *       not depend on the activations, so they may run at the start of the layer); all-gather(rest)
 *       [rows, E]; einsum rows x E x c/R; out einsum rows x c'/R x E (partial sums over rest);
 *       reduce-scatter(rest) -> [rows, E/R]. Weights are stored E_x F_yz and gathered to E x c/R.</li>
 * </ul>
 * Categories: a parallel block's fused einsums count as FFN_IN and FFN_OUT (the FFN holds most of their
 * FLOPs); a serial block's attention einsums as QKV_PROJECTION and OUTPUT_PROJECTION.
 * Not modelled: the layernorm's cross-chip statistics (a [rows, 2] reduction when E is split), biases.
 */
final class LayerBuilder {
    private static final int ACT_BYTES = FfnTraffic.ACTIVATION_BYTES;

    private final ModelConfig config;
    private final TransformerModel m;
    private final MeshSplit split;
    private final LayerSharding sharding;
    private final ProgramShapes shapes;
    private final SequenceWriter out;
    private final AttentionBuilder attention;
    private final ProgramBuilder.Options options;
    private final long rows;

    LayerBuilder(ModelConfig config, MeshSplit split, LayerSharding sharding, long tokens,
            ProgramBuilder.Options options, ProgramShapes shapes, SequenceWriter out, AttentionBuilder attention) {
        this.config = config;
        this.m = config.model();
        this.split = split;
        this.sharding = sharding;
        this.options = options;
        this.shapes = shapes;
        this.out = out;
        this.attention = attention;
        this.rows = shapes.divide(tokens, sharding.tokenShards(), "tokens B x T", "the gather group N");
    }

    /** Appends the layer's ops. */
    void layer() {
        if (!options.attention()) {
            block("", false, START);
        } else if (m.parallelBlock()) {
            block("", true, START);
        } else {
            ImmutableList<Integer> afterAttention = attentionOnlyBlock("attn.", START);
            block("ffn.", false, afterAttention);
        }
    }

    /**
     * Appends a mixture-of-experts layer's ops: the attention block, then layernorm, the MoE feedforward
     * ({@link MoeBlockBuilder}) and the residual add.
     */
    void moeLayer(MoeBlockBuilder moe) {
        ImmutableList<Integer> afterAttention = attentionOnlyBlock("attn.", START);
        ImmutableList<Integer> normed = layernorm("moe.", afterAttention);
        residual("moe.", moe.block(out, normed));
    }

    /** FFN input matrices: 2 for a gated FFN (SwiGLU), 1 for a plain one or for the paper's two-matrix FFN. */
    private int ffnInputMatrices() {
        return options.paperFfn() ? 1 : m.ffnMatrices() - 1;
    }

    /** A block with the FFN, and attention fused into it when {@code withAttention} (parallel block). */
    private ImmutableList<Integer> block(String prefix, boolean withAttention, List<Integer> after) {
        long ffnIn = (long) ffnInputMatrices() * m.dFf();
        long qkv = withAttention ? attention.qkvColumns() : 0;
        long headsOut = withAttention ? attention.outputColumns() : 0;
        String inName = withAttention ? "w_in+w_qkv" : "w_in";
        String outName = withAttention ? "w_out+w_o" : "w_out";
        Projection in = new Projection(prefix + inName, OpCategory.FFN_IN, ffnIn + qkv);
        Projection outProj = new Projection(prefix + outName, OpCategory.FFN_OUT, m.dFf() + headsOut);
        WeightGathers gathers = weightGathers(prefix, in, outProj);

        ImmutableList<Integer> normed = layernorm(prefix, after);
        ImmutableList<Integer> middle = inputProjection(prefix, in, normed, gathers.in());
        ImmutableList<Integer> activated = activation(prefix, middle);
        ImmutableList<Integer> joined = withAttention
                ? join(activated, attention.attention(prefix, middle))
                : activated;
        ImmutableList<Integer> projected = outputProjection(prefix, outProj, joined, gathers.out());
        return residual(prefix, projected);
    }

    /**
     * The FFN nonlinearity on the middle's FFN part, [rows, F/midShards]: SwiGLU reads the two input
     * einsums' outputs and writes one; gelu (plain FFN, or the paper's two-matrix FFN) reads one.
     */
    private ImmutableList<Integer> activation(String prefix, List<Integer> middle) {
        String name = prefix + "activation";
        long hidden = shapes.padded(m.dFf(), sharding.midShards(), "d_ff", "the middle's shards");
        return out.compute(name, OpCategory.ACTIVATION,
                OpDemand.elementwise(name, rows * hidden, ffnInputMatrices(), 1, ACT_BYTES), middle);
    }

    /** A serial block's attention half: W_QKV -> attention -> W_O. */
    private ImmutableList<Integer> attentionOnlyBlock(String prefix, List<Integer> after) {
        Projection in = new Projection(prefix + "w_qkv", OpCategory.QKV_PROJECTION, attention.qkvColumns());
        Projection outProj = new Projection(prefix + "w_o", OpCategory.OUTPUT_PROJECTION, attention.outputColumns());
        WeightGathers gathers = weightGathers(prefix, in, outProj);
        ImmutableList<Integer> normed = layernorm(prefix, after);
        ImmutableList<Integer> middle = inputProjection(prefix, in, normed, gathers.in());
        ImmutableList<Integer> attended = attention.attention(prefix, middle);
        return residual(prefix, outputProjection(prefix, outProj, attended, gathers.out()));
    }

    /** A fused projection: its name, category and total output columns (input columns for the out side). */
    private record Projection(String name, OpCategory category, long columns) {
    }

    private record WeightGathers(ImmutableList<Integer> in, ImmutableList<Integer> out) {
    }

    /**
     * WG: all-gather both projections' weights over the gather axes; D = per-chip output = E x c/R x weight
     * bytes (sec. 3.2.3: 2·E·F·N/n elements per layer for the paper's two matrices). No dependencies.
     */
    private WeightGathers weightGathers(String prefix, Projection in, Projection outProj) {
        if (sharding.gatherAxes().isEmpty()) {
            return new WeightGathers(START, START);
        }
        MeshAxes axes = sharding.gatherAxes().get();
        int wBytes = config.weights().bytes();
        long inCols = shapes.divide(in.columns(), sharding.midShards(), in.name() + " columns", "R");
        long outCols = shapes.divide(outProj.columns(), sharding.midShards(), outProj.name() + " rows", "R");
        ImmutableList<Integer> gin = out.communicate(in.name() + ".weight-gather", OpCategory.WEIGHT_COMMUNICATION,
                CollectiveKind.ALL_GATHER, axes, m.dModel() * inCols * wBytes, START);
        ImmutableList<Integer> gout = out.communicate(outProj.name() + ".weight-gather",
                OpCategory.WEIGHT_COMMUNICATION, CollectiveKind.ALL_GATHER, axes, m.dModel() * outCols * wBytes, START);
        return new WeightGathers(gin, gout);
    }

    private long residualWidth() {
        return shapes.padded(m.dModel(), sharding.residualShards(), "d_model", "the residual's shards");
    }

    /** Layernorm over the residual [rows, E/shards]: reads it and writes it (the gain is negligible). */
    private ImmutableList<Integer> layernorm(String prefix, List<Integer> after) {
        String name = prefix + "layernorm";
        return out.compute(name, OpCategory.LAYERNORM,
                OpDemand.elementwise(name, rows * residualWidth(), 1, 1, ACT_BYTES), after);
    }

    /** Residual add on [rows, E/shards]: the block output plus the block input. */
    private ImmutableList<Integer> residual(String prefix, List<Integer> after) {
        String name = prefix + "residual";
        return out.compute(name, OpCategory.RESIDUAL,
                OpDemand.elementwise(name, rows * residualWidth(), 2, 1, ACT_BYTES), after);
    }

    /** Layernorm output -> the middle [rows, c/midShards]. */
    private ImmutableList<Integer> inputProjection(String prefix, Projection p, List<Integer> normed,
            List<Integer> weights) {
        long e = m.dModel();
        int wBytes = config.weights().bytes();
        String what = p.name() + " columns";
        switch (sharding.layout()) {
            case WS_2D: {
                long ex = shapes.divide(e, split.x(), "d_model", "X");
                long cyz = shapes.divide(p.columns(), split.yz(), what, "YZ");
                ImmutableList<Integer> gathered = out.communicate(prefix + "in.all-gather",
                        OpCategory.ACTIVATION_COMMUNICATION, CollectiveKind.ALL_GATHER, LayerSharding.YZ,
                        rows * ex * ACT_BYTES, normed);
                ImmutableList<Integer> mm = out.compute(p.name(), p.category(),
                        OpDemand.matmul(p.name(), rows, ex, cyz, wBytes, ACT_BYTES), gathered);
                shapes.requirePaddable(p.columns(), split.chips(), what, "n");
                return out.communicate(prefix + "in.reduce-scatter", OpCategory.ACTIVATION_COMMUNICATION,
                        CollectiveKind.REDUCE_SCATTER, LayerSharding.X, rows * cyz * ACT_BYTES, mm);
            }
            case WS_1D: {
                ImmutableList<Integer> gathered = out.communicate(prefix + "in.all-gather",
                        OpCategory.ACTIVATION_COMMUNICATION, CollectiveKind.ALL_GATHER, LayerSharding.XYZ,
                        rows * e * ACT_BYTES, normed);
                long cn = shapes.divide(p.columns(), split.chips(), what, "n");
                return out.compute(p.name(), p.category(), OpDemand.matmul(p.name(), rows, e, cn, wBytes, ACT_BYTES),
                        gathered);
            }
            default: {
                ImmutableList<Integer> gathered = sharding.midAxes().isPresent()
                        ? out.communicate(prefix + "in.all-gather", OpCategory.ACTIVATION_COMMUNICATION,
                                CollectiveKind.ALL_GATHER, sharding.midAxes().get(), rows * e * ACT_BYTES, normed)
                        : ImmutableList.copyOf(normed);
                long cr = shapes.divide(p.columns(), sharding.midShards(), what, "R");
                return out.compute(p.name(), p.category(), OpDemand.matmul(p.name(), rows, e, cr, wBytes, ACT_BYTES),
                        join(gathered, weights));
            }
        }
    }

    /** The middle [rows, c'/midShards] -> the block output [rows, E/shards]. */
    private ImmutableList<Integer> outputProjection(String prefix, Projection p, List<Integer> middle,
            List<Integer> weights) {
        long e = m.dModel();
        int wBytes = config.weights().bytes();
        String what = p.name() + " rows";
        switch (sharding.layout()) {
            case WS_2D: {
                long ex = shapes.divide(e, split.x(), "d_model", "X");
                long cyz = shapes.divide(p.columns(), split.yz(), what, "YZ");
                shapes.requirePaddable(p.columns(), split.chips(), what, "n");
                ImmutableList<Integer> gathered = out.communicate(prefix + "out.all-gather",
                        OpCategory.ACTIVATION_COMMUNICATION, CollectiveKind.ALL_GATHER, LayerSharding.X,
                        rows * cyz * ACT_BYTES, middle);
                ImmutableList<Integer> mm = out.compute(p.name(), p.category(),
                        OpDemand.matmul(p.name(), rows, cyz, ex, wBytes, ACT_BYTES), gathered);
                return out.communicate(prefix + "out.reduce-scatter", OpCategory.ACTIVATION_COMMUNICATION,
                        CollectiveKind.REDUCE_SCATTER, LayerSharding.YZ, rows * ex * ACT_BYTES, mm);
            }
            case WS_1D: {
                long cn = shapes.divide(p.columns(), split.chips(), what, "n");
                ImmutableList<Integer> mm = out.compute(p.name(), p.category(),
                        OpDemand.matmul(p.name(), rows, cn, e, wBytes, ACT_BYTES), middle);
                return out.communicate(prefix + "out.reduce-scatter", OpCategory.ACTIVATION_COMMUNICATION,
                        CollectiveKind.REDUCE_SCATTER, LayerSharding.XYZ, rows * e * ACT_BYTES, mm);
            }
            default: {
                long cr = shapes.divide(p.columns(), sharding.midShards(), what, "R");
                ImmutableList<Integer> mm = out.compute(p.name(), p.category(),
                        OpDemand.matmul(p.name(), rows, cr, e, wBytes, ACT_BYTES), join(middle, weights));
                return sharding.midAxes().isPresent()
                        ? out.communicate(prefix + "out.reduce-scatter", OpCategory.ACTIVATION_COMMUNICATION,
                                CollectiveKind.REDUCE_SCATTER, sharding.midAxes().get(), rows * e * ACT_BYTES, mm)
                        : mm;
            }
        }
    }
}
