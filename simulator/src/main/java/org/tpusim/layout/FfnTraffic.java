package org.tpusim.layout;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Bytes one chip sends or receives for one feedforward layer, by the paper's bandwidth-only collective
 * model (Pope et al. 2022, App. A.1): an all-gather costs its per-chip <em>output</em> size, a
 * reduce-scatter its per-chip <em>input</em> size, with the (K-1)/K factor taken as 1 as the paper does.
 * A collective over a group of one chip moves nothing and costs nothing. Activations are bf16
 * ({@value #ACTIVATION_BYTES} B per element: the paper never quantises activations, sec. 3.6); gathered
 * weights move in the weight dtype (int8 halves the volume, sec. 3.6). T = B·L tokens in the batch.
 *
 * <ul>
 *   <li>WS-1D (sec. 3.2.1): all-gather(xyz) BLE + reduce-scatter(xyz) BLE = 2·T·E.</li>
 *   <li>WS-2D (sec. 3.2.2): all-gather(yz) and reduce-scatter(yz) of T·E/X, reduce-scatter(x) and
 *       all-gather(x) of T·F/YZ: 2·T·(E/X + F/YZ).</li>
 *   <li>WG over N chips (sec. 3.2.3, App. A.2.2): weights all-gathered over N: matrices·E·F·N/n elements;
 *       activations all-gathered and reduce-scattered over the remaining n/N chips: 2·T·E/N, zero for
 *       XYZ (no activation collectives, Fig A.2; Fig 3 plots XYZ as a constant).</li>
 * </ul>
 * The paper's formulas draw two feedforward matrices (W_in, W_out); the caller says how many to gather.
 * A gated feedforward's second input matmul would add one reduce-scatter of T·F/YZ in WS-2D; like the
 * paper, this is not counted.
 */
public record FfnTraffic(double activationBytesPerChip, double weightBytesPerChip) {
    /** Activations move as bf16. */
    public static final int ACTIVATION_BYTES = 2;

    public FfnTraffic {
        checkArgument(activationBytesPerChip >= 0 && weightBytesPerChip >= 0, "volumes must not be negative");
    }

    public double totalBytesPerChip() {
        return activationBytesPerChip + weightBytesPerChip;
    }

    /**
     * @param weightMatrices        feedforward matrices whose weights a WG layout gathers (the paper: 2)
     * @param weightBytesPerElement 2 for bf16 weights, 1 for int8
     * @param tokens                T = B·L, tokens in the batch this forward pass processes
     */
    public static FfnTraffic perLayer(FfnLayout layout, int dModel, int dFf, int weightMatrices,
            int weightBytesPerElement, MeshSplit split, long tokens) {
        checkArgument(tokens >= 0, "tokens must not be negative, got %s", tokens);
        double e = dModel;
        double f = dFf;
        double t = tokens;
        int n = split.chips();
        switch (layout) {
            case WS_1D:
                return new FfnTraffic(n > 1 ? 2 * t * e * ACTIVATION_BYTES : 0, 0);
            case WS_2D: {
                double overYz = split.yz() > 1 ? e / split.x() : 0;
                double overX = split.x() > 1 ? f / split.yz() : 0;
                return new FfnTraffic(2 * t * (overYz + overX) * ACTIVATION_BYTES, 0);
            }
            default: {
                int group = layout.gatherGroup(split);
                int rest = n / group;
                double weights = group > 1 ? weightMatrices * e * f * group / n * weightBytesPerElement : 0;
                double acts = rest > 1 ? 2 * t * e / group * ACTIVATION_BYTES : 0;
                return new FfnTraffic(acts, weights);
            }
        }
    }
}
