/**
 * The inter-chip interconnect as simulated resources: every direction of every ICI link is a FIFO
 * server with a bandwidth and a per-hop latency, and data crosses it chunk by chunk along routes.
 * Contention is not a formula here; it emerges from chunks queueing on shared links.
 */
package org.tpusim.interconnect;
