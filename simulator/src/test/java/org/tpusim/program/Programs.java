package org.tpusim.program;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.tpusim.analytical.StepShape;
import org.tpusim.cost.OpKind;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.FfnLayout;
import org.tpusim.layout.MeshSplit;
import org.tpusim.layout.PhaseLayout;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.TransformerModel;
import org.tpusim.scenario.ModelCatalog;

/** Shared fixtures and sums over a program's ops, for the program tests. */
final class Programs {
    static final MeshSplit CUBE = new MeshSplit(4, 4, 4);
    /** PaLM 540B as the paper serves it: 48 heads padded to 64 (sec. 4). */
    static final TransformerModel PALM = ModelCatalog.bundled().model("palm-540b").withPaddedHeads(64);
    static final TransformerModel MTNLG = ModelCatalog.bundled().model("mt-nlg-530b");
    static final ModelConfig PALM_BF16 = new ModelConfig(PALM, DType.BF16, DType.BF16);
    static final ModelConfig PALM_INT8 = new ModelConfig(PALM, DType.INT8, DType.BF16);

    private Programs() {
    }

    static PhaseLayout layout(FfnLayout ffn, AttentionLayout attention) {
        return new PhaseLayout(ffn, attention);
    }

    static StepProgram build(ModelConfig config, FfnLayout ffn, AttentionLayout attention, StepShape step) {
        return ProgramBuilder.build(config, CUBE, layout(ffn, attention), step);
    }

    static List<ProgramOp.Communicate> collectives(OpSequence s, Predicate<ProgramOp.Communicate> which) {
        return s.ops().stream().filter(ProgramOp.Communicate.class::isInstance).map(ProgramOp.Communicate.class::cast)
                .filter(which).collect(Collectors.toList());
    }

    static long bytes(OpSequence s, OpCategory category) {
        return collectives(s, c -> c.category() == category).stream().mapToLong(ProgramOp.Communicate::bytesPerChip)
                .sum();
    }

    static List<ProgramOp.Compute> computes(OpSequence s, Predicate<ProgramOp.Compute> which) {
        return s.ops().stream().filter(ProgramOp.Compute.class::isInstance).map(ProgramOp.Compute.class::cast)
                .filter(which).collect(Collectors.toList());
    }

    static double matmulFlops(OpSequence s) {
        return computes(s, c -> c.demand().kind() == OpKind.MATMUL).stream().mapToDouble(c -> c.demand().flops())
                .sum();
    }

    /** Weight bytes the matmuls read: k x n x bytes per element, i.e. read bytes minus the activation input. */
    static double matmulWeightBytes(OpSequence s) {
        return computes(s, c -> c.demand().kind() == OpKind.MATMUL).stream()
                .mapToDouble(c -> c.demand().hbmReadBytes() - 2.0 * c.demand().m() * c.demand().k()).sum();
    }

    static ProgramOp op(OpSequence s, String name) {
        return s.ops().stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no op " + name + " in " + s.name()));
    }
}
