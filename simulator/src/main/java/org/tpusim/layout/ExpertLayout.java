package org.tpusim.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tpusim.model.MoeConfig;
import org.tpusim.model.TransformerModel;
import org.tpusim.topology.Axis;
import org.tpusim.topology.MeshAxes;

/**
 * Where a mixture-of-experts layer's experts live ({@code layout.<phase>.experts: <mesh axes>}): expert
 * parallelism over the expert axes (G_e chips per group, each group of chips with equal coordinates on the other
 * axes holding X/G_e of the X experts), tensor parallelism inside each expert over the other axes (G_t = n/G_e
 * chips, each holding E x expertDff/G_t of every matrix of its experts). The shared experts are split the same
 * way as one expert (over the other axes) and replicated over the expert axes.
 *
 * <p><b>Auto</b>: the candidate axes xyz, xy, xz, yz, x, y, z (in that order) whose group size is the largest
 * that divides the experts and the tokens of the pass; when none divides the tokens, the largest dividing the
 * experts (and {@link #check} says why it fails).
 *
 * <p><b>Feasibility</b> (equal shards only): the feedforward layout is weight-stationary (ws-1d or ws-2d: the
 * MoE block starts and ends from the residual [T, E/n]; weight-gathered layouts are not modelled for MoE
 * layers); X divisible by G_e; expertDff and sharedDff by G_t; the tokens T by G_e (each chip routes T/G_e
 * tokens); a serial block (attention, then the MoE feedforward).
 */
public final class ExpertLayout {
    private static final List<MeshAxes> CANDIDATES = List.of(MeshAxes.parse("xyz"), MeshAxes.parse("xy"),
            MeshAxes.parse("xz"), MeshAxes.parse("yz"), MeshAxes.parse("x"), MeshAxes.parse("y"), MeshAxes.parse("z"));

    private ExpertLayout() {
    }

    /** G_e: chips in one group over {@code axes}. */
    public static int groupSize(MeshAxes axes, MeshSplit split) {
        int g = 1;
        for (Axis a : axes.axes()) {
            g *= switch (a) {
                case X -> split.x();
                case Y -> split.y();
                case Z -> split.z();
            };
        }
        return g;
    }

    /** The other axes (tensor parallelism inside an expert), empty when the experts span every axis. */
    public static Optional<MeshAxes> otherAxes(MeshAxes axes) {
        List<Axis> rest = new ArrayList<>();
        for (Axis a : Axis.values()) {
            if (!axes.contains(a)) {
                rest.add(a);
            }
        }
        return rest.isEmpty() ? Optional.empty() : Optional.of(MeshAxes.of(rest.toArray(new Axis[0])));
    }

    /** The auto rule's expert axes for a pass of {@code tokens} tokens (see the class comment). */
    public static MeshAxes auto(MoeConfig moe, MeshSplit split, long tokens) {
        MeshAxes best = null;
        MeshAxes bestAnyTokens = CANDIDATES.get(CANDIDATES.size() - 1);
        int bestG = 0;
        int bestAnyG = 0;
        for (MeshAxes c : CANDIDATES) {
            int g = groupSize(c, split);
            if (moe.experts() % g != 0) {
                continue;
            }
            if (g > bestAnyG) {
                bestAnyG = g;
                bestAnyTokens = c;
            }
            if (tokens % g == 0 && g > bestG) {
                bestG = g;
                best = c;
            }
        }
        return best != null ? best : bestAnyTokens;
    }

    /** Every reason {@code layout} cannot run the MoE layers of {@code m}; empty for a dense model without experts. */
    public static List<String> check(Optional<MoeConfig> moe, PhaseLayout layout, TransformerModel m, MeshSplit split,
            long tokens) {
        List<String> out = new ArrayList<>();
        if (moe.isEmpty()) {
            layout.experts().ifPresent(e -> out.add("experts: " + m.name()
                    + " has no experts (layout key 'experts' is for mixture-of-experts models)"));
            return out;
        }
        MoeConfig e = moe.get();
        if (layout.experts().isEmpty()) {
            out.add("experts: an MoE model needs expert axes");
            return out;
        }
        MeshAxes axes = layout.experts().get();
        int ge = groupSize(axes, split);
        int gt = split.chips() / ge;
        String l = "experts " + axes.name() + ": ";
        if (layout.ffn() != FfnLayout.WS_1D && layout.ffn() != FfnLayout.WS_2D) {
            out.add(l + "MoE layers run under a weight-stationary feedforward layout (ws-1d or ws-2d), found "
                    + layout.ffn().key());
        }
        if (m.parallelBlock()) {
            out.add(l + "MoE layers are modelled in a serial block (attention, then the experts); the model has a"
                    + " parallel block");
        }
        if (e.experts() % ge != 0) {
            out.add(l + e.experts() + " experts do not split evenly over the expert axes " + axes.name() + " = " + ge
                    + " chips");
        }
        if (e.expertDff() % gt != 0) {
            out.add(l + "expert d_ff " + e.expertDff() + " does not split evenly over the other axes = " + gt
                    + " chips");
        }
        if (e.sharedDff() % gt != 0) {
            out.add(l + "shared d_ff " + e.sharedDff() + " does not split evenly over the other axes = " + gt
                    + " chips");
        }
        if (tokens % ge != 0) {
            out.add(l + "tokens B x T " + tokens + " do not split evenly over the expert axes " + axes.name() + " = "
                    + ge + " chips (each chip routes T/G_e tokens)");
        }
        return out;
    }
}
