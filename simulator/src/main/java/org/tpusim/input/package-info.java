/**
 * The bottom input layer: YAML read into line-numbered nodes ({@link org.tpusim.input.YamlReader},
 * {@link org.tpusim.input.YamlNode}) and the one input error ({@link org.tpusim.input.InputException}) that
 * names the file, line, key path and what was expected. Depends on nothing else of tpusim.
 */
package org.tpusim.input;
