package org.tpusim.analytical;

/**
 * Which parameter count drives FLOPs and weight bytes. The paper's model uses the nominal N (540e9 for
 * PaLM 540B, sec. 2); the exact count includes, for instance, the 18B parameters of padded heads.
 */
public enum ParameterBasis {
    /** {@code TransformerModel.nominalParams()}: the paper's N; weights counted as N·bytes/n. */
    NOMINAL,
    /**
     * {@code TransformerModel.parameterCount()} for FLOPs; weight bytes per chip as stored, including the
     * replicated K/V projections ({@code HbmFootprint.weightsBytesPerChip}).
     */
    EXACT
}
