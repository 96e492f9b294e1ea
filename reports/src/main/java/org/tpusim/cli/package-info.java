/**
 * The {@code tpusim} command line: {@code run} scenario files, {@code bench}. Exit codes: 0 success,
 * 2 invalid input, 1 anything else. stdout carries the summaries; errors go to stderr.
 */
package org.tpusim.cli;
