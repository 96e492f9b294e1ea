package org.tpusim.model;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * The mixture-of-experts part of a model (Shazeer et al. 2017; Mixtral, Jiang et al. 2024; DeepSeekMoE,
 * Dai et al. 2024): in each of the {@code layers - denseLayers} MoE layers the feedforward is replaced by a
 * router (an E x {@code experts} matmul and a top-k), {@code experts} routed experts of which each token
 * visits {@code expertsPerToken}, each a feedforward of width {@code expertDff} with the model's
 * {@code ffnMatrices}, and, beside them, shared experts every token visits, of total width
 * {@code sharedDff} (0: none; DeepSeekMoE's n_shared x moe_intermediate_size, Qwen2-MoE's
 * shared_expert_intermediate_size). The other {@code denseLayers} layers keep the model's dense
 * feedforward of width {@code TransformerModel.dFf()}. Attention is the model's in every layer.
 *
 * <p>Parameters counted: the router E x experts per MoE layer, experts x matrices x E x expertDff, the
 * shared experts matrices x E x sharedDff; not counted (as for dense models): biases, norm scales, Qwen2-MoE's
 * one-column shared-expert gate (E per layer, 2,048 parameters in Qwen1.5-MoE-A2.7B).
 *
 * @param routing how tokens pick experts in the simulation (a scenario choice, not part of the model)
 */
public record MoeConfig(int experts, int expertsPerToken, int expertDff, int sharedDff, int denseLayers,
                        Routing routing) {
    public MoeConfig {
        checkArgument(experts >= 2, "experts must be at least 2, got %s", experts);
        checkArgument(expertsPerToken >= 1 && expertsPerToken <= experts,
                "expertsPerToken must be in 1..experts (%s), got %s", experts, expertsPerToken);
        checkArgument(expertDff > 0, "expertDff must be positive, got %s", expertDff);
        checkArgument(sharedDff >= 0, "sharedDff must not be negative, got %s", sharedDff);
        checkArgument(denseLayers >= 0, "denseLayers must not be negative, got %s", denseLayers);
        Objects.requireNonNull(routing, "routing");
    }

    /** The same experts with another routing. */
    public MoeConfig withRouting(Routing r) {
        return new MoeConfig(experts, expertsPerToken, expertDff, sharedDff, denseLayers, r);
    }

    /** Layers whose feedforward is the mixture: all but the first {@code denseLayers}. */
    public int moeLayers(TransformerModel m) {
        checkArgument(denseLayers < m.layers(), "denseLayers (%s) must leave at least one MoE layer of %s",
                denseLayers, m.layers());
        return m.layers() - denseLayers;
    }

    /** One routed expert: ffnMatrices x E x expertDff. */
    public long paramsPerExpert(TransformerModel m) {
        return (long) m.ffnMatrices() * m.dModel() * expertDff;
    }

    /** The router of one MoE layer: E x experts. */
    public long routerParams(TransformerModel m) {
        return (long) m.dModel() * experts;
    }

    /** The shared experts of one MoE layer: ffnMatrices x E x sharedDff. */
    public long sharedParams(TransformerModel m) {
        return (long) m.ffnMatrices() * m.dModel() * sharedDff;
    }

    /** Everything stored: attention of every layer, dense feedforwards, routers, all experts, embeddings. */
    public long totalParams(TransformerModel m) {
        return base(m) + (long) moeLayers(m) * (routerParams(m) + sharedParams(m) + experts * paramsPerExpert(m));
    }

    /**
     * What one token uses: attention, dense feedforwards, router, shared experts and {@code expertsPerToken}
     * routed experts per MoE layer, and the embeddings (input lookup and output projection, both counted, as
     * Mistral and Qwen count them).
     */
    public long activeParams(TransformerModel m) {
        return base(m) + (long) moeLayers(m) * (routerParams(m) + sharedParams(m)
                + expertsPerToken * paramsPerExpert(m));
    }

    private long base(TransformerModel m) {
        return m.layers() * m.attentionParamsPerLayer() + (long) denseLayers * m.ffnParamsPerLayer()
                + m.embeddingParams();
    }

    /**
     * How the simulation routes tokens to experts. {@code capacityFactor} 0 is no limit; otherwise each expert
     * takes at most ceil(capacityFactor x tokens x k / experts) tokens per layer and the rest are dropped.
     *
     * @param skew   Zipf exponent (kind ZIPF): expert of rank r is drawn with probability proportional to 1/r^skew
     * @param shares relative per-expert loads (kind FILE), one per expert; empty otherwise
     * @param source where the shares came from, for reports ("" unless FILE)
     */
    public record Routing(RoutingKind kind, double skew, double[] shares, String source, long seed,
                          double capacityFactor) {
        /** Balanced routing, no capacity limit. */
        public static final Routing UNIFORM = new Routing(RoutingKind.UNIFORM, 0, new double[0], "", 0, 0);

        public Routing {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(shares, "shares");
            Objects.requireNonNull(source, "source");
            checkArgument(skew >= 0, "skew must not be negative, got %s", skew);
            checkArgument(capacityFactor >= 0, "capacityFactor must not be negative, got %s", capacityFactor);
            checkArgument(kind != RoutingKind.FILE || shares.length > 0, "a file routing needs its shares");
            shares = shares.clone();
        }

        @Override
        public double[] shares() {
            return shares.clone();
        }

        /** The kind's scenario key, e.g. {@code zipf}. */
        public String kindKey() {
            return kind.key();
        }

        public boolean capped() {
            return capacityFactor > 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Routing r && r.kind == kind && Double.compare(r.skew, skew) == 0
                    && java.util.Arrays.equals(r.shares, shares) && r.source.equals(source) && r.seed == seed
                    && Double.compare(r.capacityFactor, capacityFactor) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, skew, java.util.Arrays.hashCode(shares), source, seed, capacityFactor);
        }

        @Override
        public String toString() {
            String k = switch (kind) {
                case UNIFORM -> "uniform";
                case ZIPF -> "zipf (skew " + skew + ", seed " + seed + ")";
                case FILE -> "file " + source;
            };
            return k + (capped() ? ", capacity factor " + capacityFactor : ", no capacity limit");
        }
    }
}
