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
 * load. The chunk-level link model is unchanged and simultaneous events are ordered by what they are, not by when
 * they were scheduled (chunk heads reaching a link by their source's offset from it, messages reaching a reducer by
 * part, phase and direction: {@code Interconnect.TRANSIT_RANK_BASE}), so every chip of the reference does what the
 * representative does and the figures are the reference's exactly; only the number of chips simulated drops (an
 * all-to-all over K chips sends K-1 messages instead of chips x (K-1)). An all-to-all over a group of at least
 * {@code AllToAll.FLOW_MIN_GROUP} chips books its representative's route segments instead of moving chunk by chunk,
 * within a stated tolerance of the reference. Collectives without such a symmetry (lines, a flat ring whose closing
 * step is several hops, twisted tori, a trace recorder on the links) run as in {@link #CHUNK}. Two collectives of
 * different symmetries in flight at once cannot share one representative, and the run fails with
 * {@link SymmetryConflictException}.</li>
 * <li>{@link #AUTO} (default): {@link #SYMMETRIC}, and where two symmetries would be in flight at once the runner
 * simulates the run again with {@link #CHUNK}.</li>
 * </ul>
 */
public enum NetworkModel implements Keyed {
    CHUNK, SYMMETRIC, AUTO;

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
