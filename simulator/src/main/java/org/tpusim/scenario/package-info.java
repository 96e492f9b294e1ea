/**
 * Scenario files: YAML read once into validated, immutable records. Every error names the file, the
 * line, the key path and what was expected; nothing downstream reads strings or maps. The readers of the
 * chip and model catalogs ({@link org.tpusim.scenario.ChipCatalog}, {@link org.tpusim.scenario.ModelCatalog}),
 * of the {@code model:} and {@code layout:} blocks and of request traces ({@link org.tpusim.scenario.TraceReader})
 * live here too, so that the domain packages they fill are plain Java with no input machinery: domain code
 * rejects a value with an {@code Optional} reason or an {@code IllegalArgumentException}, and the reader turns
 * it into an {@link org.tpusim.input.InputException} naming the file, line and key.
 */
package org.tpusim.scenario;
