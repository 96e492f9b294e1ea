/**
 * The partitioned inference program every chip runs (SPMD): per Transformer layer, the compute ops with
 * their per-chip shapes and the collectives between them, as in Pope et al. 2022, Figs. 2, 4 and 5. Pure
 * data and construction; the discrete-event execution lives in {@code org.tpusim.execution}.
 */
package org.tpusim.program;
