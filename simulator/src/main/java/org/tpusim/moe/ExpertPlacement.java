package org.tpusim.moe;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Experts placed on the G expert-parallel groups of a slice: group g (chips with the same coordinates along the
 * expert axes) holds experts g·X/G .. (g+1)·X/G - 1, contiguously; every chip of a group holds all of the group's
 * experts, each split by tensor parallelism over the other axes. Under SPMD every group waits for the group with
 * the most tokens ({@link #busiestGroup}).
 */
public record ExpertPlacement(int groups, ExpertRouting.Loads loads) {
    public ExpertPlacement {
        checkArgument(groups > 0 && loads.experts() % groups == 0, "%s experts do not split over %s groups",
                loads.experts(), groups);
    }

    public int expertsPerGroup() {
        return loads.experts() / groups;
    }

    /** Copies the experts of group g receive. */
    public long groupTokens(int g) {
        long s = 0;
        for (int i = g * expertsPerGroup(); i < (g + 1) * expertsPerGroup(); i++) {
            s += loads.kept(i);
        }
        return s;
    }

    /** The group receiving the most copies (the lowest index among equals). */
    public int busiestGroup() {
        int best = 0;
        for (int g = 1; g < groups; g++) {
            if (groupTokens(g) > groupTokens(best)) {
                best = g;
            }
        }
        return best;
    }

    /** The copies each expert of group g receives, in expert order. */
    public long[] expertTokens(int g) {
        long[] out = new long[expertsPerGroup()];
        for (int j = 0; j < out.length; j++) {
            out[j] = loads.kept(g * expertsPerGroup() + j);
        }
        return out;
    }
}
