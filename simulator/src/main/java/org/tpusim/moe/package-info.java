/**
 * Mixture-of-experts routing: how many tokens each expert receives in one MoE layer of a pass
 * ({@link org.tpusim.moe.ExpertRouting}), and how experts are placed on the expert-parallel groups of a slice
 * ({@link org.tpusim.moe.ExpertPlacement}). Plain domain code; the routing block is read by the scenario
 * package's {@code ModelSpecReader}.
 */
package org.tpusim.moe;
