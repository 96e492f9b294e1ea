package org.tpusim.input;

/**
 * A well-formed configuration that cannot run: the layout does not divide the slice, the model does not fit in HBM,
 * the program cannot be partitioned. Still invalid input for a single run (exit 2), but a sweep or a layout search
 * records it as an infeasible point or candidate; every other {@link InputException} is a mistake in the input and
 * stops a sweep before any point runs.
 */
public final class InfeasibleException extends InputException {
    public InfeasibleException(String file, int line, String keyPath, String problem) {
        super(file, line, keyPath, problem);
    }

    /** The problem at {@code node}'s place. */
    public static InfeasibleException at(YamlNode node, String problem) {
        YamlNode.Where w = node.where();
        return new InfeasibleException(w.file(), w.line(), w.path(), problem);
    }
}
