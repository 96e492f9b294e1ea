package org.tpusim.model;

/**
 * The two kinds of forward pass in generative inference (Pope et al. 2022, sec. 2): prefill processes
 * the B x L input tokens in one pass; decode produces one token per sequence per step.
 */
public enum Phase {
    PREFILL("prefill"),
    DECODE("decode");

    private final String key;

    Phase(String key) {
        this.key = key;
    }

    /** The scenario spelling, e.g. {@code decode}. */
    public String key() {
        return key;
    }
}
