/**
 * Comparison of simulated results with published figures: the keys a reference may name, how each is
 * read from a result, and how the error is measured (relative for times, percentage points for MFU).
 */
package org.tpusim.validation;
