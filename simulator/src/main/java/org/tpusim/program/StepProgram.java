package org.tpusim.program;

/**
 * The program of one forward pass (a prefill, or one decode step): the embedding, {@code layers} identical
 * copies of {@code layer} run one after another, then the unembedding and sampling.
 */
public record StepProgram(OpSequence embedding, OpSequence layer, int layers, OpSequence unembedding) {
}
