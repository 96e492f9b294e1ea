package org.tpusim.figure;

/**
 * The conversions from the engine's time unit (nanoseconds, a double) to the units results are reported in; every
 * runner converts through these, so a figure's unit is decided in one place.
 */
public final class Units {
    /** Nanoseconds per second. */
    public static final double NS_PER_S = 1e9;
    /** Nanoseconds per millisecond. */
    public static final double NS_PER_MS = 1e6;

    private Units() {
    }

    /** {@code ns} in seconds. */
    public static double seconds(double ns) {
        return ns / NS_PER_S;
    }

    /** {@code ns} in milliseconds. */
    public static double millis(double ns) {
        return ns / NS_PER_MS;
    }

    /** {@code ns} in {@code unit} (a unit of time). */
    public static double of(double ns, Unit unit) {
        return switch (unit) {
            case SECONDS -> seconds(ns);
            case MILLISECONDS -> millis(ns);
            default -> throw new IllegalArgumentException(unit + " is not a unit of time");
        };
    }
}
