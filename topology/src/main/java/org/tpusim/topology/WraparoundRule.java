package org.tpusim.topology;

/**
 * Which axes of a slice close into rings when the scenario does not force wraparound, a property of the chip
 * generation (its pod wiring), carried per chip in the catalog.
 */
public enum WraparoundRule {
    /**
     * An axis wraps iff its size is a multiple of 4: TPU v4 and v5p build slices from 4x4x4 blocks joined by
     * optical circuit switches, so an axis made of whole blocks closes into a ring (Jouppi et al., ISCA 2023;
     * jax-ml scaling-book tpus.md: "on training chips (v*p) when we have an axis which is a multiple of 4").
     */
    MULTIPLE_OF_4("multiple-of-4"),
    /**
     * An axis wraps iff it spans the whole 16-chip side of the pod: TPU v5e and v6e pods are one 16x16 2D
     * torus with fixed wiring, so a sub-slice's axis shorter than 16 is a line (jax-ml scaling-book tpus.md:
     * wraparound "occurs on inference chips when we have a full 16 axis"; its worked problem on a v5e 4x4:
     * "there are no wraparound links for axes with fewer than 16 chips").
     */
    FULL_AXIS_16("full-axis-16");

    private final String key;

    WraparoundRule(String key) {
        this.key = key;
    }

    /** Catalog key, e.g. "multiple-of-4". */
    public String key() {
        return key;
    }

    /** Whether an axis of {@code size} chips is a ring under this rule. */
    public boolean wraps(int size) {
        return switch (this) {
            case MULTIPLE_OF_4 -> size % 4 == 0;
            case FULL_AXIS_16 -> size % 16 == 0;
        };
    }

    /** The rule for a catalog key, or null when there is none. */
    public static WraparoundRule fromKey(String key) {
        for (WraparoundRule r : values()) {
            if (r.key.equals(key)) {
                return r;
            }
        }
        return null;
    }
}
