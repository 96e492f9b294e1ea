package org.tpusim.model;

import org.tpusim.keys.Keyed;

/**
 * The two kinds of forward pass in generative inference (Pope et al. 2022, sec. 2): prefill processes
 * the B x L input tokens in one pass; decode produces one token per sequence per step.
 */
public enum Phase implements Keyed {
    PREFILL("prefill"),
    DECODE("decode");

    private final String key;

    Phase(String key) {
        this.key = key;
    }

    /** The scenario spelling, e.g. {@code decode}. */
    @Override
    public String key() {
        return key;
    }
}
