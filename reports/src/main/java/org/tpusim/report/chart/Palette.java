package org.tpusim.report.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Colours. Series are coloured by position ({@link #colour}: the Okabe-Ito palette, distinguishable with
 * colour-vision deficiency, then more). Categories that name a kind of work (an op category, a part of a phase's
 * time) have one fixed colour in every chart of every report ({@link #category}): a colour never means two
 * things, e.g. "ffn output einsum" and "communication exposed" differ.
 */
public final class Palette {
    private static final String[] COLOURS = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
        "#F0E442", "#999999", "#000000", "#882255", "#44AA99", "#117733", "#332288", "#AA4499", "#DDCC77"};

    /** Every named category and its colour; no two share one. */
    private static final Map<String, String> CATEGORIES = new LinkedHashMap<>();

    static {
        // op categories of the per-chip program (org.tpusim.program.OpCategory), blues and greens for matmuls
        CATEGORIES.put("embedding", "#882255");
        CATEGORIES.put("layernorm", "#999933");
        CATEGORIES.put("qkv projection", "#0072B2");
        CATEGORIES.put("attention", "#009E73");
        CATEGORIES.put("output projection", "#88CCEE");
        CATEGORIES.put("ffn input einsum", "#56B4E9");
        CATEGORIES.put("activation", "#DDCC77");
        CATEGORIES.put("ffn output einsum", "#332288");
        CATEGORIES.put("residual", "#AA4499");
        CATEGORIES.put("unembedding", "#CC6677");
        CATEGORIES.put("sampling", "#117733");
        // collectives: oranges and yellows
        CATEGORIES.put("activation communication", "#E69F00");
        CATEGORIES.put("weight communication", "#D55E00");
        CATEGORIES.put("attention all-to-all", "#F0E442");
        // mixture of experts: the router and experts (matmuls), the dispatch and combine all-to-alls (collectives)
        CATEGORIES.put("router", "#6699CC");
        CATEGORIES.put("expert ffn", "#1F4E79");
        CATEGORIES.put("expert all-to-all", "#B8860B");
        // the parts of a phase's span (where the time goes)
        CATEGORIES.put("matmul compute", "#4477AA");
        CATEGORIES.put("weight loading", "#66A61E");
        CATEGORIES.put("KV loading", "#1B9E77");
        CATEGORIES.put("vector ops", "#BBAA33");
        CATEGORIES.put("fixed op costs", "#7F7F7F");
        CATEGORIES.put("communication exposed", "#EE3377");
        CATEGORIES.put("communication hidden", "#F4A3C0");
        CATEGORIES.put("idle", "#D9D9D9");
    }

    /** Colours for categories not in the map, none of which the map uses. */
    private static final String[] SPARE = {"#8C564B", "#17BECF", "#9467BD", "#BCBD22", "#E377C2", "#2CA02C",
        "#8DD3C7", "#B15928"};

    private Palette() {
    }

    /** The i-th colour (cycling). */
    public static String colour(int i) {
        return COLOURS[Math.floorMod(i, COLOURS.length)];
    }

    /**
     * The fixed colour of a category (case-insensitive); a category outside the map gets a spare colour chosen by
     * its name, so it is the same in every chart.
     */
    public static String category(String name) {
        String key = name == null ? "" : name.trim();
        for (Map.Entry<String, String> e : CATEGORIES.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return SPARE[Math.floorMod(key.toLowerCase(Locale.ROOT).hashCode(), SPARE.length)];
    }

    /** The categories with a fixed colour, in the map's order. */
    public static List<String> categories() {
        return new ArrayList<>(CATEGORIES.keySet());
    }
}
