package org.tpusim.cost;

import com.google.common.base.Preconditions;
import java.util.List;
import org.tpusim.hardware.ChipSpec;

/**
 * The time one chip takes for one op, from the op's FLOPs and HBM bytes and the chip's catalog
 * parameters ({@code scenarios/catalog/chips.yaml}). Stateless and thread-safe.
 *
 * <pre>
 * total   = fixed(kind) + (compute^p + memory^p)^(1/p)                 p = overlap_exponent
 * compute = MATMUL:    2 * (padRows(m) + matmul_weight_load_rows) * pad(k) * pad(n)
 *                        / (compute_efficiency * matmul peak)
 *           ATTENTION: flops / (compute_efficiency * peak_flops_per_s)
 *           VECTOR:    0
 * memory  = (read + write + scores * attention_score_bytes) / min(hbm_efficiency * hbm_bandwidth_bytes_per_s,
 *                                parallelUnits * core_hbm_bandwidth_bytes_per_s)
 * pad(x)  = x rounded up to a multiple of matmul_tile_elements       (weight tile: k, n)
 * padRows(m) = m rounded up to a multiple of matmul_row_tile_elements (activation rows: m)
 * </pre>
 *
 * <p>What each term models. <b>Tile padding</b>: the matrix units work on whole tiles, so a small
 * per-chip dimension wastes the rest of the tile. TPU v4 holds a 128x128 weight tile in each MXU and
 * streams activation rows through it 8 at a time (scaling-book, tpus.md), so k and n pad to 128 and m
 * to 8; an H100 warpgroup multiplies 64 rows at a time. <b>Weight-tile loads</b>: each weight tile is
 * loaded into the matrix unit before the m rows stream through it; what double-buffering does not hide
 * costs {@code matmul_weight_load_rows} row steps per tile, so a matmul of few rows per chip (decode) runs
 * below the efficiency of a long one (prefill). <b>Score traffic</b>: an attention kernel that materialises
 * its score matrix moves {@code attention_score_bytes} per score through HBM. <b>Compute efficiency</b>: the fraction of peak that large
 * matmuls reach (clock under load, kernel efficiency). <b>HBM efficiency</b>: the fraction of the
 * data-sheet bandwidth that streaming reaches. <b>Core bandwidth</b>: a kernel with fewer independent
 * work units than cores cannot draw the whole HBM bandwidth (one unit runs on one core); matmul and
 * elementwise kernels split finely and are not limited. <b>Overlap</b>: compute and HBM streaming run
 * concurrently but not perfectly; the p-norm is the roofline max when one side dominates and
 * {@code 2^(1/p)} times it when they are equal (the H100 GEMMs at the ridge take 0.96-1.44x the max, see
 * the h100 catalog entry). <b>Fixed cost</b>: launch, pipeline fill and drain, paid once per op
 * whatever its size.
 *
 * <p>Simplified: no wave quantisation over cores, no library kernel selection, no cache reuse between
 * ops, vector-unit arithmetic is free (elementwise ops sit far below the ridge), attention FLOPs are not
 * tile-padded. Int8 weights halve weight bytes but leave FLOPs at the bf16 peak (Pope et al. sec. 3.6). The
 * matmul peak is the bf16 peak unless the model multiplies in int8 or fp8 (w8a8: {@code Arithmetic}), when it
 * is the chip's int8 or fp8 peak, at the same compute efficiency (not measured for those formats); attention
 * stays at the bf16 peak.
 */
public final class ChipCostModel {
    private static final double NS_PER_S = 1e9;

    private final ChipSpec chip;
    private final long tile;
    private final long rowTile;
    private final double achievableFlopsPerSec;
    private final double achievableMatmulPerSec;
    private final double achievableHbmBytesPerSec;
    private final double coreHbmBytesPerSec;
    private final double overlapExponent;
    private final double weightLoadRows;
    private final double scoreBytes;

    /** Matmuls at the bf16 peak. */
    public ChipCostModel(ChipSpec chip) {
        this(chip, chip.peakFlopsPerSec());
    }

    /** Matmuls at {@code matmulPeakPerSec} (the bf16, int8 or fp8 peak), attention at the bf16 peak. */
    public ChipCostModel(ChipSpec chip, double matmulPeakPerSec) {
        this.chip = chip;
        Preconditions.checkArgument(matmulPeakPerSec > 0, "chip %s: the matmul peak must be positive, found %s", chip,
                matmulPeakPerSec);
        this.tile = positiveInteger("matmul_tile_elements", chip.matmulTileElements());
        this.rowTile = positiveInteger("matmul_row_tile_elements", chip.matmulRowTileElements());
        checkFraction("compute_efficiency", chip.computeEfficiency());
        checkFraction("hbm_efficiency", chip.hbmEfficiency());
        Preconditions.checkArgument(chip.overlapExponent() >= 1,
                "chip %s: overlap_exponent must be at least 1 (1 = no overlap), found %s", chip,
                chip.overlapExponent());
        Preconditions.checkArgument(chip.coreHbmBandwidthBytesPerSec() > 0,
                "chip %s: core_hbm_bandwidth_bytes_per_s must be positive", chip);
        this.achievableFlopsPerSec = chip.computeEfficiency() * chip.peakFlopsPerSec();
        this.achievableMatmulPerSec = chip.computeEfficiency() * matmulPeakPerSec;
        this.achievableHbmBytesPerSec = chip.hbmEfficiency() * chip.hbmBandwidthBytesPerSec();
        this.coreHbmBytesPerSec = chip.coreHbmBandwidthBytesPerSec();
        this.overlapExponent = chip.overlapExponent();
        this.weightLoadRows = chip.matmulWeightLoadRows();
        this.scoreBytes = chip.attentionScoreBytes();
    }

    private long positiveInteger(String key, double v) {
        Preconditions.checkArgument(v >= 1 && v == Math.rint(v), "chip %s: %s must be a positive integer, found %s",
                chip, key, v);
        return (long) v;
    }

    private void checkFraction(String key, double v) {
        Preconditions.checkArgument(v > 0 && v <= 1, "chip %s: %s must be in (0, 1], found %s", chip, key, v);
    }

    public ChipSpec chip() {
        return chip;
    }

    /** The HBM rate a prefetch streams at, bytes per ns (the chip's achievable rate). */
    public double prefetchBytesPerNs() {
        return achievableHbmBytesPerSec / NS_PER_S;
    }

    /** The time of one op on this chip. */
    public OpTime time(OpDemand op) {
        return time(op, 0);
    }

    /**
     * The time of one op whose first {@code prefetchedBytes} of weights (at most its {@link OpDemand#weightBytes()})
     * were fetched from HBM before it started: its memory term streams only the rest.
     */
    public OpTime time(OpDemand op, double prefetchedBytes) {
        double computeNs = computeNs(op);
        double bytes = op.hbmBytes() - Math.min(Math.max(0, prefetchedBytes), op.weightBytes())
                + op.scores() * scoreBytes;
        double memoryNs = bytes / hbmBytesPerSec(op.parallelUnits()) * NS_PER_S;
        double fixedNs = fixedNs(op.kind());
        double totalNs = fixedNs + overlap(computeNs, memoryNs);
        return new OpTime(totalNs, computeNs, memoryNs, fixedNs, bound(computeNs, memoryNs, fixedNs));
    }

    /** The time of ops run one after another on this chip (no overlap between ops). */
    public double serialNs(List<OpDemand> ops) {
        return ops.stream().mapToDouble(op -> time(op).totalNs()).sum();
    }

    private double computeNs(OpDemand op) {
        return switch (op.kind()) {
            case MATMUL -> 2.0 * (padded(op.m(), rowTile) + weightLoadRows) * padded(op.k(), tile)
                    * padded(op.n(), tile) / achievableMatmulPerSec * NS_PER_S;
            case ATTENTION -> op.flops() / achievableFlopsPerSec * NS_PER_S;
            case VECTOR -> 0.0;
        };
    }

    private static double padded(long dim, long tile) {
        return (double) ((dim + tile - 1) / tile) * tile;
    }

    /** Bandwidth the op can draw: the chip's achievable HBM rate, unless too few work units to reach it. */
    private double hbmBytesPerSec(long parallelUnits) {
        if (parallelUnits == OpDemand.FILLS_CHIP) {
            return achievableHbmBytesPerSec;
        }
        return Math.min(achievableHbmBytesPerSec, parallelUnits * coreHbmBytesPerSec);
    }

    private double fixedNs(OpKind kind) {
        return switch (kind) {
            case MATMUL -> chip.matmulFixedNs();
            case ATTENTION -> chip.attentionFixedNs();
            case VECTOR -> chip.vectorFixedNs();
        };
    }

    /** {@code (a^p + b^p)^(1/p)}, computed as {@code max * (1 + (min/max)^p)^(1/p)} to stay finite. */
    private double overlap(double a, double b) {
        double hi = Math.max(a, b);
        if (hi == 0) {
            return 0;
        }
        double ratio = Math.min(a, b) / hi;
        return hi * Math.pow(1 + Math.pow(ratio, overlapExponent), 1 / overlapExponent);
    }

    private static Bound bound(double computeNs, double memoryNs, double fixedNs) {
        if (fixedNs > computeNs && fixedNs > memoryNs) {
            return Bound.FIXED;
        }
        return computeNs >= memoryNs ? Bound.COMPUTE : Bound.MEMORY;
    }
}
