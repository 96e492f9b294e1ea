package org.tpusim.program;

import static org.tpusim.program.SequenceWriter.join;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.tpusim.analytical.StepShape;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.cost.OpDemand;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.FfnTraffic;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.Phase;
import org.tpusim.model.TransformerModel;

/**
 * The attention part of a layer, from the projected q/k/v in the middle of the block (columns split over
 * the middle's R chips, {@code b} = B/N sequences per chip) to the attention output in the same layout
 * (Pope et al. 2022, sec. 3.3, Figs 4-5).
 * <ul>
 *   <li><b>Head-sharded</b> (Fig 4a/4b): each chip attends for its H/R query heads over all its b sequences.
 *       K/V heads: Hkv/R per chip when they split evenly; a multiquery (or grouped) model's K/V head is
 *       replicated: an all-gather over the middle's axes of the k/v columns (D = b·T·2·Hkv·Q·2 B) gives every
 *       chip the whole head, and every chip reads the whole KV cache of its b sequences (the paper's
 *       "inefficient" baseline). With fewer heads than chips (H divides R) a head is replicated on R/H chips:
 *       the program attends for one head per chip; the regather of a head's columns to its replicas is not
 *       modelled (at most b·T·3·Q·2 B per chip).</li>
 *   <li><b>Batch-sharded</b> (Fig 4c): all-to-all over the middle's axes of q, k, v, so each chip holds
 *       s = b/R sequences with all heads (D = s·T·(H + 2·Hkv)·Q·2 B); attention over their cache; all-to-all
 *       back (D = b·T·H·Q·2 B / R). When b &lt; R (b divides R; App. D runs batch 4 on 64 chips) each chip
 *       takes one sequence and R/b chips repeat the same work (s = 1), as the layout rule allows; the first
 *       all-to-all then receives a whole sequence's q/k/v per chip, and is priced with that volume.
 *       Under wg-xyz (R = 1) q/k/v are already batch-sharded: no collectives.</li>
 * </ul>
 * Per-chip ops: the KV-cache write of the new tokens (reads bf16 k/v, writes the cache dtype), then
 * decode: attention of T = 1 query per head over {@code contextTokens} cached positions (StepShape's
 * context includes the new token, which the write has just stored); prefill: causal self-attention over
 * the L new tokens, plus attention over the {@code contextTokens - L} cached positions if any. With a sliding
 * window on some layers the one layer written attends to the mean over layers ({@code ModelConfig}): decode
 * reads {@code meanCachedPositions(context)} positions, prefill counts {@code meanAttendedPairs} pairs and reads
 * {@code meanHistoryPositionsRead(history)} cached positions. The
 * attention factories take one bytes-per-element for q and K/V; the cache dtype is used for both (exact for
 * bf16 caches; an int8 cache understates the small q/output traffic).
 */
final class AttentionBuilder {
    private static final int ACT_BYTES = FfnTraffic.ACTIVATION_BYTES;

    private final ModelConfig config;
    private final TransformerModel m;
    private final int kvBytes;
    private final LayerSharding sharding;
    private final AttentionLayout layout;
    private final StepShape step;
    private final ProgramShapes shapes;
    private final SequenceWriter out;
    private final long localSequences;
    /** Prefix of this part's op names ("decode." for the decode part of a mixed pass). */
    private final String part;
    /** Attention of a second group of sequences run beside this one (the decode part of a mixed pass). */
    private final AttentionBuilder alongside;

    AttentionBuilder(ModelConfig config, LayerSharding sharding, AttentionLayout layout, StepShape step,
            ProgramShapes shapes, SequenceWriter out) {
        this(config, sharding, layout, step, shapes, out, "", null);
    }

    AttentionBuilder(ModelConfig config, LayerSharding sharding, AttentionLayout layout, StepShape step,
            ProgramShapes shapes, SequenceWriter out, String part, AttentionBuilder alongside) {
        this.part = part;
        this.alongside = alongside;
        this.config = config;
        this.m = config.model();
        this.kvBytes = config.kvCache().bytes();
        this.sharding = sharding;
        this.layout = layout;
        this.step = step;
        this.shapes = shapes;
        this.out = out;
        this.localSequences = Math.max(1, step.batch() / sharding.tokenShards());
    }

    /** Columns of the fused q/k/v projection: (H + 2·Hkv)·Q. */
    long qkvColumns() {
        return (long) (m.heads() + 2 * m.kvHeads()) * m.dHead();
    }

    /** Rows of W_O: H·Q. */
    long outputColumns() {
        return (long) m.heads() * m.dHead();
    }

    /**
     * Appends the attention ops after {@code middle} (and those of the part alongside, if any); returns the
     * point where every output is ready.
     */
    ImmutableList<Integer> attention(String prefix, List<Integer> middle) {
        ImmutableList<Integer> own = attentionOfThisPart(prefix + part, middle);
        return alongside == null ? own : join(own, alongside.attention(prefix, middle));
    }

    private ImmutableList<Integer> attentionOfThisPart(String prefix, List<Integer> middle) {
        int r = sharding.midShards();
        shapes.requirePaddable(outputColumns(), r, "query columns H x Q", "the middle's shards");
        shapes.requirePaddable(2L * m.kvHeads() * m.dHead(), r, "key/value columns 2 x Hkv x Q",
                "the middle's shards");
        return layout == AttentionLayout.BATCH && r > 1 ? batchSharded(prefix, middle, r)
                : headSharded(prefix, middle, r);
    }

    private ImmutableList<Integer> headSharded(String prefix, List<Integer> middle, int r) {
        int h = m.heads();
        int hkv = m.kvHeads();
        long queryHeads = shareOf(h, r, "heads");
        long kvHeads = shareOf(hkv, r, "K/V heads");
        ImmutableList<Integer> kv = ImmutableList.copyOf(middle);
        if (hkv % r != 0 && !m.isMultihead()) {
            long bytes = localSequences * step.tokensPerSequence() * 2L * hkv * m.dHead() * ACT_BYTES;
            kv = out.communicate(prefix + "kv.all-gather", OpCategory.ACTIVATION_COMMUNICATION,
                    CollectiveKind.ALL_GATHER, sharding.midAxes().orElseThrow(), bytes, middle);
        }
        if (queryHeads % kvHeads != 0) {
            shapes.problem("head attention: " + queryHeads + " query heads per chip do not share " + kvHeads
                    + " K/V heads evenly");
        }
        return attend(prefix, localSequences, kvHeads, Math.max(1, queryHeads / kvHeads), join(middle, kv));
    }

    /** Heads of {@code count} a chip holds when split {@code ways}: count/ways, or 1 when replicated. */
    private long shareOf(int count, int ways, String what) {
        if (count % ways == 0) {
            return count / ways;
        }
        if (ways % count != 0) {
            shapes.problem("head attention: " + count + " " + what + " neither split evenly over nor evenly "
                    + "replicate on " + ways + " chips");
        }
        return 1;
    }

    private ImmutableList<Integer> batchSharded(String prefix, List<Integer> middle, int r) {
        long b = localSequences;
        long t = step.tokensPerSequence();
        long sequences;
        if (b % r == 0) {
            sequences = b / r;
        } else {
            if (r % b != 0) {
                shapes.problem("batch attention: " + b + " sequences per chip neither split evenly over nor "
                        + "evenly replicate on " + r + " chips");
            }
            sequences = 1;
        }
        var axes = sharding.midAxes().orElseThrow();
        ImmutableList<Integer> scattered = out.communicate(prefix + "qkv.all-to-all",
                OpCategory.ATTENTION_COMMUNICATION, CollectiveKind.ALL_TO_ALL, axes,
                sequences * t * qkvColumns() * ACT_BYTES, middle);
        ImmutableList<Integer> attended = attend(prefix, sequences, m.kvHeads(), m.heads() / m.kvHeads(),
                scattered);
        long back = shapes.divide(b * t * outputColumns() * ACT_BYTES, r, "attention output bytes", "R");
        return out.communicate(prefix + "out.all-to-all", OpCategory.ATTENTION_COMMUNICATION,
                CollectiveKind.ALL_TO_ALL, axes, back, attended);
    }

    /** Cache write and attention for {@code sequences} x {@code kvHeads} on this chip. */
    private ImmutableList<Integer> attend(String prefix, long sequences, long kvHeads, long queriesPerKvHead,
            List<Integer> after) {
        long t = step.tokensPerSequence();
        long q = m.dHead();
        long newKv = sequences * t * 2 * kvHeads * q;
        String writeName = prefix + "kv-cache.write";
        ImmutableList<Integer> written = out.compute(writeName, OpCategory.ATTENTION,
                OpDemand.vector(writeName, (double) newKv * ACT_BYTES, (double) newKv * kvBytes), after);
        String name = prefix + "attention";
        if (step.phase() == Phase.DECODE) {
            // a windowed layer reads only its last W positions: the mean over layers (exact bytes and FLOPs)
            double context = config.hasSlidingWindow() ? config.meanCachedPositions(step.contextTokens())
                    : step.contextTokens();
            return out.compute(name, OpCategory.ATTENTION, OpDemand.attentionOverCache(name, sequences, kvHeads,
                    queriesPerKvHead * t, context, q, kvBytes), join(after, written));
        }
        OpDemand causalOp = OpDemand.causalSelfAttention(name, sequences, kvHeads, queriesPerKvHead, t, q, kvBytes);
        long history = step.contextTokens() - t;
        if (config.hasSlidingWindow()) {
            // new token i attends to min(i, W) new positions on a windowed layer: fewer pairs, the same bytes
            causalOp = causalOp.withFlops(causalOp.flops() * config.meanAttendedPairs(0, t) / (t * (t + 1.0) / 2));
        }
        ImmutableList<Integer> causal = out.compute(name, OpCategory.ATTENTION, causalOp, after);
        if (history == 0) {
            return causal;
        }
        String historyName = prefix + "attention.history";
        OpDemand historyOp = OpDemand.attentionOverCache(historyName, sequences, kvHeads, queriesPerKvHead * t,
                config.hasSlidingWindow() ? config.meanHistoryPositionsRead(history) : history, q, kvBytes);
        if (config.hasSlidingWindow()) {
            // pairs with cached positions: all pairs minus the new-new ones, per query head of each K/V head
            double pairs = config.meanAttendedPairs(history, t) - config.meanAttendedPairs(0, t);
            historyOp = historyOp.withFlops(4.0 * sequences * kvHeads * queriesPerKvHead * pairs * q);
        }
        return join(causal, out.compute(historyName, OpCategory.ATTENTION, historyOp, after));
    }
}
