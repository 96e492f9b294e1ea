package org.tpusim.hardware;

import java.util.Optional;
import org.tpusim.keys.Keyed;
import org.tpusim.keys.Keys;

/**
 * The parameters that describe a chip type, each with its catalog key (unit in the name), unit and
 * physical meaning. Values and their sources live in the catalog ({@code scenarios/catalog/chips.yaml});
 * a scenario may override any of them under {@code system.overrides}.
 */
public enum ChipParameter implements Keyed {
    PEAK_FLOPS_PER_S("peak_flops_per_s", "FLOP/s",
            "peak dense bf16 matrix-multiply throughput of one chip"),
    HBM_CAPACITY_BYTES("hbm_capacity_bytes", "B",
            "high-bandwidth memory capacity of one chip"),
    HBM_BANDWIDTH_BYTES_PER_S("hbm_bandwidth_bytes_per_s", "B/s",
            "peak HBM read/write bandwidth of one chip"),
    LINK_BANDWIDTH_BYTES_PER_S("link_bandwidth_bytes_per_s", "B/s",
            "bandwidth of one inter-chip link in one direction (each direction is its own resource)"),
    LINK_EFFICIENCY("link_efficiency", "fraction",
            "share of link_bandwidth_bytes_per_s that carries payload (packet headers, flow-control credits, "
                    + "DMA descriptor traffic take the rest)"),
    HOP_LATENCY_NS("hop_latency_ns", "ns",
            "time for the head of a chunk to cross one link and its router (wire, SerDes, switching)"),
    COLLECTIVE_OVERHEAD_NS("collective_overhead_ns", "ns",
            "fixed start/synchronisation cost paid once by every collective before data moves"),
    COLLECTIVE_SYNC_NS_PER_DOUBLING("collective_sync_ns_per_doubling", "ns",
            "start cost a program collective pays on top of collective_overhead_ns per doubling of its group: "
                    + "the group's start handshake is a barrier of depth log2(K) over its K chips, so a collective "
                    + "starts after collective_overhead_ns + log2(K) x this"),
    TORUS_COLLECTIVE_MAX_BYTES("torus_collective_max_bytes", "B",
            "largest buffer (bytes per chip) of a program collective over all three torus axes that runs as per-axis "
                    + "phases (sum of (K_axis - 1) ring steps) instead of one flat ring through the group (K - 1 steps) "
                    + "when the execution uses flat rings; larger ones (weight gathers) run on the ring. 0 = always the ring"),
    MATMUL_TILE_ELEMENTS("matmul_tile_elements", "elements",
            "side of the matrix unit's weight tile; a matmul's per-chip k and n are padded up to multiples of it"),
    MATMUL_ROW_TILE_ELEMENTS("matmul_row_tile_elements", "elements",
            "rows of activations the matrix unit takes per step; a matmul's per-chip m is padded up to a multiple"),
    COMPUTE_EFFICIENCY("compute_efficiency", "fraction",
            "achievable fraction of peak_flops_per_s for large matmuls (clock under load x kernel efficiency)"),
    HBM_EFFICIENCY("hbm_efficiency", "fraction",
            "achievable fraction of hbm_bandwidth_bytes_per_s when streaming operands"),
    CORE_HBM_BANDWIDTH_BYTES_PER_S("core_hbm_bandwidth_bytes_per_s", "B/s",
            "HBM bandwidth one independent work unit (one core) draws alone; caps ops with few work units"),
    OVERLAP_EXPONENT("overlap_exponent", "1",
            "p in time = (compute^p + memory^p)^(1/p); large p is the roofline max, 2^(1/p) the slowdown at balance"),
    MATMUL_FIXED_NS("matmul_fixed_ns", "ns",
            "fixed cost of one matmul op (launch, pipeline fill and drain), independent of its size"),
    ATTENTION_FIXED_NS("attention_fixed_ns", "ns",
            "fixed cost of one attention op (launch, pipeline fill and drain), independent of its size"),
    VECTOR_FIXED_NS("vector_fixed_ns", "ns",
            "fixed cost of one elementwise/vector op (launch, pipeline fill and drain), independent of its size"),
    PREFETCH_BUFFER_BYTES("prefetch_buffer_bytes", "B",
            "on-chip memory into which the next matmul's weights are fetched from HBM while the core waits (on a "
                    + "collective or a loop chunk); up to this many bytes of its weight loading are then already done. "
                    + "0 disables prefetch");

    private final String key;
    private final String unit;
    private final String meaning;

    ChipParameter(String key, String unit, String meaning) {
        this.key = key;
        this.unit = unit;
        this.meaning = meaning;
    }

    /** Catalog and scenario key, unit in the name. */
    @Override
    public String key() {
        return key;
    }

    public String unit() {
        return unit;
    }

    public String meaning() {
        return meaning;
    }

    /**
     * Why {@code value} is not acceptable for this parameter, or empty when it is: times may be 0; sizes,
     * rates and tiles must be positive (tiles whole); efficiencies lie in (0, 1]; the overlap exponent is >= 1.
     */
    public Optional<String> rejection(double value) {
        if (!Double.isFinite(value)) {
            return Optional.of("expected a finite number in " + unit + ", found " + value);
        }
        return switch (this) {
            case HOP_LATENCY_NS, COLLECTIVE_OVERHEAD_NS, COLLECTIVE_SYNC_NS_PER_DOUBLING, TORUS_COLLECTIVE_MAX_BYTES, MATMUL_FIXED_NS, ATTENTION_FIXED_NS, VECTOR_FIXED_NS,
                 PREFETCH_BUFFER_BYTES ->
                    value < 0 ? Optional.of("expected a non-negative number in " + unit + ", found " + value)
                            : Optional.empty();
            case COMPUTE_EFFICIENCY, HBM_EFFICIENCY, LINK_EFFICIENCY -> value > 0 && value <= 1 ? Optional.empty()
                    : Optional.of("expected a fraction in (0, 1], found " + value);
            case OVERLAP_EXPONENT -> value >= 1 ? Optional.empty()
                    : Optional.of("expected a number >= 1, found " + value);
            case MATMUL_TILE_ELEMENTS, MATMUL_ROW_TILE_ELEMENTS -> value >= 1 && value == Math.rint(value)
                    ? Optional.empty() : Optional.of("expected a positive whole number of elements, found " + value);
            default -> value > 0 ? Optional.empty()
                    : Optional.of("expected a positive number in " + unit + ", found " + value);
        };
    }

    public static Optional<ChipParameter> fromKey(String key) {
        return Keys.fromKey(ChipParameter.class, key);
    }

    public static String allKeys() {
        return Keys.allKeys(ChipParameter.class);
    }
}
