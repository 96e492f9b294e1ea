package org.tpusim.report.chart;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps data values to pixels along one axis, linearly or by log10, and picks tick values: multiples of
 * 1, 2 or 5 x 10^k on a linear scale, powers of ten on a log scale.
 */
public final class Scale {
    private final double min;
    private final double max;
    private final boolean log;
    private final double pxFrom;
    private final double pxTo;
    /** Log scales: ticks at powers of this base (10, or 2 for byte counts), every {@code tickStep} exponents. */
    private final int base;
    private final int tickStep;

    private Scale(double min, double max, boolean log, double pxFrom, double pxTo, int base, int tickStep) {
        this.min = min;
        this.max = max;
        this.log = log;
        this.pxFrom = pxFrom;
        this.pxTo = pxTo;
        this.base = base;
        this.tickStep = tickStep;
    }

    /**
     * A linear scale over [min, max] widened to tick boundaries; a zero-width domain is centred on its value (10%
     * either side; [0, 1] for zero), so a single value is drawn in the middle, not against an edge.
     */
    public static Scale linear(double min, double max, double pxFrom, double pxTo) {
        Preconditions.checkArgument(Double.isFinite(min) && Double.isFinite(max) && max >= min,
                "bad linear domain [%s, %s]", min, max);
        if (max == min) {
            double pad = Math.abs(min) * 0.1;
            if (min == 0) {
                max = 1;
            } else {
                min -= pad;
                max += pad;
            }
        }
        double step = niceStep(max - min);
        return new Scale(Math.floor(min / step) * step, Math.ceil(max / step - 1e-9) * step, false, pxFrom, pxTo, 10,
                1);
    }

    /** A log10 scale over [min, max] (both positive) widened to whole decades. */
    public static Scale log(double min, double max, double pxFrom, double pxTo) {
        Preconditions.checkArgument(min > 0 && max >= min && Double.isFinite(max), "bad log domain [%s, %s]", min, max);
        double lo = Math.floor(Math.log10(min) + 1e-9);
        double hi = Math.ceil(Math.log10(max) - 1e-9);
        if (hi == lo) {
            hi = lo + 1;
        }
        int step = Math.max(1, (int) Math.ceil((hi - lo) / 8.0));
        return new Scale(Math.pow(10, lo), Math.pow(10, hi), true, pxFrom, pxTo, 10, step);
    }

    /**
     * A log scale for byte counts: ticks at powers of two (1 KiB, 8 KiB, ...), at most 7 of them, the domain
     * widened to the ticks around [min, max].
     */
    public static Scale logBinary(double min, double max, double pxFrom, double pxTo) {
        Preconditions.checkArgument(min > 0 && max >= min && Double.isFinite(max), "bad log domain [%s, %s]", min, max);
        int lo = (int) Math.floor(log2(min) + 1e-9);
        int hi = (int) Math.ceil(log2(max) - 1e-9);
        int step = Math.max(1, (int) Math.ceil((hi - lo) / 6.0));
        lo = Math.floorDiv(lo, step) * step;
        hi = Math.max(lo + step, -Math.floorDiv(-hi, step) * step);
        return new Scale(Math.pow(2, lo), Math.pow(2, hi), true, pxFrom, pxTo, 2, step);
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    /** 1, 2 or 5 x 10^k, giving 4 to 10 steps over span. */
    static double niceStep(double span) {
        double raw = span / 6;
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / pow;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * pow;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public boolean isLog() {
        return log;
    }

    /** The distance between ticks of a linear scale (NaN for a log scale). */
    public double step() {
        return log ? Double.NaN : niceStep(max - min);
    }

    /** The pixel position of value v (log scales clamp non-positive values to the minimum). */
    public double px(double v) {
        double f;
        if (log) {
            double lv = Math.log10(Math.max(v, min * 1e-3));
            f = (lv - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        } else {
            f = (v - min) / (max - min);
        }
        return pxFrom + f * (pxTo - pxFrom);
    }

    /**
     * Tick values within the domain, ends included. Log scales: every power of the base, or every 2nd, 3rd, ...
     * when there are many.
     */
    public List<Double> ticks() {
        List<Double> out = new ArrayList<>();
        if (log) {
            double lb = Math.log(base);
            int lo = (int) Math.round(Math.log(min) / lb);
            int hi = (int) Math.round(Math.log(max) / lb);
            for (int e = lo; e <= hi; e += tickStep) {
                out.add(Math.pow(base, e));
            }
            return out;
        }
        double step = niceStep(max - min);
        long n = Math.round((max - min) / step);
        for (long i = 0; i <= n; i++) {
            out.add(min + i * step);
        }
        return out;
    }
}
