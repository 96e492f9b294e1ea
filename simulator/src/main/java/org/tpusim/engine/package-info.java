/**
 * Discrete-event engine adapter: the only package that imports DSOL ({@code nl.tudelft.simulation}); the rest of the
 * simulator sees just {@link org.tpusim.engine.Scheduler}, {@link org.tpusim.engine.Model} and
 * {@link org.tpusim.engine.Engine}. Simulated time is one unit throughout: nanoseconds, as a {@code double}.
 */
package org.tpusim.engine;
