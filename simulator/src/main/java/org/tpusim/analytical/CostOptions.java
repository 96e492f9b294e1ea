package org.tpusim.analytical;

import java.util.Objects;

/**
 * Choices the paper's cost model leaves open.
 *
 * @param parameters            nominal N (the paper) or the exact count
 * @param includeAttentionFlops add the attention score and value matmuls, 4·H·Q FLOPs per attended
 *                              position per layer; the paper excludes them ("can often be excluded", sec. 2)
 * @param paperFfnMatrices      weight-gathered layouts gather two feedforward matrices as in the paper's
 *                              formulas (sec. 3.2.3); false gathers the model's own count (3 for SwiGLU)
 */
public record CostOptions(ParameterBasis parameters, boolean includeAttentionFlops, boolean paperFfnMatrices) {
    /** The paper's model as written: nominal N, no attention FLOPs, two gathered matrices. */
    public static final CostOptions PAPER = new CostOptions(ParameterBasis.NOMINAL, false, true);
    /** What the hardware does: exact parameters as stored, attention FLOPs, every feedforward matrix. */
    public static final CostOptions PHYSICAL = new CostOptions(ParameterBasis.EXACT, true, false);

    public CostOptions {
        Objects.requireNonNull(parameters, "parameters");
    }
}
