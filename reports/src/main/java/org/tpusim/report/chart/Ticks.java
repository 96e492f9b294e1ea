package org.tpusim.report.chart;

import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Tick label formats. Log axes label every tick with its own unit ("10 µs", "4 KiB"); linear axes use one unit
 * for the whole axis, named in the axis title ({@link #timeUnit}).
 */
public final class Ticks {
    private Ticks() {
    }

    /** A plain number: up to 3 significant figures, no exponent below 10^6. */
    public static String number(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e6 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.3g", v).replace("e+0", "e").replace("e+", "e").replace("e-0", "e-");
        }
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s;
    }

    /** Seconds in the unit that suits each value: ns, µs, ms or s. */
    public static String seconds(double s) {
        double a = Math.abs(s);
        if (a == 0) {
            return "0 s";
        } else if (a < 1e-6) {
            return number(s * 1e9) + " ns";
        } else if (a < 1e-3) {
            return number(s * 1e6) + " \u00b5s";
        } else if (a < 1) {
            return number(s * 1e3) + " ms";
        }
        return number(s) + " s";
    }

    /** Bytes with binary units (KiB = 2^10 B). */
    public static String bytes(double b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int i = 0;
        while (Math.abs(b) >= 1024 && i < units.length - 1) {
            b /= 1024;
            i++;
        }
        return number(b) + " " + units[i];
    }

    /** Bytes per second with decimal units (GB/s = 10^9 B/s). */
    public static String bandwidth(double bps) {
        String[] units = {"B/s", "kB/s", "MB/s", "GB/s", "TB/s"};
        int i = 0;
        while (Math.abs(bps) >= 1000 && i < units.length - 1) {
            bps /= 1000;
            i++;
        }
        return number(bps) + " " + units[i];
    }

    /** A fraction as a percentage, e.g. 0.25 -> "25%". */
    public static String percent(double f) {
        return number(f * 100) + "%";
    }

    /** One time unit for a linear axis reaching maxSeconds: its name and the format of its ticks. */
    public record TimeUnit(String name, double perSecond) {
        public DoubleFunction<String> format() {
            return s -> number(s * perSecond);
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
