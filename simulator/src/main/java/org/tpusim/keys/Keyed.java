package org.tpusim.keys;

/** A value with a scenario spelling, e.g. {@code ws-2d} or {@code decode}; see {@link Keys}. */
public interface Keyed {
    /** How scenarios, results and messages spell this value. */
    String key();
}
