/**
 * Optional recording of simulated activity (compute ops, collectives, link occupancy) for a bounded set of
 * chips and passes, and its export as Chrome trace event JSON (Perfetto, chrome://tracing).
 */
package org.tpusim.trace;
