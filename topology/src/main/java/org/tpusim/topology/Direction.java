package org.tpusim.topology;

/** Which way along an axis a directed link carries data: towards higher coordinates (PLUS) or lower (MINUS). */
public enum Direction {
    PLUS(+1, '+'),
    MINUS(-1, '-');

    private final int sign;
    private final char symbol;

    Direction(int sign, char symbol) {
        this.sign = sign;
        this.symbol = symbol;
    }

    /** +1 for PLUS, -1 for MINUS. */
    public int sign() {
        return sign;
    }

    public Direction opposite() {
        return this == PLUS ? MINUS : PLUS;
    }

    /** '+' or '-', as printed in link names such as "3->7 +y". */
    char symbol() {
        return symbol;
    }
}
