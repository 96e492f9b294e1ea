package org.tpusim.figure;

/** The unit of a reported figure, as results.json keys and reports spell it. */
public enum Unit {
    /** Seconds. */
    SECONDS("s"),
    /** Milliseconds. */
    MILLISECONDS("ms"),
    /** A fraction of 1 (MFU); shown as a percentage, compared in percentage points. */
    FRACTION(""),
    /** Chip-milliseconds per token: chips x time / tokens (Pope et al. sec. 4.4). */
    CHIP_MS_PER_TOKEN("chip-ms/token"),
    /** Tokens per second. */
    TOKENS_PER_SECOND("tokens/s");

    private final String symbol;

    Unit(String symbol) {
        this.symbol = symbol;
    }

    /** The unit's symbol, e.g. {@code ms}; empty for a fraction. */
    public String symbol() {
        return symbol;
    }

    /** True for units of time. */
    public boolean isTime() {
        return this == SECONDS || this == MILLISECONDS;
    }
}
