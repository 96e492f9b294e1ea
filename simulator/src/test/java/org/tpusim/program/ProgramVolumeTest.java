package org.tpusim.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tpusim.program.Programs.CUBE;
import static org.tpusim.program.Programs.MTNLG;
import static org.tpusim.program.Programs.PALM;
import static org.tpusim.program.Programs.PALM_BF16;
import static org.tpusim.program.Programs.PALM_INT8;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.analytical.StepShape;
import org.tpusim.cost.OpDemand;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.FfnLayout;
import org.tpusim.layout.FfnTraffic;
import org.tpusim.memory.KvCacheSharding;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.Phase;
import org.tpusim.model.TransformerModel;

/** Per-chip volumes of the programs against the paper's formulas, on PaLM 540B (64 heads) and 4x4x4. */
class ProgramVolumeTest {

    private static StepShape shape(Phase phase, int batch, long tokens) {
        return phase == Phase.DECODE ? StepShape.decode(batch, 2048) : StepShape.prefill(batch, tokens, 0);
    }

    /**
     * Activation collectives of the paper's two-matrix FFN (digest 3.4), E = 18432, F = 73728, X = Y = Z = 4:
     * WS-1D 2·BT·E x 2 B: BT = 64: 2·64·18432·2 = 4,718,592; BT = 2048: 150,994,944.
     * WS-2D 2·BT·(E/X + F/YZ) x 2 B = 2·BT·(4608 + 4608)·2: BT = 64: 2,359,296; BT = 2048: 75,497,472.
     * WG: 2·BT·E/N x 2 B with BT = 131,072: X (N = 4) 2,415,919,104; XY (N = 16) 603,979,776; XYZ 0.
     */
    @ParameterizedTest(name = "{0} {1} B{2} L{3}: {4} B")
    @CsvSource({
            "WS_1D,  DECODE,  64, 1,    4718592",
            "WS_1D,  PREFILL, 1,  2048, 150994944",
            "WS_2D,  DECODE,  64, 1,    2359296",
            "WS_2D,  PREFILL, 1,  2048, 75497472",
            "WG_X,   PREFILL, 64, 2048, 2415919104",
            "WG_XY,  PREFILL, 64, 2048, 603979776",
            "WG_XYZ, PREFILL, 64, 2048, 0",
    })
    void paperFfnActivationVolume_equalsFormula(FfnLayout ffn, Phase phase, int batch, long tokens, long expected) {
        StepShape step = shape(phase, batch, tokens);
        StepProgram p = ProgramBuilder.build(PALM_BF16, CUBE, Programs.layout(ffn, AttentionLayout.HEAD), step,
                ProgramBuilder.Options.paperFfnOnly());
        long moved = Programs.bytes(p.layer(), OpCategory.ACTIVATION_COMMUNICATION);
        assertEquals(expected, moved);
        assertEquals(FfnTraffic.perLayer(ffn, PALM.dModel(), PALM.dFf(), 2, 2, CUBE, step.tokens())
                .activationBytesPerChip(), moved, 0.0);
    }

    /**
     * WG weight gathers, 2·E·F·N/n x bytes per layer (sec. 3.2.3): 2·18432·73728 = 2,717,908,992 elements;
     * bf16: X 2,717,908,992·4/64·2 = 339,738,624; XY ·16/64·2 = 1,358,954,496; XYZ ·2 = 5,435,817,984;
     * int8 XY: 679,477,248 (digest Fig 3 decoding: 0.34, 1.36, 5.44 GB).
     */
    @ParameterizedTest(name = "{0} {1}: {2} B")
    @CsvSource({
            "WG_X,   BF16, 339738624",
            "WG_XY,  BF16, 1358954496",
            "WG_XYZ, BF16, 5435817984",
            "WG_XY,  INT8, 679477248",
    })
    void paperFfnWeightGatherVolume_equalsFormula(FfnLayout ffn, DType weights, long expected) {
        StepProgram p = ProgramBuilder.build(new ModelConfig(PALM, weights, DType.BF16), CUBE,
                Programs.layout(ffn, AttentionLayout.HEAD), StepShape.prefill(64, 2048, 0),
                ProgramBuilder.Options.paperFfnOnly());
        assertEquals(expected, Programs.bytes(p.layer(), OpCategory.WEIGHT_COMMUNICATION));
    }

    /**
     * Matmul FLOPs per chip: layers x layer = 2 x non-embedding params x BT / n (sec. 2). PaLM 540B-64h per
     * layer: W_Q, W_O 2·18432·16384 = 603,979,776; W_K, W_V 2·18432·256 = 9,437,184; FFN 3·18432·73728 =
     * 4,076,863,488; total 4,690,280,448, so decode B64: 2·4,690,280,448·64/64 = 9,380,560,896 per layer.
     * Unembedding 2·E·V·B/n = 2·18432·256000·64/64 = 9,437,184,000.
     */
    @ParameterizedTest(name = "{0} {1}+{2} {3} B{4} L{5}")
    @CsvSource({
            "palm,  WS_2D,  BATCH, DECODE,  64,  1",
            "palm,  WS_1D,  BATCH, DECODE,  64,  1",
            "palm,  WS_2D,  HEAD,  PREFILL, 1,   2048",
            "palm,  WG_XYZ, BATCH, PREFILL, 512, 2048",
            "palm,  WG_X,   HEAD,  PREFILL, 64,  2048",
            "mtnlg, WS_2D,  HEAD,  DECODE,  64,  1",
            "mtnlg, WG_XY,  HEAD,  PREFILL, 16,  2048",
    })
    void matmulFlops_equalTwiceParamsPerToken(String model, FfnLayout ffn, AttentionLayout attention, Phase phase,
            int batch, long tokens) {
        TransformerModel m = model.equals("palm") ? PALM : MTNLG;
        StepShape step = shape(phase, batch, tokens);
        StepProgram p = Programs.build(new ModelConfig(m, DType.INT8, DType.BF16), ffn, attention, step);
        double n = CUBE.chips();
        double expected = 2.0 * (m.parameterCount() - m.embeddingParams()) * step.tokens() / n;
        assertEquals(expected, Programs.matmulFlops(p.layer()) * p.layers(), expected * 1e-12);
        double unembed = 2.0 * m.dModel() * m.vocab() * batch / n;
        assertEquals(unembed, Programs.matmulFlops(p.unembedding()), unembed * 1e-12);
        if (m == PALM && phase == Phase.DECODE) {
            assertEquals(9_380_560_896.0, Programs.matmulFlops(p.layer()), 0.0);
        }
    }

    /** Weight bytes per chip per layer = params per layer x bytes / n: 4,690,280,448 x 2 / 64 = 146,571,264. */
    @ParameterizedTest(name = "{0} {1}: {2} B")
    @CsvSource({
            "WS_2D, BF16, 146571264",
            "WS_2D, INT8, 73285632",
            "WS_1D, BF16, 146571264",
            "WS_1D, INT8, 73285632",
    })
    void weightBytesRead_equalParamsOverChips(FfnLayout ffn, DType weights, double expected) {
        StepProgram p = Programs.build(new ModelConfig(PALM, weights, DType.BF16), ffn, AttentionLayout.BATCH,
                StepShape.decode(64, 2048));
        assertEquals(expected, Programs.matmulWeightBytes(p.layer()), 0.0);
        assertEquals(PALM.paramsPerLayer() * weights.bytes() / 64.0, expected, 0.0);
    }

    /**
     * KV bytes one chip reads per layer in decode at context 2048, Q = 256, bf16 (sec. 3.3):
     * batch-sharded B64: 2·(64/64)·2048·256·2 = 2,097,152; B4 on 64 chips: still one sequence, 2,097,152;
     * head-sharded (replicated MQA head): 2·64·2048·256·2 = 134,217,728; wg-x + batch, B64: B/N = 16 per x
     * group, split 16 ways over yz: one sequence, 2,097,152.
     */
    @ParameterizedTest(name = "{0}+{1} B{2}: {3} B")
    @CsvSource({
            "WS_2D, BATCH, 64, 2097152",
            "WS_2D, BATCH, 4,  2097152",
            "WS_2D, HEAD,  64, 134217728",
            "WG_X,  BATCH, 64, 2097152",
    })
    void kvBytesRead_followTheAttentionLayout(FfnLayout ffn, AttentionLayout attention, int batch, double expected) {
        StepProgram p = Programs.build(PALM_INT8, ffn, attention, StepShape.decode(batch, 2048));
        OpDemand a = ((ProgramOp.Compute) Programs.op(p.layer(), "attention")).demand();
        double queries = a.hbmWriteBytes(); // the factory reads q once and writes the output of the same size
        assertEquals(expected, a.hbmReadBytes() - queries, 0.0);
        if (ffn == FfnLayout.WS_2D) {
            assertEquals(KvCacheSharding.bytesPerChip(PALM_INT8, CUBE, attention, batch, 2048) / PALM.layers(),
                    expected, 1e-6);
        }
    }
}
