package org.tpusim.topology;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Number of chips along each axis of a slice, written "XxYxZ" as in Cloud TPU topology names (e.g. "4x4x8"),
 * or "XxY" for a slice of a 2D torus (TPU v5e, v6e: "4x4", "16x16"). A 2D shape is an X x Y x 1 slice
 * ({@link #planar()}: a z axis of one chip, hence no z links) that prints back as "XxY".
 * Sizes are positive and the slice holds at most {@link #MAX_CHIPS} chips, so every chip id fits an int with
 * room to spare. Wraparound is not part of the shape; see {@link Slice}.
 *
 * @param planar whether the shape was written "XxY" (a 2D torus slice); then z is 1
 */
public record SliceShape(int x, int y, int z, boolean planar) {

    /**
     * Upper bound on chips per slice, 2^20. A TPU v4 pod has 4096 chips; the bound only keeps derived
     * per-chip and per-link arrays small and products of sizes within int range.
     */
    public static final int MAX_CHIPS = 1 << 20;

    private static final String EXPECTED_FORM =
            "expected XxYxZ (3D torus, e.g. 4x4x8) or XxY (2D torus, e.g. 4x4) with positive integers";
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    public SliceShape {
        requirePositive(Axis.X, x);
        requirePositive(Axis.Y, y);
        requirePositive(Axis.Z, z);
        if (planar && z != 1) {
            throw new IllegalArgumentException("a 2D (XxY) slice shape has z = 1, found z = " + z);
        }
        // Every size is >= 1, so one size above the bound already exceeds it; below it the product fits a long.
        if (x > MAX_CHIPS || y > MAX_CHIPS || z > MAX_CHIPS || (long) x * y * z > MAX_CHIPS) {
            BigInteger chips = BigInteger.valueOf(x).multiply(BigInteger.valueOf(y)).multiply(BigInteger.valueOf(z));
            throw tooManyChips(chips, x + "x" + y + "x" + z);
        }
    }

    /** A 3D shape X x Y x Z, written "XxYxZ". */
    public SliceShape(int x, int y, int z) {
        this(x, y, z, false);
    }

    public static SliceShape of(int x, int y, int z) {
        return new SliceShape(x, y, z);
    }

    /** A 2D shape X x Y (an X x Y x 1 slice), written "XxY". */
    public static SliceShape of(int x, int y) {
        return new SliceShape(x, y, 1, true);
    }

    /**
     * Parses "XxYxZ", e.g. "4x4x8", or "XxY", e.g. "4x4" (a {@link #planar()} X x Y x 1 shape); the separator is case-insensitive and surrounding whitespace is ignored.
     *
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static SliceShape parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        String[] parts = trimmed.toLowerCase(Locale.ROOT).split("x", -1);
        if (parts.length != 3 && parts.length != 2) {
            throw new IllegalArgumentException("invalid slice shape '" + text + "': " + EXPECTED_FORM);
        }
        boolean planar = parts.length == 2;
        BigInteger[] sizes = {BigInteger.ONE, BigInteger.ONE, BigInteger.ONE};
        for (Axis axis : Axis.values()) {
            if (axis.index() >= parts.length) {
                break;
            }
            String part = parts[axis.index()];
            if (!DIGITS.matcher(part).matches()) {
                throw new IllegalArgumentException("invalid slice shape '" + text + "': axis " + axis.letter()
                        + " is '" + part + "'; " + EXPECTED_FORM);
            }
            sizes[axis.index()] = new BigInteger(part);
            if (sizes[axis.index()].signum() == 0) {
                throw new IllegalArgumentException("invalid slice shape '" + text + "': "
                        + zeroSizeMessage(axis, 0));
            }
        }
        BigInteger chips = sizes[0].multiply(sizes[1]).multiply(sizes[2]);
        if (chips.compareTo(BigInteger.valueOf(MAX_CHIPS)) > 0) {
            throw tooManyChips(chips, trimmed);
        }
        return new SliceShape(sizes[0].intValueExact(), sizes[1].intValueExact(), sizes[2].intValueExact(), planar);
    }

    /** Number of chips along {@code axis}. */
    public int size(Axis axis) {
        switch (Objects.requireNonNull(axis, "axis")) {
            case X:
                return x;
            case Y:
                return y;
            default:
                return z;
        }
    }

    public int chipCount() {
        return x * y * z;
    }

    /** "XxYxZ", e.g. "4x4x8", or "XxY" for a planar shape; {@link #parse(String)} reads it back. */
    @Override
    public String toString() {
        return planar ? x + "x" + y : x + "x" + y + "x" + z;
    }

    private static void requirePositive(Axis axis, int size) {
        if (size < 1) {
            throw new IllegalArgumentException(zeroSizeMessage(axis, size));
        }
    }

    private static String zeroSizeMessage(Axis axis, int size) {
        return "axis " + axis.letter() + " has size " + size + "; expected a positive integer";
    }

    private static IllegalArgumentException tooManyChips(BigInteger chips, String shape) {
        return new IllegalArgumentException("slice shape " + shape + " has " + chips
                + " chips; expected at most " + MAX_CHIPS + " (2^20)");
    }
}
