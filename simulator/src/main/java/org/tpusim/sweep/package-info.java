/**
 * Design-space sweeps: a scenario with a {@code sweep:} block expanded into points ({@link Sweep}), run in
 * parallel, shardable and resumable ({@link SweepRun}), their Pareto frontiers ({@link Pareto}), and the
 * analytical-then-simulated layout search ({@link LayoutSearch}).
 */
package org.tpusim.sweep;
