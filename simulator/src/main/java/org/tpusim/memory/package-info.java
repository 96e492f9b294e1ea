/**
 * Per-chip HBM use of a sharded model: weights, KV cache by attention layout, a bound on activations,
 * against the chip's capacity ({@link org.tpusim.memory.HbmFootprint}); and the largest context a KV
 * budget allows (Pope et al. 2022, Table 1).
 */
package org.tpusim.memory;
