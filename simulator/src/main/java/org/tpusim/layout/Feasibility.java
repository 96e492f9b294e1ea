package org.tpusim.layout;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Whether a layout can run a model on a slice at a batch size, and if not, every reason why. A value, not
 * an exception: callers choose to report, reject or skip ({@link LayoutRule} skips).
 */
public record Feasibility(ImmutableList<String> problems) {

    public static Feasibility of(List<String> problems) {
        return new Feasibility(ImmutableList.copyOf(problems));
    }

    public boolean feasible() {
        return problems.isEmpty();
    }

    /** "feasible", or the problems joined with "; ". */
    public String explain() {
        return feasible() ? "feasible" : String.join("; ", problems);
    }
}
