package org.tpusim.cost;

/** Which part of an op's time is largest. */
public enum Bound {
    /** Arithmetic on the matrix units (tile-padded FLOPs at the achievable peak). */
    COMPUTE,
    /** Moving operands to and from HBM at the achievable bandwidth. */
    MEMORY,
    /** The per-op fixed cost (launch, pipeline fill and drain) exceeds both. */
    FIXED
}
