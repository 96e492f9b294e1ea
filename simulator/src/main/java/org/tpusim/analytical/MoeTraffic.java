package org.tpusim.analytical;

import org.tpusim.layout.ExpertLayout;
import org.tpusim.layout.FfnTraffic;
import org.tpusim.layout.MeshSplit;
import org.tpusim.model.MoeConfig;
import org.tpusim.topology.Axis;
import org.tpusim.topology.MeshAxes;

/**
 * Bytes one chip sends in one MoE layer (uniform routing), by collective, in closed form: the all-to-alls over the
 * expert axes (G_e chips) send (G_e-1)/G_e of their buffer D: dispatch and combine D = T·k/G_e x E x 2 B each, the
 * two reshards D = T·E/n x 2 B each; over the other axes (G_t chips) the all-gather and the reduce-scatter of
 * [T/G_e, E] move (G_t-1)/G_t x T/G_e x E x 2 B each.
 *
 * <p>Time: bytes / the injection bandwidth of the group's axes, taken as the scenario's network bandwidth (the
 * chip's injection into all axes) x the links of those axes / the links of all axes (2 per axis of 3 or more chips,
 * 1 for an axis of 2, none for an axis of 1, as {@code CollectiveAnalytical.groupInjectionBandwidth} counts them on
 * a torus). An all-to-all's messages cross several hops and share links, so the simulation is slower than this
 * bound by the contention.
 *
 * @param allToAllBytes  dispatch + combine + reshards, per chip
 * @param dispatchBytes  dispatch + combine alone, per chip
 * @param tensorBytes    all-gather + reduce-scatter over the other axes, per chip
 */
public record MoeTraffic(double allToAllBytes, double dispatchBytes, double tensorBytes, MeshAxes expertAxes) {

    public static MoeTraffic perLayer(MoeConfig moe, int dModel, MeshSplit split, MeshAxes expertAxes, long tokens) {
        int ge = ExpertLayout.groupSize(expertAxes, split);
        int gt = split.chips() / ge;
        double b = FfnTraffic.ACTIVATION_BYTES;
        double leave = (ge - 1.0) / ge;
        double dispatch = 2 * (double) tokens * moe.expertsPerToken() / ge * dModel * b * leave;
        double reshard = 2 * (double) tokens * dModel / split.chips() * b * leave;
        double tensor = 2 * (double) tokens / ge * dModel * b * (gt - 1.0) / gt;
        return new MoeTraffic(dispatch + reshard, dispatch, tensor, expertAxes);
    }

    /** Links a chip injects into over {@code axes}, on a torus. */
    static int links(MeshAxes axes, MeshSplit split) {
        int l = 0;
        for (Axis a : axes.axes()) {
            int size = switch (a) {
                case X -> split.x();
                case Y -> split.y();
                case Z -> split.z();
            };
            l += size >= 3 ? 2 : size == 2 ? 1 : 0;
        }
        return l;
    }

    /** The layer's communication time in ns, with {@code allAxesBytesPerSec} the chip's injection into xyz. */
    public double timeNs(double allAxesBytesPerSec, MeshSplit split) {
        int all = Math.max(1, links(MeshAxes.parse("xyz"), split));
        double ns = 0;
        int le = links(expertAxes, split);
        if (le > 0) {
            ns += allToAllBytes / (allAxesBytesPerSec * le / all) * 1e9;
        }
        int lt = ExpertLayout.otherAxes(expertAxes).map(t -> links(t, split)).orElse(0);
        if (lt > 0) {
            ns += tensorBytes / (allAxesBytesPerSec * lt / all) * 1e9;
        }
        return ns;
    }

    /** The all-to-alls (dispatch, combine, reshards), ns, at the expert axes' injection bandwidth. */
    public double allToAllNs(double allAxesBytesPerSec, MeshSplit split) {
        int all = Math.max(1, links(MeshAxes.parse("xyz"), split));
        int le = links(expertAxes, split);
        return le == 0 ? 0 : allToAllBytes / (allAxesBytesPerSec * le / all) * 1e9;
    }

    /** Dispatch + combine alone, ns, at the expert axes' injection bandwidth. */
    public double dispatchNs(double allAxesBytesPerSec, MeshSplit split) {
        int all = Math.max(1, links(MeshAxes.parse("xyz"), split));
        int le = links(expertAxes, split);
        return le == 0 ? 0 : dispatchBytes / (allAxesBytesPerSec * le / all) * 1e9;
    }
}
