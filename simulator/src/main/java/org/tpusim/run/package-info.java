/** Runs a validated scenario on the engine and assembles its result record. */
package org.tpusim.run;
