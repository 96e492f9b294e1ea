/**
 * Scenario files: YAML read once into validated, immutable records. Every error names the file, the
 * line, the key path and what was expected; nothing downstream reads strings or maps.
 */
package org.tpusim.scenario;
