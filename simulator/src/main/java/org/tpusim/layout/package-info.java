/**
 * How a Transformer layer is partitioned over a slice (Pope et al. 2022, sec. 3): feedforward layouts
 * (1D/2D weight-stationary, X/XY/XYZ weight-gathered), attention sharded over heads or batch, their
 * per-chip communication volume, feasibility checks reported as data, the paper's {@code auto} rule,
 * and the reader of a scenario's {@code layout:} block.
 */
package org.tpusim.layout;
