/**
 * Transformer models as dimensions: {@link org.tpusim.model.TransformerModel} with exact parameter counts,
 * the bundled {@link org.tpusim.model.ModelCatalog} (PaLM 8B/62B/540B, MT-NLG 530B), and the reader of a
 * scenario's {@code model:} block into a {@link org.tpusim.model.ModelConfig} (model, weight and KV dtypes).
 */
package org.tpusim.model;
