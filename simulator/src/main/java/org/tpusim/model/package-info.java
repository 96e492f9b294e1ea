/**
 * Transformer models as dimensions: {@link org.tpusim.model.TransformerModel} with exact parameter counts,
 * the {@link org.tpusim.model.ModelParameter}s that define one, and {@link org.tpusim.model.ModelConfig}
 * (model, weight and KV dtypes). Plain domain code: the bundled catalog (PaLM 8B/62B/540B, MT-NLG 530B) and
 * a scenario's {@code model:} block are read by the scenario package's {@code ModelCatalog} and
 * {@code ModelSpecReader}.
 */
package org.tpusim.model;
