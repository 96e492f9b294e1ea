package org.tpusim.program;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;

/** A run of program ops (one layer, or the embedding before the layers, or the unembedding after them). */
public record OpSequence(String name, ImmutableList<ProgramOp> ops) {
    public OpSequence {
        for (int i = 0; i < ops.size(); i++) {
            ProgramOp op = ops.get(i);
            Preconditions.checkArgument(op.id() == i, "%s: op %s has id %s, expected %s", name, op.name(), op.id(), i);
            for (int d : op.deps()) {
                Preconditions.checkArgument(d >= 0 && d < i, "%s: op %s depends on %s, not an earlier op", name,
                        op.name(), d);
            }
        }
    }
}
