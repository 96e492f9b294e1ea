/**
 * The chip as data: {@link org.tpusim.hardware.ChipSpec} (a named set of
 * {@link org.tpusim.hardware.ParameterValue}s), and the {@link org.tpusim.hardware.ChipParameter}s a chip is
 * defined by, each with its unit, meaning and the values it rejects. Plain domain code: the bundled catalog
 * ({@code scenarios/catalog/chips.yaml}) is read by the scenario package's {@code ChipCatalog}.
 */
package org.tpusim.hardware;
