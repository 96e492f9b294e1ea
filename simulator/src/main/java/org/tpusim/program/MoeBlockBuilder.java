package org.tpusim.program;

import static org.tpusim.program.SequenceWriter.join;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tpusim.analytical.StepShape;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.cost.OpDemand;
import org.tpusim.layout.ExpertLayout;
import org.tpusim.layout.FfnTraffic;
import org.tpusim.layout.MeshSplit;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.MoeConfig;
import org.tpusim.moe.ExpertPlacement;
import org.tpusim.moe.ExpertRouting;
import org.tpusim.topology.MeshAxes;

/**
 * The feedforward of a mixture-of-experts layer as a per-chip program, under a weight-stationary layout whose
 * residual is [T, E/n] (every token on every chip, the features split over all n chips). The expert axes A_e
 * (G_e chips) carry expert parallelism, the other axes A_t (G_t = n/G_e chips) tensor parallelism inside each
 * expert ({@link ExpertLayout}). T = B·L tokens, k experts per token, X experts, F_e an expert's width.
 * <ol>
 *   <li>to tokens: all-to-all over A_e, [T, E/n] -> [T/G_e, E/G_t] (D = T·E/n·2 B), then all-gather over A_t
 *       -> [T/G_e, E] (each chip of an A_t group routes the same T/G_e tokens);</li>
 *   <li>router: matmul T/G_e x E x X, then the top-k (a vector op reading the logits, writing k (index,
 *       weight) pairs of 8 B per token);</li>
 *   <li>dispatch: all-to-all over A_e carrying each token copy (E·2 B) to the group holding its expert. A chip of
 *       group g receives the copies for g's experts from all T tokens; the collective is symmetric (D/G_e to every
 *       member), so D is the most loaded group's copies (rounded up to a multiple of G_e) x E·2 B: with uniform
 *       routing exactly the T·k/G_e copies each chip sends, with skewed routing every chip moves what the busiest
 *       receives (an upper bound on the other links' traffic);</li>
 *   <li>experts: for each of the busiest group's X/G_e experts that received tokens (t_j copies), the input
 *       matmul t_j x E x (matrices-1)·F_e/G_t, the activation, the output matmul t_j x F_e/G_t x E (partial sums
 *       over A_t); experts with no token are skipped and their weights not read. The shared experts run beside
 *       them on the chip's T/G_e tokens (T/G_e x E x (matrices-1)·F_s/G_t, activation, T/G_e x F_s/G_t x E);</li>
 *   <li>combine: all-to-all over A_e, the same D, returning the expert outputs; a vector op sums the k weighted
 *       copies of each token and the shared experts' output;</li>
 *   <li>back to the residual: reduce-scatter over A_t of [T/G_e, E] -> [T/G_e, E/G_t], all-to-all over A_e
 *       -> [T, E/n].</li>
 * </ol>
 * Every group waits for the busiest at the combine (SPMD): the program holds the busiest group's expert ops, and
 * {@link MoePass#groupDemands()} the others', from which the run reports the other groups' idle time.
 */
final class MoeBlockBuilder {
    private static final int ACT_BYTES = FfnTraffic.ACTIVATION_BYTES;
    /** A routing decision per token and expert: int32 expert index and float32 weight. */
    static final int ROUTE_BYTES = 8;

    private final ModelConfig config;
    private final MoeConfig moe;
    private final MeshSplit split;
    private final ProgramShapes shapes;
    private final MeshAxes expertAxes;
    private final Optional<MeshAxes> tensorAxes;
    private final int ge;
    private final int gt;
    private final long tokens;
    private final long local;
    private final MoePass pass;

    MoeBlockBuilder(ModelConfig config, MeshSplit split, MeshAxes expertAxes, StepShape step, ProgramShapes shapes) {
        this.config = config;
        this.moe = config.moe().orElseThrow();
        this.split = split;
        this.shapes = shapes;
        this.expertAxes = expertAxes;
        this.tensorAxes = ExpertLayout.otherAxes(expertAxes);
        this.ge = ExpertLayout.groupSize(expertAxes, split);
        this.gt = split.chips() / ge;
        this.tokens = step.tokens();
        this.local = shapes.divide(tokens, ge, "tokens B x T", "the expert axes " + expertAxes.name());
        int groups = moe.experts() % ge == 0 ? ge : 1;
        ExpertPlacement placement = new ExpertPlacement(groups, ExpertRouting.route(moe, tokens));
        ImmutableList.Builder<ImmutableList<OpDemand>> demands = ImmutableList.builder();
        for (int g = 0; g < groups; g++) {
            demands.add(expertDemands(placement.expertTokens(g)));
        }
        this.pass = new MoePass(placement, placement.busiestGroup(), demands.build());
    }

    MoePass pass() {
        return pass;
    }

    private long expertWidth() {
        return shapes.divide(moe.expertDff(), gt, "expert d_ff", "the other axes");
    }

    private int inputMatrices() {
        return config.model().ffnMatrices() - 1;
    }

    /** One group's routed-expert compute ops, in program order (three per expert that received tokens). */
    private ImmutableList<OpDemand> expertDemands(long[] perExpert) {
        long e = config.model().dModel();
        long f = expertWidth();
        int w = config.weights().bytes();
        List<OpDemand> out = new ArrayList<>();
        for (int j = 0; j < perExpert.length; j++) {
            long t = perExpert[j];
            if (t == 0) {
                continue;
            }
            out.add(OpDemand.matmul("moe.expert" + j + ".w_in", t, e, inputMatrices() * f, w, ACT_BYTES));
            out.add(OpDemand.elementwise("moe.expert" + j + ".activation", t * f, inputMatrices(), 1, ACT_BYTES));
            out.add(OpDemand.matmul("moe.expert" + j + ".w_out", t, f, e, w, ACT_BYTES));
        }
        return ImmutableList.copyOf(out);
    }

    /** Appends the block after {@code normed} (the layernorm of the residual); returns its output [T, E/n]. */
    ImmutableList<Integer> block(SequenceWriter out, List<Integer> normed) {
        long e = config.model().dModel();
        int n = split.chips();
        int w = config.weights().bytes();
        long eN = shapes.divide(e, n, "d_model", "n");
        ImmutableList<Integer> toTokens = out.communicate("moe.to-tokens.all-to-all", OpCategory.EXPERT_ALL_TO_ALL,
                CollectiveKind.ALL_TO_ALL, expertAxes, tokens * eN * ACT_BYTES, normed);
        ImmutableList<Integer> gathered = tensorAxes.isPresent()
                ? out.communicate("moe.tokens.all-gather", OpCategory.ACTIVATION_COMMUNICATION,
                        CollectiveKind.ALL_GATHER, tensorAxes.get(), local * e * ACT_BYTES, toTokens)
                : toTokens;
        ImmutableList<Integer> logits = out.compute("moe.router", OpCategory.MOE_ROUTER,
                OpDemand.matmul("moe.router", local, e, moe.experts(), w, ACT_BYTES), gathered);
        ImmutableList<Integer> routed = out.compute("moe.top-k", OpCategory.MOE_ROUTER, OpDemand.vector("moe.top-k",
                (double) local * moe.experts() * ACT_BYTES, (double) local * moe.expertsPerToken() * ROUTE_BYTES),
                logits);
        long bufferBytes = dispatchBytesPerChip(e);
        ImmutableList<Integer> dispatched = out.communicate("moe.dispatch.all-to-all", OpCategory.EXPERT_ALL_TO_ALL,
                CollectiveKind.ALL_TO_ALL, expertAxes, bufferBytes, routed);

        ImmutableList<Integer> shared = gathered;
        if (moe.sharedDff() > 0) {
            long fs = shapes.divide(moe.sharedDff(), gt, "shared d_ff", "the other axes");
            ImmutableList<Integer> in = out.compute("moe.shared.w_in", OpCategory.EXPERT_FFN,
                    OpDemand.matmul("moe.shared.w_in", local, e, inputMatrices() * fs, w, ACT_BYTES), gathered);
            ImmutableList<Integer> act = out.compute("moe.shared.activation", OpCategory.EXPERT_FFN,
                    OpDemand.elementwise("moe.shared.activation", local * fs, inputMatrices(), 1, ACT_BYTES), in);
            shared = out.compute("moe.shared.w_out", OpCategory.EXPERT_FFN,
                    OpDemand.matmul("moe.shared.w_out", local, fs, e, w, ACT_BYTES), act);
        }

        ImmutableList<Integer> last = dispatched;
        for (OpDemand d : pass.groupDemands().get(pass.simulatedGroup())) {
            last = out.compute(d.name(), OpCategory.EXPERT_FFN, d, last);
        }
        ImmutableList<Integer> combined = out.communicate("moe.combine.all-to-all", OpCategory.EXPERT_ALL_TO_ALL,
                CollectiveKind.ALL_TO_ALL, expertAxes, bufferBytes, last);
        ImmutableList<Integer> summed = out.compute("moe.combine.sum", OpCategory.EXPERT_FFN,
                OpDemand.vector("moe.combine.sum",
                        (double) local * (moe.expertsPerToken() + (moe.sharedDff() > 0 ? 1 : 0)) * e * ACT_BYTES,
                        (double) local * e * ACT_BYTES), join(combined, shared));
        ImmutableList<Integer> scattered = tensorAxes.isPresent()
                ? out.communicate("moe.reduce-scatter", OpCategory.ACTIVATION_COMMUNICATION,
                        CollectiveKind.REDUCE_SCATTER, tensorAxes.get(), local * e * ACT_BYTES, summed)
                : summed;
        return out.communicate("moe.to-residual.all-to-all", OpCategory.EXPERT_ALL_TO_ALL, CollectiveKind.ALL_TO_ALL,
                expertAxes, tokens * eN * ACT_BYTES, scattered);
    }

    /**
     * D of the dispatch and of the combine: the busiest group's copies, rounded up to a multiple of G_e, x E x 2 B
     * (see the class comment).
     */
    long dispatchBytesPerChip(long e) {
        long most = pass.placement().groupTokens(pass.simulatedGroup());
        long copies = (most + ge - 1) / ge * ge;
        return Math.max(ge, copies) * e * ACT_BYTES;
    }
}
