package org.tpusim.interconnect;

/**
 * A collective of one symmetry started while a collective of another was in flight on representative links
 * ({@link NetworkModel#SYMMETRIC}): their contention cannot be represented by one chip. Under
 * {@link NetworkModel#AUTO} the runner simulates the run again with {@link NetworkModel#CHUNK}.
 */
public final class SymmetryConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SymmetryConflictException(String message) {
        super(message);
    }

    /** Whether {@code failure} or one of its causes is a symmetry conflict. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SymmetryConflictException) {
                return true;
            }
        }
        return false;
    }
}
