/**
 * Writers over result records: results.json, the self-contained HTML report per scenario and the index
 * of a run. They read result records only and never run the engine.
 */
package org.tpusim.report;
