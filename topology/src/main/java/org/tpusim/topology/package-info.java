/**
 * Pure geometry of a TPU v4 slice: chips on a 3D grid whose axes are rings (wraparound) or lines, the
 * directed inter-chip links between neighbours, dimension-order routes, and the chip groups that span a
 * chosen subset of axes. No engine, no I/O; every type is immutable and safe to share between threads.
 */
package org.tpusim.topology;
