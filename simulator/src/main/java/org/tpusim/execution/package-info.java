/**
 * Discrete-event execution of partitioned programs on a simulated slice: compute ops on each chip's
 * in-order core, collectives on the interconnect, overlap as the scenario allows, and the time breakdown.
 */
package org.tpusim.execution;
