/**
 * The chip cost model: the time of one on-chip op (matmul, attention over a KV cache, elementwise) from
 * its FLOPs, its HBM bytes and the chip's catalog parameters. Pure arithmetic; no engine, no I/O.
 */
package org.tpusim.cost;
