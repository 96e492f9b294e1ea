package org.tpusim.topology;

/** One of the three physical axes of a TPU v4 slice. Declaration order is the dimension-order routing order. */
public enum Axis {
    X('x'),
    Y('y'),
    Z('z');

    private final char letter;

    Axis(char letter) {
        this.letter = letter;
    }

    /** 0 for x, 1 for y, 2 for z. */
    public int index() {
        return ordinal();
    }

    /** Lower-case letter naming the axis: 'x', 'y' or 'z'. */
    public char letter() {
        return letter;
    }

    /** The axis named by {@code letter}, case-insensitive. */
    public static Axis fromLetter(char letter) {
        switch (Character.toLowerCase(letter)) {
            case 'x':
                return X;
            case 'y':
                return Y;
            case 'z':
                return Z;
            default:
                throw new IllegalArgumentException(
                        "unknown axis '" + letter + "'; expected one of x, y, z");
        }
    }
}
