package org.tpusim.model;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.tpusim.keys.Keyed;
import org.tpusim.keys.Keys;

/**
 * The dimensions of a {@link MoeConfig}, each with its catalog and scenario key (in the {@code model:} block, beside
 * the {@link ModelParameter}s). A model with {@code experts} is a mixture-of-experts model; the others default to
 * 0 (shared_d_ff, dense_layers) and {@code experts_per_token} and {@code expert_d_ff} are then required.
 */
public enum MoeParameter implements Keyed {
    // at most 1,024 routed experts: published MoE models route over at most 256 per layer (DeepSeek-V3); the cap keeps
    // the per-expert routing arrays and the per-chip expert ops of a program bounded
    EXPERTS("experts", "routed experts per MoE layer X", 2, 1024),
    EXPERTS_PER_TOKEN("experts_per_token", "experts each token visits k (top-k)", 1, Integer.MAX_VALUE),
    EXPERT_D_FF("expert_d_ff", "feedforward width of one routed expert F_e", 1, Integer.MAX_VALUE),
    SHARED_D_FF("shared_d_ff", "total feedforward width of the shared experts every token visits (0: none)", 0,
            Integer.MAX_VALUE),
    DENSE_LAYERS("dense_layers", "layers with the dense feedforward d_ff instead of experts (e.g. the first k)", 0,
            Integer.MAX_VALUE);

    private final String key;
    private final String meaning;
    private final int min;
    private final int max;

    MoeParameter(String key, String meaning, int min, int max) {
        this.key = key;
        this.meaning = meaning;
        this.min = min;
        this.max = max;
    }

    @Override
    public String key() {
        return key;
    }

    public String meaning() {
        return meaning;
    }

    /** The smallest value accepted. */
    public int min() {
        return min;
    }

    /** The largest value accepted. */
    public int max() {
        return max;
    }

    public static Optional<MoeParameter> fromKey(String key) {
        return Keys.fromKey(MoeParameter.class, key);
    }

    public static String allKeys() {
        return Keys.allKeys(MoeParameter.class);
    }

    /** The value of every parameter of {@code moe}. */
    public static Map<MoeParameter, Long> valuesOf(MoeConfig moe) {
        Map<MoeParameter, Long> v = new EnumMap<>(MoeParameter.class);
        v.put(EXPERTS, (long) moe.experts());
        v.put(EXPERTS_PER_TOKEN, (long) moe.expertsPerToken());
        v.put(EXPERT_D_FF, (long) moe.expertDff());
        v.put(SHARED_D_FF, (long) moe.sharedDff());
        v.put(DENSE_LAYERS, (long) moe.denseLayers());
        return v;
    }

    /**
     * The config from a complete set of values (shared_d_ff and dense_layers default to 0).
     *
     * @throws IllegalArgumentException when the values are inconsistent (e.g. k above the experts)
     */
    public static MoeConfig build(Map<MoeParameter, Long> v, MoeConfig.Routing routing) {
        return new MoeConfig(Math.toIntExact(v.get(EXPERTS)), Math.toIntExact(v.get(EXPERTS_PER_TOKEN)),
                Math.toIntExact(v.get(EXPERT_D_FF)), Math.toIntExact(v.getOrDefault(SHARED_D_FF, 0L)),
                Math.toIntExact(v.getOrDefault(DENSE_LAYERS, 0L)), routing);
    }
}
