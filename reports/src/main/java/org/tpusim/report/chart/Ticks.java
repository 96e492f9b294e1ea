package org.tpusim.report.chart;

import java.util.Locale;
import java.util.function.DoubleFunction;
import org.tpusim.figure.Format;

/**
 * Tick label formats, written with {@link Format} (the one formatter of quantities). Log axes label every tick with
 * its own unit ("10 µs", "4 KiB"); linear axes use one unit for the whole axis, named in the axis title
 * ({@link #timeUnit}), and a {@link Numeric} format, whose ticks all get the same number of decimals (those of the
 * tick step: 0.5, 1.0, 1.5, never 0.5, 1, 1.5).
 */
public final class Ticks {
    private Ticks() {
    }

    /**
     * A number times {@code multiplier} followed by {@code suffix}. Values (tooltips, totals) have
     * {@value Format#DIGITS} significant digits; the ticks of a linear axis have the decimals of its step.
     */
    public record Numeric(double multiplier, String suffix) implements DoubleFunction<String> {
        @Override
        public String apply(double v) {
            return trim(Format.number(v * multiplier)) + suffix;
        }

        /** A tick of a linear axis whose ticks are {@code step} apart. */
        public String tick(double v, double step) {
            return fixed(v * multiplier, step * Math.abs(multiplier)) + suffix;
        }
    }

    /** Plain numbers. */
    public static Numeric plain() {
        return new Numeric(1, "");
    }

    /** Plain numbers followed by a unit, e.g. {@code plain(" ms")}. */
    public static Numeric plain(String suffix) {
        return new Numeric(1, suffix);
    }

    /** A fraction as a percentage: 0.25 is "25%" (ticks), "25.00%" is never written. */
    public static Numeric percentOf() {
        return new Numeric(100, "%");
    }

    /** {@code v} with the decimals a tick step needs: step 0.25 gives 2, step 5 gives 0. */
    public static String fixed(double v, double step) {
        int decimals = 0;
        if (step > 0 && Double.isFinite(step)) {
            // the decimals of the step itself (0.25 -> 2), at most 6
            for (double s = step; decimals < 6 && Math.abs(s - Math.rint(s)) > 1e-6 * Math.max(1, Math.abs(s));
                 s *= 10) {
                decimals++;
            }
        }
        if (Math.abs(v) < step * 1e-6) {
            v = 0;
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** The format of tick {@code v} on a scale (a {@link Numeric} format on a linear scale: the step's decimals). */
    static String tick(DoubleFunction<String> format, Scale scale, double v) {
        if (format instanceof Numeric n && !scale.isLog()) {
            return n.tick(v, scale.step());
        }
        return format.apply(v);
    }

    /** A plain number: {@value Format#DIGITS} significant digits, trailing zeros dropped (log-axis ticks: 0.1, 1, 10). */
    public static String number(double v) {
        return trim(Format.number(v));
    }

    /** Seconds in the unit that suits each value: ns, µs, ms or s. */
    public static String seconds(double s) {
        return trim(Format.seconds(s));
    }

    /** Bytes with binary units (KiB = 2^10 B). */
    public static String bytes(double b) {
        return trim(Format.bytes(b));
    }

    /** Bytes per second with decimal units (GB/s = 10^9 B/s). */
    public static String bandwidth(double bps) {
        return trim(Format.bandwidth(bps));
    }

    /** A fraction as a percentage, e.g. 0.25 -> "25%". */
    public static String percent(double f) {
        return trim(Format.number(f * 100)) + "%";
    }

    /** Drops trailing zeros of the number in a formatted quantity ("10.00 ms" -> "10 ms", "2.500" -> "2.5"). */
    static String trim(String s) {
        return s.replaceAll("(\\d)\\.(\\d*?)0+(?=$|[^\\d])", "$1.$2").replaceAll("(\\d)\\.(?=$|[^\\d])", "$1");
    }

    /** One time unit for a linear axis reaching maxSeconds: its name and the format of its ticks. */
    public record TimeUnit(String name, double perSecond) {
        public Numeric format() {
            return new Numeric(perSecond, "");
        }
    }

    public static TimeUnit timeUnit(double maxSeconds) {
        double a = Math.abs(maxSeconds);
        if (a >= 1) {
            return new TimeUnit("s", 1);
        } else if (a >= 1e-3) {
            return new TimeUnit("ms", 1e3);
        } else if (a >= 1e-6) {
            return new TimeUnit("\u00b5s", 1e6);
        }
        return new TimeUnit("ns", 1e9);
    }
}
