/**
 * Collectives over groups of torus axes (all-gather, reduce-scatter, all-reduce, all-to-all,
 * collective-permute), simulated message by message over the interconnect's link resources, with the
 * paper's bandwidth-only closed form and a latency-bandwidth form beside them.
 */
package org.tpusim.collective;
