package org.tpusim.scenario;

import org.tpusim.collective.CollectiveAlgorithm;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.collective.MultiAxis;
import org.tpusim.layout.AttentionLayout;
import org.tpusim.layout.FfnLayout;
import org.tpusim.layout.LayoutPlan;
import org.tpusim.layout.LayoutRequest;
import org.tpusim.layout.PhaseLayout;
import java.util.Optional;
import org.tpusim.workload.Batching;
import org.tpusim.workload.KvPaging;
import org.tpusim.workload.PrefixCaching;
import org.tpusim.workload.Replicas;
import org.tpusim.workload.Speculation;
import org.tpusim.workload.GenerationTrace;
import org.tpusim.workload.OnBadRows;
import org.tpusim.workload.SyntheticWorkload;
import org.tpusim.topology.ChipCoord;
import org.tpusim.topology.MeshAxes;

/** What a scenario runs on its system; one record per {@code workload.kind}. */
public sealed interface Workload permits Workload.Transfer, Workload.Collective, Workload.Batch,
        Workload.Trace {

    /** The {@code workload.kind} name. */
    String kind();

    /**
     * {@code kind: transfer}: one point-to-point message between two chips along the dimension-order
     * route; a micro-benchmark of the link model.
     */
    record Transfer(ChipCoord from, ChipCoord to, long bytes) implements Workload {
        @Override
        public String kind() {
            return "transfer";
        }
    }

    /**
     * {@code kind: collective}: one collective on every group of the given axes.
     *
     * @param collective   which collective
     * @param axes         mesh axes forming a group
     * @param bytesPerChip the paper's D (see {@link CollectiveKind})
     * @param algorithm    per-axis movement ({@code algorithm}, default bidirectional-ring)
     * @param multiAxis    decomposition of multi-axis groups ({@code multi_axis}, default concurrent)
     */
    record Collective(CollectiveKind collective, MeshAxes axes, long bytesPerChip, CollectiveAlgorithm algorithm,
                      MultiAxis multiAxis) implements Workload {
        @Override
        public String kind() {
            return "collective";
        }
    }

    /**
     * {@code kind: batch}: a prefill of {@code batch} sequences of {@code inputTokens} new tokens on top of
     * {@code cachedTokens} already in the KV cache, then {@code outputTokens} decode steps (the paper's
     * benchmark setting). Layouts are resolved per phase when the scenario is read.
     *
     * @param prefillLayout layout of the prefill (meaningful when inputTokens > 0)
     * @param decodeLayout  layout of the decode steps (meaningful when outputTokens > 0)
     */
    record Batch(int batch, long inputTokens, long cachedTokens, long outputTokens, PhaseLayout prefillLayout,
                 PhaseLayout decodeLayout) implements Workload {
        @Override
        public String kind() {
            return "batch";
        }
    }

    /**
     * {@code kind: trace}: a request stream served with a batching policy. Exactly one of {@code file} and
     * {@code synthetic} is set; {@code requests} holds the requests read or generated when the scenario was
     * loaded.
     *
     * @param file      the trace file as the scenario names it (relative paths are relative to the scenario
     *                  file), or null for a synthetic workload
     * @param onBadRows what was done with unusable rows of the file (null for a synthetic workload)
     * @param synthetic the synthetic process and its seed, or null for a trace file
     * @param batching  the batching policy and its limits
     * @param layout    the scenario's layout block; a null part is left to the auto rule, per pass
     * @param requests  the requests served
     * @param kvCache   the paged KV cache ({@code kv_cache:}), or null for full-context reservations
     * @param prefixCache the prefix cache ({@code prefix_cache:}), or null for none
     * @param replicas  identical slices behind a router ({@code replicas:}), or null for one slice
     * @param speculative speculative decoding ({@code speculative:}), or null for plain decode steps
     * @param pools     disaggregated prefill and decode pools ({@code pools:}), or null for one slice doing both
     */
    record Trace(String file, OnBadRows onBadRows, SyntheticWorkload synthetic, Batching batching,
                 RequestedLayouts layout, GenerationTrace requests, KvPaging kvCache, PrefixCaching prefixCache,
                 Replicas replicas, Speculation speculative, Disaggregation pools) implements Workload {
        @Override
        public String kind() {
            return "trace";
        }
    }

    /**
     * A {@code layout:} block as asked, a null part meaning {@code auto} (resolved per pass, at that pass's batch).
     */
    record RequestedLayouts(FfnLayout prefillFfn, AttentionLayout prefillAttention, FfnLayout decodeFfn,
                            AttentionLayout decodeAttention, MeshAxes prefillExperts, MeshAxes decodeExperts) {
        /** A block without expert axes. */
        public RequestedLayouts(FfnLayout prefillFfn, AttentionLayout prefillAttention, FfnLayout decodeFfn,
                                AttentionLayout decodeAttention) {
            this(prefillFfn, prefillAttention, decodeFfn, decodeAttention, null, null);
        }

        public static RequestedLayouts of(LayoutPlan plan) {
            return new RequestedLayouts(plan.prefill().ffn().orElse(null), plan.prefill().attention().orElse(null),
                    plan.decode().ffn().orElse(null), plan.decode().attention().orElse(null),
                    plan.prefill().experts().orElse(null), plan.decode().experts().orElse(null));
        }

        public LayoutPlan toPlan() {
            return new LayoutPlan(new LayoutRequest(Optional.ofNullable(prefillFfn), Optional.ofNullable(prefillAttention),
                    Optional.ofNullable(prefillExperts)),
                    new LayoutRequest(Optional.ofNullable(decodeFfn), Optional.ofNullable(decodeAttention),
                            Optional.ofNullable(decodeExperts)));
        }
    }
}
