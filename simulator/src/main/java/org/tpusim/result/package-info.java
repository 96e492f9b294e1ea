/**
 * Result records of a run: what was simulated, what the closed form predicts for the same inputs, and
 * how the run went. Reports and JSON writers read these records only.
 */
package org.tpusim.result;
