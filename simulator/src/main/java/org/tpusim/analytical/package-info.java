/**
 * The paper's closed-form cost model (Pope et al. 2022, sec. 2, 3, App. A): compute, weight and KV
 * loading, and feedforward communication time of one forward pass, their roofline and no-overlap
 * totals, MFU and cost; pure functions of the same inputs the simulator reads.
 */
package org.tpusim.analytical;
