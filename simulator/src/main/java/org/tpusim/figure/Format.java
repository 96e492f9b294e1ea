package org.tpusim.figure;

import java.util.Locale;

/**
 * The one way tpusim writes a quantity for people (console, reports, CSV headers name the unit instead): times in
 * the unit that suits them (ns, µs, ms, s, min, h), bytes in binary units (KiB = 2^10 B), rates in decimal units
 * (GB/s = 10^9 B/s), fractions as percentages, and four significant digits without exponents for ordinary
 * magnitudes. Machine-readable files (results.json, CSV cells) keep full doubles; this is for reading.
 */
public final class Format {
    /** Significant digits of a formatted quantity. */
    public static final int DIGITS = 4;
    private static final String MICRO = "\u00b5";

    private Format() {
    }

    /** {@code v} with {@value #DIGITS} significant digits, no exponent from 1e-4 to below 1e9, trailing zeros kept. */
    public static String number(double v) {
        return number(v, DIGITS);
    }

    /** {@code v} with {@code digits} significant digits (exponent only outside 1e-4 .. 1e9). */
    public static String number(double v, int digits) {
        if (v == 0) {
            return "0";
        }
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "n/a" : (v > 0 ? "\u221e" : "-\u221e");
        }
        double a = Math.abs(v);
        if (a >= 1e9 || a < 1e-4) {
            return String.format(Locale.ROOT, "%." + (digits - 1) + "e", v).replace("e+0", "e").replace("e+", "e")
                    .replace("e-0", "e-");
        }
        // round to the significant digits first: 999.96 becomes 1000, not 1000.0
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(digits));
        int decimals = Math.max(0, digits - 1 - (int) Math.floor(Math.log10(Math.abs(d.doubleValue()))));
        return String.format(Locale.ROOT, "%." + decimals + "f", d.doubleValue());
    }

    /**
     * Seconds in the unit that suits them; "0 s" below 10 ps, which in this simulator is the rounding residue of sums
     * and differences of nanosecond times, not a duration.
     */
    public static String seconds(double s) {
        double a = Math.abs(s);
        if (!Double.isFinite(s)) {
            return number(s);
        } else if (a < 1e-11) {
            return "0 s";
        } else if (a < 1e-6) {
            return number(s * 1e9) + " ns";
        } else if (a < 1e-3) {
            return number(s * 1e6) + " " + MICRO + "s";
        } else if (a < 1) {
            return number(s * 1e3) + " ms";
        } else if (a < 120) {
            return number(s) + " s";
        } else if (a < 2 * 3600) {
            return number(s / 60) + " min";
        }
        return number(s / 3600) + " h";
    }

    /** Milliseconds, written as {@link #seconds} does. */
    public static String millis(double ms) {
        return seconds(ms / 1e3);
    }

    /** Nanoseconds, written as {@link #seconds} does. */
    public static String nanos(double ns) {
        return seconds(ns / 1e9);
    }

    /** Bytes with binary units: whole bytes below 1 KiB, else {@value #DIGITS} significant digits. */
    public static String bytes(double b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        if (!Double.isFinite(b)) {
            return number(b) + " B";
        }
        int i = 0;
        double v = b;
        while (Math.abs(v) >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        if (i == 0) {
            return (v == Math.rint(v) ? String.valueOf((long) v) : number(v)) + " B";
        }
        return trimZeros(number(v)) + " " + units[i];
    }

    /** Bytes per second with decimal units (GB/s = 10^9 B/s). */
    public static String bandwidth(double bytesPerSec) {
        return decimal(bytesPerSec, "B/s");
    }

    /** A rate or count with a decimal SI prefix: 2.75e14 FLOP/s is "275.0 TFLOP/s". */
    public static String decimal(double v, String unit) {
        String[] prefixes = {"", "k", "M", "G", "T", "P", "E"};
        if (!Double.isFinite(v) || v == 0) {
            return number(v) + " " + unit;
        }
        int i = 0;
        double x = v;
        while (Math.abs(x) >= 1000 && i < prefixes.length - 1) {
            x /= 1000;
            i++;
        }
        return number(x) + " " + prefixes[i] + unit;
    }

    /** A fraction as a percentage with one decimal: 0.1412 is "14.1%". */
    public static String percent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return number(fraction);
        }
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** A ratio with three decimals: 1.0523 is "1.052". */
    public static String ratio(double r) {
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.3f", r) : "n/a";
    }

    /** A figure's value in its unit. */
    public static String value(double v, Unit unit) {
        return switch (unit) {
            case SECONDS -> seconds(v);
            case MILLISECONDS -> millis(v);
            case FRACTION -> percent(v);
            case CHIP_MS_PER_TOKEN -> number(v) + " chip-ms/token";
            case TOKENS_PER_SECOND -> number(v) + " tokens/s";
        };
    }

    /**
     * A value in a unit as the chip catalog spells it: {@code ns}, {@code B}, {@code B/s}, {@code FLOP/s},
     * {@code fraction}, {@code elements} or any other (then a plain number and the unit).
     */
    public static String quantity(double v, String unit) {
        return switch (unit) {
            case "ns" -> nanos(v);
            case "s" -> seconds(v);
            case "ms" -> millis(v);
            case "B" -> bytes(v);
            case "B/s" -> bandwidth(v);
            case "FLOP/s" -> decimal(v, "FLOP/s");
            case "fraction", "1", "" -> number(v);
            default -> (v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : number(v)) + " " + unit;
        };
    }

    private static String trimZeros(String s) {
        if (!s.contains(".") || s.contains("e")) {
            return s;
        }
        String t = s.replaceAll("0+$", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
