package org.tpusim.interconnect;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.tpusim.keys.Keyed;

/**
 * How collectives move over the links ({@code simulation.network}).
 *
 * <ul>
 * <li>{@link #CHUNK}: the reference. Every chip's messages are simulated chunk by chunk on every link.</li>
 * <li>{@link #SYMMETRIC}: a collective whose traffic is the same on every chip up to a symmetry of the slice (a
 * translation on a torus, or a rotation of a flat ring whose every step crosses its own link) is simulated for one
 * representative chip, on one shared resource per class of equivalent links; every real link reports its class's
 * load. The chunk-level link model is unchanged, so the arithmetic is the reference's; only the number of chips
 * simulated drops (an all-to-all over K chips sends K-1 messages instead of chips x (K-1)). Collectives without such
 * a symmetry (lines, a flat ring whose closing step is several hops, a trace recorder on the links) run as in
 * {@link #CHUNK}. Two collectives of different symmetries in flight at once cannot share one representative, and
 * the run fails with {@link SymmetryConflictException}.</li>
 * <li>{@link #AUTO} (default): below {@value #AUTO_POD_SCALE_CHIPS} chips, a representative only where it is exactly
 * the reference (an all-gather of one part, a flat ring, a permute) and {@link #CHUNK} elsewhere; from
 * {@value #AUTO_POD_SCALE_CHIPS} chips, {@link #SYMMETRIC} for every collective with a symmetry, within its stated
 * tolerance of the reference. Where two symmetries would be in flight at once the runner simulates the run again
 * with {@link #CHUNK}. An all-to-all over a group of at least {@code AllToAll.FLOW_MIN_GROUP} chips books its
 * representative's route segments instead of moving chunk by chunk (same tolerance).</li>
 * </ul>
 */
public enum NetworkModel implements Keyed {
    CHUNK, SYMMETRIC, AUTO;

    /**
     * Slices of at least this many chips (an 8x8x8 cube) run every symmetric collective on a representative under
     * {@link #AUTO}, not only those where it is exact. Why this size: the reference costs chips x group-size events per
     * collective (an all-to-all over 512 chips: 261,632 messages; a PaLM 540B decode step at full detail on 8x8x8: 450 M
     * events, minutes), while the representative's differences from it, which come only from the order of messages
     * reaching one link or reducer at the same instant, stay within the stated tolerance (2.5% per collective on 8x8x8,
     * where all-to-alls and all-gathers measure equal and reduce-scatters and all-reduces up to 2.2%; tested by
     * NetworkModelTest). Below it the reference is cheap enough to keep exact figures.
     */
    public static final int AUTO_POD_SCALE_CHIPS = 512;

    @Override
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether collectives may run on a representative chip. */
    public boolean symmetric() {
        return this != CHUNK;
    }

    public static NetworkModel ofKey(String key) {
        for (NetworkModel m : values()) {
            if (m.key().equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown network model '" + key + "' (expected " + allKeys() + ")");
    }

    public static String allKeys() {
        return Arrays.stream(values()).map(NetworkModel::key).collect(Collectors.joining(", "));
    }
}
