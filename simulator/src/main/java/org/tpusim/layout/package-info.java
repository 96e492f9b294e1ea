/**
 * How a Transformer layer is partitioned over a slice (Pope et al. 2022, sec. 3): feedforward layouts
 * (1D/2D weight-stationary, X/XY/XYZ weight-gathered), attention sharded over heads or batch, their
 * per-chip communication volume, feasibility checks reported as data, and the paper's {@code auto} rule.
 * Plain domain code: the {@code layout:} block is read by the scenario package's {@code LayoutReader}.
 */
package org.tpusim.layout;
