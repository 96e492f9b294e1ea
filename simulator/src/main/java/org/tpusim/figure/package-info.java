/**
 * Every headline figure tpusim reports, defined once: {@link org.tpusim.figure.Figure} (its key in results.json,
 * its flat key in sweep points, its unit, its label on the console and in reports, and how its error against a
 * published value is measured), {@link org.tpusim.figure.Unit}, and the conversions from simulated nanoseconds
 * ({@link org.tpusim.figure.Units}). A bottom package: it depends on nothing else of tpusim.
 */
package org.tpusim.figure;
