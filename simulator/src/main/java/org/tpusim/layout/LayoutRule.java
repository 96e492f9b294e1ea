package org.tpusim.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.Phase;
import org.tpusim.model.TransformerModel;
import org.tpusim.topology.MeshAxes;

/**
 * Feasibility of a layout and the paper's {@code auto} choice of layout (Pope et al. 2022, sec. 3.3, 4.1).
 *
 * <p><b>Auto rule.</b> Decode: feedforward 2D weight-stationary, "because the batch size in tokens is
 * always small" (sec. 4.1). Prefill: the candidate among ws-2d, wg-x, wg-xy, wg-xyz that is feasible and
 * moves the fewest bytes per chip per layer by {@link FfnTraffic} with the paper's two gathered matrices
 * and the scenario's weight dtype, ties going to the earlier candidate ("we select from weight-stationary
 * and weight-gathered layouts based on the current number of tokens in the batch", sec. 4.1). Attention:
 * in decode, batch-sharded when head-sharding would replicate the KV cache (fewer K/V heads than chips,
 * e.g. any multiquery model), the batch is at least {@value #MIN_BATCH_FOR_BATCH_SHARDING} (App. D:
 * "no speedup for a batch size smaller than 4") and batch-sharding is feasible; otherwise head-sharded.
 * In prefill, head-sharded (sec. 3.3), except batch-sharded under wg-xyz, whose activations are already
 * split over the batch on every chip (Table 2 lists "Batch" for the wg-xyz prefill).
 * When no prefill candidate is feasible the rule returns ws-2d, and {@link #check} says why it fails.
 *
 * <p><b>Feasibility.</b> Equal shards only, unless padding is asked for ({@code model.pad_shards}: then the
 * activation feature splits marked (act) below may be uneven and are padded by the program builder; weight and batch
 * splits must still divide):
 * <ul>
 *   <li>ws-1d: weights E F_xyz, activations BLE_xyz: F and E (act) divisible by n.</li>
 *   <li>ws-2d and wg-*: weights E_x F_yz: E divisible by X, F by YZ. ws-2d also holds BLE_xyz and BLF_xyz
 *       between collectives: E and F divisible by n (act).</li>
 *   <li>wg-x / wg-xy / wg-xyz: the batch is split over the gather group N = X, X·Y, n: B divisible by N;
 *       the features over the rest (E_yz, E_z): E divisible by n/N (act).</li>
 *   <li>head attention: H a multiple of n (heads split n ways) or a divisor of n (each head replicated on
 *       n/H chips: "for n_chips greater than n_heads, the attention heads are partially replicated",
 *       sec. 3.3). PaLM 540B's 48 heads fit neither on 64 chips, which is why the paper pads them to 64.</li>
 *   <li>batch attention: B a multiple of n, or a divisor of n (B &lt; n: each sequence's KV cache is held
 *       by n/B chips; App. D runs batch 4 on 64 chips this way).</li>
 * </ul>
 */
public final class LayoutRule {
    /** App. D: batch-sharded attention "achieves no speedup for a batch size smaller than 4". */
    public static final int MIN_BATCH_FOR_BATCH_SHARDING = 4;

    /** The paper's feedforward volume formulas draw two matrices (W_in, W_out). */
    static final int PAPER_FFN_MATRICES = 2;

    private static final List<FfnLayout> PREFILL_CANDIDATES =
            List.of(FfnLayout.WS_2D, FfnLayout.WG_X, FfnLayout.WG_XY, FfnLayout.WG_XYZ);

    private LayoutRule() {
    }

    /** Every reason {@code layout} cannot run {@code model} on {@code split} at {@code batch}, with equal shards. */
    public static Feasibility check(PhaseLayout layout, TransformerModel model, MeshSplit split, int batch) {
        return check(layout, model, split, batch, false);
    }

    /**
     * Every reason {@code layout} cannot run {@code model} on {@code split} at {@code batch}; with {@code padShards}
     * uneven activation feature splits are allowed (padded, see the class comment).
     */
    public static Feasibility check(PhaseLayout layout, TransformerModel model, MeshSplit split, int batch,
            boolean padShards) {
        List<String> problems = new ArrayList<>();
        checkFfn(layout.ffn(), model, split, batch, padShards, problems);
        checkAttention(layout.attention(), model, split, batch, problems);
        return Feasibility.of(problems);
    }

    private static void checkFfn(FfnLayout ffn, TransformerModel m, MeshSplit s, int batch, boolean pad,
            List<String> out) {
        int n = s.chips();
        String l = ffn.key() + ": ";
        // activation feature splits: padded when asked
        List<String> act = pad ? new ArrayList<>() : out;
        if (ffn == FfnLayout.WS_1D) {
            divides(out, l + "d_ff", m.dFf(), "n", n);
            divides(act, l + "d_model", m.dModel(), "n", n);
            return;
        }
        divides(out, l + "d_model", m.dModel(), "X", s.x());
        divides(out, l + "d_ff", m.dFf(), "YZ", s.yz());
        if (ffn == FfnLayout.WS_2D) {
            divides(act, l + "d_model", m.dModel(), "n", n);
            divides(act, l + "d_ff", m.dFf(), "n", n);
            return;
        }
        int group = ffn.gatherGroup(s);
        divides(out, l + "batch", batch, "the gather group N", group);
        divides(act, l + "d_model", m.dModel(), "n/N", n / group);
    }

    private static void divides(List<String> out, String what, long value, String over, int ways) {
        if (value % ways != 0) {
            out.add(what + " " + value + " does not split evenly over " + over + " = " + ways + " chips");
        }
    }

    private static void checkAttention(AttentionLayout a, TransformerModel m, MeshSplit s, int batch,
            List<String> out) {
        int n = s.chips();
        if (a == AttentionLayout.HEAD && m.heads() % n != 0 && n % m.heads() != 0) {
            out.add("head attention: " + m.heads() + " heads neither split evenly over nor evenly replicate on "
                    + n + " chips (pad the heads, e.g. model.pad_heads_to: " + nextFit(m.heads(), n)
                    + ", as the paper pads PaLM 540B from 48 to 64)");
        }
        if (a == AttentionLayout.BATCH && batch % n != 0 && n % batch != 0) {
            out.add("batch attention: batch " + batch + " neither splits evenly over nor evenly replicates on "
                    + n + " chips");
        }
    }

    /** The smallest head count >= heads that is a multiple or a divisor of n. */
    private static int nextFit(int heads, int n) {
        int h = heads;
        while (h % n != 0 && n % h != 0) {
            h++;
        }
        return h;
    }

    /**
     * The auto rule's layout for a phase (see the class comment).
     *
     * @param tokensPerSequence L: tokens each sequence processes in this pass (1 in decode)
     */
    public static PhaseLayout auto(Phase phase, TransformerModel model, DType weights, MeshSplit split, int batch,
            long tokensPerSequence) {
        return resolve(LayoutRequest.AUTO, phase, model, weights, split, batch, tokensPerSequence);
    }

    /**
     * {@link #resolve(LayoutRequest, Phase, TransformerModel, DType, MeshSplit, int, long)} for a model config:
     * for a mixture-of-experts model the feedforward defaults to ws-2d in both phases (the MoE block runs under
     * weight-stationary layouts only) and the expert axes to {@link ExpertLayout#auto}; a dense model has none.
     */
    public static PhaseLayout resolve(LayoutRequest request, Phase phase, ModelConfig config, MeshSplit split,
            int batch, long tokensPerSequence) {
        if (config.moe().isEmpty()) {
            PhaseLayout dense = resolve(request, phase, config.model(), config.weights(), split, batch,
                    tokensPerSequence, config.padShards());
            return new PhaseLayout(dense.ffn(), dense.attention(), request.experts());
        }
        LayoutRequest ffnFixed = request.ffn().isPresent() ? request
                : new LayoutRequest(Optional.of(FfnLayout.WS_2D), request.attention(), request.experts());
        PhaseLayout base = resolve(ffnFixed, phase, config.model(), config.weights(), split, batch, tokensPerSequence,
                config.padShards());
        MeshAxes experts = request.experts().orElseGet(() -> ExpertLayout.auto(config.moe().get(), split,
                (long) batch * tokensPerSequence));
        return new PhaseLayout(base.ffn(), base.attention(), Optional.of(experts));
    }

    /** Fills the parts a request leaves to {@code auto}; fixed parts are kept as asked, feasible or not. */
    public static PhaseLayout resolve(LayoutRequest request, Phase phase, TransformerModel model, DType weights,
            MeshSplit split, int batch, long tokensPerSequence) {
        return resolve(request, phase, model, weights, split, batch, tokensPerSequence, false);
    }

    /** As {@link #resolve(LayoutRequest, Phase, TransformerModel, DType, MeshSplit, int, long)}, padding allowed. */
    public static PhaseLayout resolve(LayoutRequest request, Phase phase, TransformerModel model, DType weights,
            MeshSplit split, int batch, long tokensPerSequence, boolean padShards) {
        FfnLayout ffn = request.ffn().orElseGet(() -> phase == Phase.DECODE
                ? FfnLayout.WS_2D
                : cheapestPrefillFfn(model, weights, split, batch, (long) batch * tokensPerSequence, padShards));
        AttentionLayout attention = request.attention().orElseGet(() -> autoAttention(phase, ffn, model, split, batch));
        return new PhaseLayout(ffn, attention, request.experts());
    }

    private static FfnLayout cheapestPrefillFfn(TransformerModel m, DType weights, MeshSplit s, int batch,
            long tokens, boolean pad) {
        FfnLayout best = null;
        double bestBytes = Double.POSITIVE_INFINITY;
        for (FfnLayout candidate : PREFILL_CANDIDATES) {
            List<String> problems = new ArrayList<>();
            checkFfn(candidate, m, s, batch, pad, problems);
            if (!problems.isEmpty()) {
                continue;
            }
            double bytes = FfnTraffic.perLayer(candidate, m.dModel(), m.dFf(), PAPER_FFN_MATRICES, weights.bytes(),
                    s, tokens).totalBytesPerChip();
            if (bytes < bestBytes) {
                best = candidate;
                bestBytes = bytes;
            }
        }
        return best == null ? FfnLayout.WS_2D : best;
    }

    private static AttentionLayout autoAttention(Phase phase, FfnLayout ffn, TransformerModel m, MeshSplit s,
            int batch) {
        boolean batchFeasible = batch % s.chips() == 0 || s.chips() % batch == 0;
        if (phase == Phase.PREFILL) {
            return ffn == FfnLayout.WG_XYZ && batchFeasible ? AttentionLayout.BATCH : AttentionLayout.HEAD;
        }
        boolean headShardingReplicatesKv = m.kvHeads() < s.chips();
        return headShardingReplicatesKv && batch >= MIN_BATCH_FOR_BATCH_SHARDING && batchFeasible
                ? AttentionLayout.BATCH
                : AttentionLayout.HEAD;
    }
}
