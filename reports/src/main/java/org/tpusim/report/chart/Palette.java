package org.tpusim.report.chart;

/** Colours for series and categories: the Okabe-Ito palette (distinguishable with colour-vision deficiency), then more. */
public final class Palette {
    private static final String[] COLOURS = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
        "#F0E442", "#999999", "#000000", "#882255", "#44AA99", "#117733", "#332288", "#AA4499", "#DDCC77"};

    private Palette() {
    }

    /** The i-th colour (cycling). */
    public static String colour(int i) {
        return COLOURS[Math.floorMod(i, COLOURS.length)];
    }
}
