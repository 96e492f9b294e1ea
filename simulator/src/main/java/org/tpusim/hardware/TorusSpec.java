package org.tpusim.hardware;

import java.util.Objects;
import org.tpusim.topology.WraparoundRule;

/**
 * How a chip type's slices are wired, from the catalog key {@code torus}: the number of torus dimensions (2:
 * shapes written XxY, as TPU v5e and v6e; 3: XxYxZ, as TPU v4, v5p, TPU7x) and the rule for which axes wrap.
 *
 * @param dimensions 2 or 3
 * @param wraparound which axes close into rings when the scenario does not force them
 * @param maxAxisChips largest number of chips along one axis (the pod's side, e.g. 16 for a 16x16 pod), or 0
 *                     when the catalog sets no bound
 * @param source     where the wiring is documented
 * @param twistable  whether k x k x 2k and k x 2k x 2k slices may be wired as twisted tori ({@code system.twisted})
 * @param maxChips   the most chips one slice may hold (the largest slice the vendor schedules, e.g. 6144 for
 *                   TPU v5p's 16x16x24), or 0 when the catalog sets no bound
 */
public record TorusSpec(int dimensions, WraparoundRule wraparound, int maxAxisChips, String source, boolean twistable,
                        int maxChips) {

    /** What a chip without a {@code torus} entry gets: the TPU v4 wiring. */
    public static final TorusSpec DEFAULT_3D = new TorusSpec(3, WraparoundRule.MULTIPLE_OF_4, 0,
            "default: 3D torus, an axis wraps iff its size is a multiple of 4 (TPU v4, Jouppi et al. ISCA 2023)");

    /** A torus without the twisted option. */
    public TorusSpec(int dimensions, WraparoundRule wraparound, int maxAxisChips, String source) {
        this(dimensions, wraparound, maxAxisChips, source, false, 0);
    }

    public TorusSpec {
        if (dimensions != 2 && dimensions != 3) {
            throw new IllegalArgumentException("torus dimensions must be 2 or 3, found " + dimensions);
        }
        Objects.requireNonNull(wraparound, "wraparound");
        if (maxAxisChips < 0) {
            throw new IllegalArgumentException("max_axis_chips must be 0 (no bound) or positive, found " + maxAxisChips);
        }
        Objects.requireNonNull(source, "source");
        if (maxChips < 0) {
            throw new IllegalArgumentException("max_chips must be 0 (no bound) or positive, found " + maxChips);
        }
        if (twistable && dimensions != 3) {
            throw new IllegalArgumentException("only a 3D torus can be twisted");
        }
    }

    /** The shape form slices of this chip are written in, for messages: "XxY" or "XxYxZ". */
    public String shapeForm() {
        return dimensions == 2 ? "XxY" : "XxYxZ";
    }
}
