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
    PEAK_FLOPS_PER_S("peak_flops_per_s", "FLOP/s", 1e9, 1e18,
            "peak dense bf16 matrix-multiply throughput of one chip"),
    PEAK_INT8_OPS_PER_S("peak_int8_ops_per_s", "OP/s", 0, 1e18,
            "peak dense int8 x int8 matrix-multiply throughput of one chip (w8a8 matmuls run at it); "
                    + "0 = the chip has no int8 matrix arithmetic"),
    PEAK_FP8_FLOPS_PER_S("peak_fp8_flops_per_s", "FLOP/s", 0, 1e18,
            "peak dense fp8 matrix-multiply throughput of one chip (fp8 matmuls run at it); 0 = the chip has no fp8 "
                    + "format (fp8 weights, activations or KV cache are refused)"),
    HBM_CAPACITY_BYTES("hbm_capacity_bytes", "B", 0x1p20, 0x1p50,
            "high-bandwidth memory capacity of one chip"),
    HBM_BANDWIDTH_BYTES_PER_S("hbm_bandwidth_bytes_per_s", "B/s", 1e6, 1e15,
            "peak HBM read/write bandwidth of one chip"),
    LINK_BANDWIDTH_BYTES_PER_S("link_bandwidth_bytes_per_s", "B/s", 1e6, 1e15,
            "bandwidth of one inter-chip link in one direction (each direction is its own resource)"),
    LINK_EFFICIENCY("link_efficiency", "fraction", 1e-3, 1,
            "share of link_bandwidth_bytes_per_s that carries payload (packet headers, flow-control credits, "
                    + "DMA descriptor traffic take the rest)"),
    HOP_LATENCY_NS("hop_latency_ns", "ns", 0, 1e9,
            "time for the head of a chunk to cross one link and its router (wire, SerDes, switching)"),
    COLLECTIVE_OVERHEAD_NS("collective_overhead_ns", "ns", 0, 1e9,
            "fixed start/synchronisation cost paid once by every collective before data moves"),
    COLLECTIVE_SYNC_NS_PER_DOUBLING("collective_sync_ns_per_doubling", "ns", 0, 1e9,
            "start cost a program collective pays on top of collective_overhead_ns per doubling of its group: "
                    + "the group's start handshake is a barrier of depth log2(K) over its K chips, so a collective "
                    + "starts after collective_overhead_ns + log2(K) x this"),
    TORUS_COLLECTIVE_MAX_BYTES("torus_collective_max_bytes", "B", 0, 0x1p50,
            "largest buffer (bytes per chip) of a program collective over all three torus axes that runs as per-axis "
                    + "phases (sum of (K_axis - 1) ring steps) instead of one flat ring through the group (K - 1 steps) "
                    + "when the execution uses flat rings; larger ones (weight gathers) run on the ring. 0 = always the ring"),
    FLAT_RING_MAX_CHIPS("flat_ring_max_chips", "chips", 0, 0x1p20,
            "largest group of a program collective over all three torus axes that runs as one flat ring when the "
                    + "execution uses flat rings; larger groups run the torus algorithm (concurrent per-axis phases, "
                    + "sum of (K_axis - 1) steps on all six links) as a runtime picks an algorithm whose steps do not "
                    + "grow with the group. 0 = no limit"),
    MAX_COLLECTIVES_IN_FLIGHT("max_collectives_in_flight", "collectives", 0, 0x1p20,
            "most program collectives a chip runs at once: the runtime issues asynchronous collectives in program order "
                    + "and starts one only when fewer than this many are in flight (XLA's scheduler allows one "
                    + "all-gather, one reduce-scatter... in flight by default), so e.g. a weight gather and an "
                    + "activation gather on other links run one after the other. 0 = no limit"),
    ALL_TO_ALL_NS_PER_PEER("all_to_all_ns_per_peer", "ns", 0, 1e9,
            "time a chip spends on each destination of a program all-to-all before its data moves (one DMA descriptor "
                    + "issued and one completion awaited per peer, one after another): an all-to-all over K chips starts "
                    + "after its start cost plus (K - 1) x this. 0 = destinations cost nothing apart"),
    MATMUL_TILE_ELEMENTS("matmul_tile_elements", "elements", 1, 65536,
            "side of the matrix unit's weight tile; a matmul's per-chip k and n are padded up to multiples of it"),
    MATMUL_ROW_TILE_ELEMENTS("matmul_row_tile_elements", "elements", 1, 65536,
            "rows of activations the matrix unit takes per step; a matmul's per-chip m is padded up to a multiple"),
    MATMUL_WEIGHT_LOAD_ROWS("matmul_weight_load_rows", "rows", 0, 65536,
            "time to load one weight tile into the matrix unit that the rows streaming through the previous tile do "
                    + "not hide, in row steps: a matmul of m rows per chip takes (padded m + this) row steps per weight "
                    + "tile. 0 = loads fully double-buffered; 128 = a 128-row tile loaded one row a step, never hidden"),
    ATTENTION_SCORE_BYTES("attention_score_bytes", "B", 0, 64,
            "HBM bytes an attention kernel moves per score (one query-key pair) when it materialises the score "
                    + "matrix: QK^T written, read by the softmax, probabilities written and read by the AV matmul "
                    + "(4 + 4 + 2 + 2 = 12 with f32 scores and bf16 probabilities). 0 = a fused (flash-style) kernel "
                    + "whose scores stay on chip"),
    COMPUTE_EFFICIENCY("compute_efficiency", "fraction", 1e-3, 1,
            "achievable fraction of peak_flops_per_s for large matmuls (clock under load x kernel efficiency)"),
    HBM_EFFICIENCY("hbm_efficiency", "fraction", 1e-3, 1,
            "achievable fraction of hbm_bandwidth_bytes_per_s when streaming operands"),
    CORE_HBM_BANDWIDTH_BYTES_PER_S("core_hbm_bandwidth_bytes_per_s", "B/s", 1e6, 1e15,
            "HBM bandwidth one independent work unit (one core) draws alone; caps ops with few work units"),
    OVERLAP_EXPONENT("overlap_exponent", "1", 1, 1000,
            "p in time = (compute^p + memory^p)^(1/p); large p is the roofline max, 2^(1/p) the slowdown at balance"),
    MATMUL_FIXED_NS("matmul_fixed_ns", "ns", 0, 1e9,
            "fixed cost of one matmul op (launch, pipeline fill and drain), independent of its size"),
    ATTENTION_FIXED_NS("attention_fixed_ns", "ns", 0, 1e9,
            "fixed cost of one attention op (launch, pipeline fill and drain), independent of its size"),
    VECTOR_FIXED_NS("vector_fixed_ns", "ns", 0, 1e9,
            "fixed cost of one elementwise/vector op (launch, pipeline fill and drain), independent of its size"),
    PREFETCH_BUFFER_BYTES("prefetch_buffer_bytes", "B", 0, 0x1p40,
            "on-chip memory into which the next matmul's weights are fetched from HBM while the core waits (on a "
                    + "collective or a loop chunk); up to this many bytes of its weight loading are then already done. "
                    + "0 disables prefetch");

    private final String key;
    private final String unit;
    private final double min;
    private final double max;
    private final String meaning;

    ChipParameter(String key, String unit, double min, double max, String meaning) {
        this.key = key;
        this.unit = unit;
        this.min = min;
        this.max = max;
        this.meaning = meaning;
    }

    /** Smallest accepted value, in {@link #unit()}. */
    public double min() {
        return min;
    }

    /** Largest accepted value, in {@link #unit()}. */
    public double max() {
        return max;
    }

    /** The valid range as the messages and the README state it, e.g. "0 to 1e9 ns". */
    public String range() {
        String u = unit.equals("1") || unit.equals("fraction") ? "" : " " + unit;
        return number(min) + " to " + number(max) + u;
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return String.valueOf((long) v);
        }
        long l = (long) v;
        if (v == Math.rint(v) && Long.bitCount(l) == 1) {
            return "2^" + Long.numberOfTrailingZeros(l);
        }
        return String.valueOf(v).replace(".0E", "e").replace("E", "e");
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
     * Why {@code value} is not acceptable for this parameter, or empty when it is: every parameter has a
     * physically meaningful, generous range ({@link #min()} to {@link #max()}, listed in the README), so no
     * value can make the simulation schedule events at infinity or take non-positive steps: times from 0 to
     * 1 s, rates and sizes positive and finite, efficiencies from 0.001 to 1, tiles whole.
     */
    public Optional<String> rejection(double value) {
        String expected = switch (this) {
            case PEAK_INT8_OPS_PER_S, PEAK_FP8_FLOPS_PER_S -> "a non-negative number in " + unit
                    + " (0: the chip lacks the format)";
            case HOP_LATENCY_NS, COLLECTIVE_OVERHEAD_NS, COLLECTIVE_SYNC_NS_PER_DOUBLING, TORUS_COLLECTIVE_MAX_BYTES,
                 MATMUL_FIXED_NS, ATTENTION_FIXED_NS, VECTOR_FIXED_NS,
                 PREFETCH_BUFFER_BYTES, MATMUL_WEIGHT_LOAD_ROWS, ATTENTION_SCORE_BYTES, FLAT_RING_MAX_CHIPS,
                 ALL_TO_ALL_NS_PER_PEER -> "a non-negative number in " + unit;
            case MAX_COLLECTIVES_IN_FLIGHT -> "a non-negative whole number of collectives (0: no limit)";
            case COMPUTE_EFFICIENCY, HBM_EFFICIENCY, LINK_EFFICIENCY -> "a fraction in (0, 1]";
            case OVERLAP_EXPONENT -> "a number >= 1";
            case MATMUL_TILE_ELEMENTS, MATMUL_ROW_TILE_ELEMENTS -> "a positive whole number of elements";
            default -> "a positive number in " + unit;
        };
        boolean whole = this == MATMUL_TILE_ELEMENTS || this == MATMUL_ROW_TILE_ELEMENTS
                || this == MAX_COLLECTIVES_IN_FLIGHT;
        if (Double.isFinite(value) && value >= min && value <= max && (!whole || value == Math.rint(value))) {
            return Optional.empty();
        }
        return Optional.of("expected " + expected + ", found " + value + " (valid range " + range() + ")");
    }

    public static Optional<ChipParameter> fromKey(String key) {
        return Keys.fromKey(ChipParameter.class, key);
    }

    public static String allKeys() {
        return Keys.allKeys(ChipParameter.class);
    }
}
