/**
 * Charts as inline SVG, generated on the server side: axes with ticks and unit labels, linear and log scales,
 * legends, tooltips as SVG titles. No scripts; every piece of text is escaped.
 */
package org.tpusim.report.chart;
