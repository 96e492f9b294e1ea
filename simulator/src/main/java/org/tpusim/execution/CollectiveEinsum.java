package org.tpusim.execution;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tpusim.collective.CollectiveKind;
import org.tpusim.cost.OpDemand;
import org.tpusim.cost.OpKind;
import org.tpusim.layout.MeshSplit;
import org.tpusim.program.OpSequence;
import org.tpusim.program.ProgramOp;

/**
 * The Looped CollectiveEinsum of Pope et al. 2022 (sec. 3.5, after Wang et al. 2023) as a rewrite of an op
 * sequence. Each matmul is paired with at most one collective: its input all-gather (the matmul then
 * contracts over the gathered chunks as they arrive: chunk c of the matmul, k/C wide, needs chunk c of the
 * gather) or its output reduce-scatter (chunk c of the matmul, n/C wide, feeds chunk c of the scatter),
 * whichever moves more bytes; a collective can only be paired once.
 *
 * <p>Per-axis loops (the default, with {@code multi_axis} concurrent or sequential): both are cut into C =
 * min(K, 8) chunks, K the collective's group size; each communication chunk is the whole collective on 1/C of
 * the bytes, decomposed over the axes as any program collective, and the chunks go one after another.
 *
 * <p>Flat-ring loops ({@code multi_axis: flat-ring}): the loop walks one ring through the collective's whole group (Wang et al.: the all-gather or
 * reduce-scatter becomes K-1 collective-permutes between ring neighbours, whatever the number of mesh
 * axes the group spans), each step moving one shard of D/K while the matmul works on the shard it holds.
 * The ring is the group's snake ({@link org.tpusim.collective.FlatRing}), bidirectional: half of every shard
 * each way, one link each way per chip. To bound the op count the K shards are grouped into C = min(K, 8)
 * chunks (chunk c holds shards floor(cK/C) .. floor((c+1)K/C)-1): compute chunk c of a gathered matmul needs
 * the ring steps that deliver its shards (chunk 0 starts on the chip's own shard), and the ring steps that send
 * a scattered matmul's chunk c need that chunk computed (the last shard, the chip's own, is not sent). Chunks of
 * communication go one after another. The loop is one fused kernel: its first chunk pays the collective's fixed
 * start cost, later chunks only their own steps' latency and wire time.
 */
public final class CollectiveEinsum {
    /** Largest number of chunks a pair is cut into (bounds the op count; the paper loops over ring steps). */
    public static final int MAX_CHUNKS = 8;

    private CollectiveEinsum() {
    }

    /** Per-axis loops. */
    public static OpSequence decompose(OpSequence seq, MeshSplit mesh) {
        return decompose(seq, mesh, false);
    }

    /** @param flatRing loops walk one ring through the group (true) or run per-axis collective chunks (false) */
    public static OpSequence decompose(OpSequence seq, MeshSplit mesh, boolean flatRing) {
        return decompose(seq, mesh, c -> flatRing);
    }

    /**
     * @param flatRing per collective: its loop walks one ring through the group (true) or runs per-axis collective
     *                 chunks (false)
     */
    public static OpSequence decompose(OpSequence seq, MeshSplit mesh,
                                       java.util.function.Predicate<ProgramOp.Communicate> flatRing) {
        List<ProgramOp> ops = seq.ops();
        // who depends on whom
        Map<Integer, List<Integer>> users = new HashMap<>();
        for (ProgramOp op : ops) {
            for (int d : op.deps()) {
                users.computeIfAbsent(d, k -> new ArrayList<>()).add(op.id());
            }
        }
        // choose pairs: matmul id -> collective id
        Map<Integer, Integer> pairOfMatmul = new HashMap<>();
        Map<Integer, Integer> pairOfCollective = new HashMap<>();
        for (ProgramOp op : ops) {
            if (!(op instanceof ProgramOp.Compute c) || c.demand().kind() != OpKind.MATMUL) {
                continue;
            }
            ProgramOp.Communicate best = null;
            for (int d : c.deps()) {
                if (ops.get(d) instanceof ProgramOp.Communicate g && g.kind() == CollectiveKind.ALL_GATHER
                        && users.getOrDefault(d, List.of()).size() == 1 && !pairOfCollective.containsKey(d)
                        && chunks(g, mesh) > 1) {
                    best = better(best, g);
                }
            }
            for (int u : users.getOrDefault(c.id(), List.of())) {
                if (ops.get(u) instanceof ProgramOp.Communicate s && s.kind() == CollectiveKind.REDUCE_SCATTER
                        && s.deps().size() == 1 && !pairOfCollective.containsKey(u) && chunks(s, mesh) > 1) {
                    best = better(best, s);
                }
            }
            if (best != null) {
                pairOfMatmul.put(c.id(), best.id());
                pairOfCollective.put(best.id(), c.id());
            }
        }
        if (pairOfMatmul.isEmpty()) {
            return seq;
        }
        // rewrite: each original op becomes one or more new ops; map old id -> ids its users must wait for
        List<ProgramOp> out = new ArrayList<>();
        Map<Integer, List<Integer>> finals = new HashMap<>();
        Map<Integer, List<Integer>> gatherChunks = new HashMap<>();
        Map<Integer, List<Integer>> matmulChunks = new HashMap<>();
        for (ProgramOp op : ops) {
            ImmutableList<Integer> deps = remap(op.deps(), finals, pairOfCollective, op.id());
            if (op instanceof ProgramOp.Communicate g && pairOfCollective.containsKey(g.id())
                    && g.kind() == CollectiveKind.ALL_GATHER) {
                int n = chunks(g, mesh);
                List<Integer> ids = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    // a loop: chunk i+1 moves after chunk i, while the matmul works on chunk i
                    ImmutableList<Integer> d = i == 0 ? deps
                            : ImmutableList.<Integer>builder().addAll(deps).add(ids.get(i - 1)).build();
                    ids.add(out.size());
                    out.add(loopChunk(g, out.size(), i, n, d, flatRing.test(g) ? gatherSteps(groupSize(g, mesh), n, i)
                            : ProgramOp.Communicate.WHOLE));
                }
                gatherChunks.put(g.id(), ids);
                finals.put(g.id(), ids);
            } else if (op instanceof ProgramOp.Compute c && pairOfMatmul.containsKey(c.id())) {
                ProgramOp.Communicate partner = (ProgramOp.Communicate) ops.get(pairOfMatmul.get(c.id()));
                int n = chunks(partner, mesh);
                boolean byInput = partner.kind() == CollectiveKind.ALL_GATHER;
                List<Integer> ids = new ArrayList<>();
                List<Integer> gathers = gatherChunks.get(partner.id());
                for (int i = 0; i < n; i++) {
                    List<Integer> d = new ArrayList<>();
                    for (int x : deps) {
                        if (gathers == null || !gathers.contains(x)) {
                            d.add(x);
                        }
                    }
                    if (byInput) {
                        d.add(gathers.get(i));
                    }
                    if (i > 0) {
                        d.add(ids.get(i - 1));
                    }
                    ids.add(out.size());
                    out.add(new ProgramOp.Compute(out.size(), c.name() + " [" + (i + 1) + "/" + n + "]", c.category(),
                            chunk(c.demand(), flatRing.test(partner) ? groupSize(partner, mesh) : n, n, i, byInput),
                            ImmutableList.copyOf(d)));
                }
                matmulChunks.put(c.id(), ids);
                finals.put(c.id(), List.of(ids.get(n - 1)));
            } else if (op instanceof ProgramOp.Communicate s && pairOfCollective.containsKey(s.id())) {
                List<Integer> parts = matmulChunks.get(pairOfCollective.get(s.id()));
                int n = parts.size();
                List<Integer> ids = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    ImmutableList<Integer> d = i == 0 ? ImmutableList.of(parts.get(i))
                            : ImmutableList.of(parts.get(i), ids.get(i - 1));
                    ids.add(out.size());
                    out.add(loopChunk(s, out.size(), i, n, d, flatRing.test(s) ? scatterSteps(groupSize(s, mesh), n, i)
                            : ProgramOp.Communicate.WHOLE));
                }
                finals.put(s.id(), ids);
            } else {
                int id = out.size();
                out.add(op instanceof ProgramOp.Compute c
                        ? new ProgramOp.Compute(id, c.name(), c.category(), c.demand(), deps)
                        : withDeps((ProgramOp.Communicate) op, id, deps));
                finals.put(op.id(), List.of(id));
            }
        }
        return new OpSequence(seq.name(), ImmutableList.copyOf(out));
    }

    /**
     * Chunk i of n of a looped collective: {@code ringSteps} steps of the flat ring, each moving D/K (D kept whole),
     * or with {@link ProgramOp.Communicate#WHOLE} a whole collective on the chunk's share of the bytes.
     */
    private static ProgramOp.Communicate loopChunk(ProgramOp.Communicate c, int id, int i, int n,
                                                   ImmutableList<Integer> deps, int ringSteps) {
        long bytes = ringSteps == ProgramOp.Communicate.WHOLE ? share(c.bytesPerChip(), n, i) : c.bytesPerChip();
        return new ProgramOp.Communicate(id, c.name() + " [" + (i + 1) + "/" + n + "]", c.category(), c.kind(),
                c.axes(), bytes, deps, i > 0, ringSteps);
    }

    private static ProgramOp.Communicate better(ProgramOp.Communicate a, ProgramOp.Communicate b) {
        return a == null || b.bytesPerChip() > a.bytesPerChip() ? b : a;
    }

    /** Chunks for a collective: its group size K, at most {@link #MAX_CHUNKS}. */
    static int chunks(ProgramOp.Communicate c, MeshSplit mesh) {
        return Math.min(groupSize(c, mesh), MAX_CHUNKS);
    }

    static int groupSize(ProgramOp.Communicate c, MeshSplit mesh) {
        int k = 1;
        for (org.tpusim.topology.Axis a : c.axes().axes()) {
            k *= switch (a) {
                case X -> mesh.x();
                case Y -> mesh.y();
                case Z -> mesh.z();
            };
        }
        return k;
    }

    /** First shard of chunk i of n over K shards. */
    private static int firstShard(int k, int n, int i) {
        return (int) ((long) i * k / n);
    }

    /** Ring steps an all-gather's chunk i of n runs: those delivering its shards (shard 0 is the chip's own). */
    static int gatherSteps(int k, int n, int i) {
        return firstShard(k, n, i + 1) - Math.max(1, firstShard(k, n, i));
    }

    /** Ring steps a reduce-scatter's chunk i of n runs: one per shard it computed, but the last (kept) shard. */
    static int scatterSteps(int k, int n, int i) {
        return firstShard(k, n, i + 1) - firstShard(k, n, i) - (i == n - 1 ? 1 : 0);
    }

    private static ImmutableList<Integer> remap(List<Integer> deps, Map<Integer, List<Integer>> finals,
                                                Map<Integer, Integer> pairOfCollective, int self) {
        List<Integer> out = new ArrayList<>();
        for (int d : deps) {
            for (int x : finals.get(d)) {
                if (!out.contains(x)) {
                    out.add(x);
                }
            }
        }
        return ImmutableList.copyOf(out);
    }

    private static ProgramOp.Communicate withDeps(ProgramOp.Communicate c, int id, ImmutableList<Integer> deps) {
        return new ProgramOp.Communicate(id, c.name(), c.category(), c.kind(), c.axes(), c.bytesPerChip(), deps,
                c.loopContinuation(), c.ringSteps());
    }

    private static long part(long total, int shards, int n, int i) {
        return shards == n ? share(total, n, i) : shardShare(total, shards, n, i);
    }

    /** Byte share i of n (the first ones take the remainder), kept divisible as the whole was. */
    private static long share(long total, int n, int i) {
        return total / n + (i < total % n ? 1 : 0);
    }

    /** Share of {@code total} held by chunk i of n when K shards are grouped as in {@link #firstShard}. */
    private static long shardShare(long total, int k, int n, int i) {
        return total * firstShard(k, n, i + 1) / k - total * firstShard(k, n, i) / k;
    }

    /**
     * Matmul chunk i of n: contraction split (input side) or output-column split (output side), in proportion
     * to the K shards the chunk holds (K = n: equal shares, the first ones taking the remainder).
     */
    private static OpDemand chunk(OpDemand d, int shards, int n, int i, boolean byInput) {
        long k = byInput ? part(d.k(), shards, n, i) : d.k();
        long cols = byInput ? d.n() : part(d.n(), shards, n, i);
        double weightBytes = (d.hbmReadBytes() - (double) d.m() * d.k() * bytesPerActivation(d)) / ((double) d.k() * d.n());
        double act = bytesPerActivation(d);
        return OpDemand.matmul(d.name(), d.m(), Math.max(1, k), Math.max(1, cols), weightBytes, act);
    }

    /** Activations are bf16 everywhere in the programs (2 B), recovered from the write bytes. */
    private static double bytesPerActivation(OpDemand d) {
        return d.hbmWriteBytes() / ((double) d.m() * d.n());
    }
}
