package org.tpusim.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tpusim.program.Programs.CUBE;
import static org.tpusim.program.Programs.MTNLG;
import static org.tpusim.program.Programs.PALM;
import static org.tpusim.program.Programs.PALM_INT8;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tpusim.analytical.StepShape;
import org.tpusim.cost.OpDemand;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.Feasibility;
import org.tpusim.layout.FfnLayout;
import org.tpusim.layout.MeshSplit;
import org.tpusim.memory.KvCacheSharding;
import org.tpusim.model.DType;
import org.tpusim.model.ModelConfig;
import org.tpusim.model.Phase;
import org.tpusim.model.TransformerModel;
import org.tpusim.scenario.ModelCatalog;

/** Which ops a program has, in which order, with which dependencies, and what it refuses. */
class ProgramStructureTest {

    /**
     * PaLM 540B, 2D WS + batch-sharded decode, B = 64 (Fig 2b plus Fig 4c's two all-to-alls), X = Y = Z = 4:
     * F_in = 2·73728 + 64·256 + 2·256 = 164,352 (n = 10,272 per chip over YZ = 16); F_out = 73728 + 16384 =
     * 90,112 (5,632 over YZ). D: all-gather(yz) 64·4608·2 = 589,824; reduce-scatter(x) 64·10272·2 =
     * 1,314,816; all-to-all 1·1·(64 + 2)·256·2 = 33,792; all-to-all back 64·16384·2/64 = 32,768;
     * all-gather(x) 64·5632·2 = 720,896; reduce-scatter(yz) 64·4608·2 = 589,824.
     */
    @Test
    void ws2dBatchDecode_hasFig2bCollectivesPlusTwoAllToAlls() {
        OpSequence layer = Programs.build(PALM_INT8, FfnLayout.WS_2D, AttentionLayout.BATCH,
                StepShape.decode(64, 2048)).layer();
        assertEquals(List.of("layernorm", "in.all-gather", "w_in+w_qkv", "in.reduce-scatter", "activation",
                "qkv.all-to-all", "kv-cache.write", "attention", "out.all-to-all", "out.all-gather", "w_out+w_o",
                "out.reduce-scatter", "residual"), layer.ops().stream().map(ProgramOp::name).toList());
        assertEquals(List.of("all-gather yz 589824", "reduce-scatter x 1314816", "all-to-all xyz 33792",
                "all-to-all xyz 32768", "all-gather x 720896", "reduce-scatter yz 589824"),
                Programs.collectives(layer, c -> true).stream()
                        .map(c -> c.kind().key() + " " + c.axes().name() + " " + c.bytesPerChip()).toList());
        OpDemand in = ((ProgramOp.Compute) Programs.op(layer, "w_in+w_qkv")).demand();
        OpDemand out = ((ProgramOp.Compute) Programs.op(layer, "w_out+w_o")).demand();
        assertEquals(List.of(64L, 4608L, 10272L), List.of(in.m(), in.k(), in.n()));
        assertEquals(List.of(64L, 5632L, 4608L), List.of(out.m(), out.k(), out.n()));
        assertEquals(2, Programs.collectives(layer, c -> c.category() == OpCategory.ATTENTION_COMMUNICATION).size());
    }

    /**
     * B = 4 on 64 chips (App. D): each chip takes one sequence, 16 chips per sequence repeat the work. The
     * first all-to-all brings one whole sequence's q/k/v, 1·(64 + 2)·256·2 = 33,792 B; the way back returns
     * the chip's column slice of all 4 outputs, 4·64·256·2/64 = 2,048 B.
     */
    @Test
    void batchShardingBelowChipCount_replicatesSequences() {
        OpSequence layer = Programs.build(PALM_INT8, FfnLayout.WS_2D, AttentionLayout.BATCH,
                StepShape.decode(4, 2048)).layer();
        assertEquals(33_792, ((ProgramOp.Communicate) Programs.op(layer, "qkv.all-to-all")).bytesPerChip());
        assertEquals(2_048, ((ProgramOp.Communicate) Programs.op(layer, "out.all-to-all")).bytesPerChip());
    }

    /** The FFN activation overlaps the attention all-to-alls: neither needs the other. */
    @Test
    void activation_doesNotWaitForAttention() {
        OpSequence layer = Programs.build(PALM_INT8, FfnLayout.WS_2D, AttentionLayout.BATCH,
                StepShape.decode(64, 2048)).layer();
        Set<String> before = ancestors(layer, Programs.op(layer, "activation").id());
        assertFalse(before.contains("qkv.all-to-all"), before.toString());
        Set<String> beforeOutGather = ancestors(layer, Programs.op(layer, "out.all-gather").id());
        assertTrue(beforeOutGather.containsAll(Set.of("activation", "out.all-to-all")), beforeOutGather.toString());
    }

    /** WG: the weight gathers depend on nothing and each einsum waits for its own gather. */
    @Test
    void weightGathers_haveNoDependencies() {
        OpSequence layer = Programs.build(PALM_INT8, FfnLayout.WG_XYZ, AttentionLayout.BATCH,
                StepShape.prefill(512, 2048, 0)).layer();
        List<ProgramOp.Communicate> gathers = Programs.collectives(layer,
                c -> c.category() == OpCategory.WEIGHT_COMMUNICATION);
        assertEquals(2, gathers.size());
        gathers.forEach(g -> assertTrue(g.deps().isEmpty(), g.name()));
        assertTrue(Programs.op(layer, "w_in+w_qkv").deps().contains(gathers.get(0).id()));
        assertTrue(Programs.op(layer, "w_out+w_o").deps().contains(gathers.get(1).id()));
        // wg-xyz: batch-sharded everywhere, no activation or attention collectives (Fig A.2).
        assertEquals(2, Programs.collectives(layer, c -> true).size());
    }

    /** Every layout and phase builds, deps point backwards and every collective's D splits over its group. */
    @ParameterizedTest(name = "{0} {1}+{2} {3} B{4}")
    @CsvSource({
            "palm,  WS_1D,  HEAD,  PREFILL, 1",
            "palm,  WS_1D,  BATCH, DECODE,  64",
            "palm,  WS_2D,  HEAD,  PREFILL, 1",
            "palm,  WS_2D,  HEAD,  DECODE,  64",
            "palm,  WS_2D,  BATCH, DECODE,  4",
            "palm,  WG_X,   HEAD,  PREFILL, 64",
            "palm,  WG_X,   BATCH, PREFILL, 64",
            "palm,  WG_XY,  BATCH, PREFILL, 16",
            "palm,  WG_XYZ, HEAD,  PREFILL, 512",
            "mtnlg, WS_2D,  HEAD,  DECODE,  64",
            "mtnlg, WS_2D,  BATCH, DECODE,  128",
            "mtnlg, WG_XYZ, BATCH, PREFILL, 64",
    })
    void everyProgram_isWellFormed(String model, FfnLayout ffn, AttentionLayout attention, Phase phase, int batch) {
        TransformerModel m = model.equals("palm") ? PALM : MTNLG;
        StepShape step = phase == Phase.DECODE ? StepShape.decode(batch, 2048) : StepShape.prefill(batch, 1920, 128);
        StepProgram p = Programs.build(new ModelConfig(m, DType.BF16, DType.BF16), ffn, attention, step);
        for (OpSequence s : List.of(p.embedding(), p.layer(), p.unembedding())) {
            for (ProgramOp op : s.ops()) {
                op.deps().forEach(d -> assertTrue(d < op.id(), s.name() + "." + op.name()));
            }
            for (ProgramOp.Communicate c : Programs.collectives(s, c -> true)) {
                int group = c.axes().axes().stream().mapToInt(a -> a.index() == 0 ? CUBE.x()
                        : a.index() == 1 ? CUBE.y() : CUBE.z()).reduce(1, (a, b) -> a * b);
                assertEquals(0, c.bytesPerChip() % group, c.name());
            }
        }
        assertEquals(m.layers(), p.layers());
        // a prefill with 128 cached tokens attends to them too
        assertEquals(phase == Phase.PREFILL, p.layer().ops().stream().anyMatch(o -> o.name().endsWith("history")));
    }

    /**
     * MT-NLG (serial block, 128 heads, multihead) on 2D WS + head: two sub-blocks, each with its layernorm, the
     * four Fig 2b collectives and a residual; 128 heads split 2 per chip, so no K/V gather.
     */
    @Test
    void serialBlock_hasTwoSubBlocks() {
        OpSequence layer = Programs.build(new ModelConfig(MTNLG, DType.BF16, DType.BF16), FfnLayout.WS_2D,
                AttentionLayout.HEAD, StepShape.decode(64, 2048)).layer();
        List<String> names = layer.ops().stream().map(ProgramOp::name).toList();
        assertTrue(names.containsAll(List.of("attn.layernorm", "attn.w_qkv", "attn.w_o", "attn.residual",
                "ffn.layernorm", "ffn.w_in", "ffn.w_out", "ffn.residual")), names.toString());
        assertEquals(8, Programs.collectives(layer, c -> true).size());
        // W_QKV: (128 + 2·128)·160 / 16 = 3,840 columns; W_O: 128·160/16 = 1,280 rows.
        assertEquals(3840, ((ProgramOp.Compute) Programs.op(layer, "attn.w_qkv")).demand().n());
        assertEquals(1280, ((ProgramOp.Compute) Programs.op(layer, "attn.w_o")).demand().k());
        assertTrue(ancestors(layer, Programs.op(layer, "ffn.layernorm").id()).contains("attn.residual"));
    }

    /** Head-sharded multiquery: the one K/V head is all-gathered to every chip, D = BT·2·Q·2 = 64·512·2. */
    @Test
    void headShardedMultiquery_gathersTheKvHead() {
        OpSequence layer = Programs.build(PALM_INT8, FfnLayout.WS_2D, AttentionLayout.HEAD,
                StepShape.decode(64, 2048)).layer();
        ProgramOp.Communicate kv = (ProgramOp.Communicate) Programs.op(layer, "kv.all-gather");
        assertEquals("xyz", kv.axes().name());
        assertEquals(65_536, kv.bytesPerChip());
    }

    /**
     * Head-sharded grouped-query attention with fewer K/V heads than shards: Llama 3.1 70B (64 query heads,
     * 8 K/V heads of 128) on 4x4x1, 2D WS, decode of 8 sequences at context 1024. The middle is split 16 ways:
     * 64 / 16 = 4 query heads per chip, and 8 K/V heads replicate on 2 chips each, so a chip attends with one
     * K/V head shared by its 4 query heads (all 4 in one group of 64 / 8 = 8). The attention reads that head's
     * cache: 2 x 8 sequences x 1024 x 128 x 2 B = 4,194,304 B per layer, which is KvCacheSharding's
     * 40,960 B per token per sequence / 80 layers x 8 x 1024. FLOPs 4 x 8 x 4 x 1024 x 128.
     * The K/V columns (2 x 8 x 128 = 2,048, 128 per chip) are all-gathered over the middle (xyz, z of size 1): D = 8 x 2 x 8 x 128 x 2 B
     * = 32,768 B, every K/V head, though a chip needs only its own (4,096 B from its 2-chip group; an
     * over-count the README states).
     */
    @Test
    void headShardedGroupedQuery_attendsOneReplicatedKvHeadPerChip() {
        TransformerModel llama = ModelCatalog.bundled().model("llama-3.1-70b");
        ModelConfig config = new ModelConfig(llama, DType.BF16, DType.BF16);
        MeshSplit mesh = new MeshSplit(4, 4, 1);
        OpSequence layer = ProgramBuilder.build(config, mesh, Programs.layout(FfnLayout.WS_2D, AttentionLayout.HEAD),
                StepShape.decode(8, 1024)).layer();
        ProgramOp.Compute attention = (ProgramOp.Compute) Programs.op(layer, "attn.attention");
        assertEquals(2.0 * 8 * 1024 * 128 * 2, attention.demand().hbmReadBytes() - attention.demand().hbmWriteBytes(),
                1e-6);
        assertEquals(2.0 * 8 * 1024 * 128 * 2,
                KvCacheSharding.bytesPerChip(config, mesh, AttentionLayout.HEAD, 8, 1024) / llama.layers(), 1e-6);
        assertEquals(4.0 * 8 * 4 * 1024 * 128, attention.demand().flops(), 1e-6);
        ProgramOp.Communicate kv = (ProgramOp.Communicate) Programs.op(layer, "attn.kv.all-gather");
        assertEquals("xyz", kv.axes().name());   // the middle's axes; z has one chip here
        assertEquals(32_768, kv.bytesPerChip());
    }

    @Test
    void batchShardingThreeSequencesOn64Chips_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Programs.build(PALM_INT8,
                FfnLayout.WS_2D, AttentionLayout.BATCH, StepShape.decode(3, 2048)));
        assertTrue(e.getMessage().contains("batch 3 neither splits evenly"), e.getMessage());
    }

    /** E = 1000 is a multiple of X = 4 but not of n = 64 (2D WS keeps BLE_xyz between layers). */
    @Test
    void unevenModelDimension_isRefusedWithTheReason() {
        TransformerModel odd = TransformerModel.unpadded("odd", 2, 1000, 4096, 64, 64, 1, 3, true, 1024, true, 1);
        Feasibility f = ProgramBuilder.check(new ModelConfig(odd, DType.BF16, DType.BF16), CUBE,
                Programs.layout(FfnLayout.WS_2D, AttentionLayout.HEAD), StepShape.prefill(1, 16, 0));
        assertFalse(f.feasible());
        assertTrue(f.explain().contains("d_model 1000 does not split evenly over n = 64"), f.explain());
    }

    /**
     * A problem only the program sees: d_head 8 gives K/V columns 2·1·8 = 16, which cannot split over the
     * 64 chips the middle of a 2D WS layer spreads them over (the layout rule checks only E, F and heads).
     */
    @Test
    void unevenKeyValueColumns_areAProgramProblem() {
        TransformerModel tiny = TransformerModel.unpadded("tiny", 2, 1024, 4096, 64, 8, 1, 3, true, 1024, true, 1);
        ModelConfig config = new ModelConfig(tiny, DType.BF16, DType.BF16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProgramBuilder.build(config,
                CUBE, Programs.layout(FfnLayout.WS_2D, AttentionLayout.BATCH), StepShape.decode(64, 128)));
        assertTrue(e.getMessage().contains("key/value columns 2 x Hkv x Q 16 does not split evenly"), e.getMessage());
        assertTrue(ProgramBuilder.check(config, CUBE, Programs.layout(FfnLayout.WS_2D, AttentionLayout.BATCH),
                StepShape.decode(64, 128), ProgramBuilder.Options.paperFfnOnly()).feasible());
    }

    /** Names of every op {@code id} waits for, directly or not. */
    private static Set<String> ancestors(OpSequence s, int id) {
        Set<Integer> seen = new HashSet<>();
        List<Integer> todo = new java.util.ArrayList<>(s.ops().get(id).deps());
        while (!todo.isEmpty()) {
            int d = todo.remove(todo.size() - 1);
            if (seen.add(d)) {
                todo.addAll(s.ops().get(d).deps());
            }
        }
        return seen.stream().map(i -> s.ops().get(i).name()).collect(Collectors.toSet());
    }
}
