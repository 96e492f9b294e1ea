package org.tpusim.hardware;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableMap;
import java.util.EnumMap;
import java.util.Map;

/**
 * A chip type: every {@link ChipParameter} with its value and source. Immutable; built from the catalog
 * and, per scenario, from {@link #withOverride}.
 */
public final class ChipSpec {
    private final String name;
    private final String description;
    private final ImmutableMap<ChipParameter, ParameterValue> values;
    private final TorusSpec torus;
    /** The chip's link to host memory; null when the catalog gives none. */
    private final HostLink hostLink;

    public ChipSpec(String name, String description, Map<ChipParameter, ParameterValue> values) {
        this(name, description, values, TorusSpec.DEFAULT_3D);
    }

    public ChipSpec(String name, String description, Map<ChipParameter, ParameterValue> values, TorusSpec torus) {
        this(name, description, values, torus, null);
    }

    /** @param hostLink the chip's link to host memory, null for none */
    public ChipSpec(String name, String description, Map<ChipParameter, ParameterValue> values, TorusSpec torus,
                    HostLink hostLink) {
        this.hostLink = hostLink;
        this.name = name;
        this.description = description;
        this.torus = java.util.Objects.requireNonNull(torus, "torus");
        for (ChipParameter p : ChipParameter.values()) {
            Preconditions.checkArgument(values.containsKey(p), "chip %s lacks parameter %s", name, p.key());
        }
        this.values = ImmutableMap.copyOf(new EnumMap<>(values));
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public double value(ChipParameter p) {
        return values.get(p).value();
    }

    public ImmutableMap<ChipParameter, ParameterValue> parameters() {
        return values;
    }

    /** A copy with one parameter replaced; the source records the override. */
    public ChipSpec withOverride(ChipParameter p, double value, String source) {
        Map<ChipParameter, ParameterValue> copy = new EnumMap<>(values);
        copy.put(p, new ParameterValue(p, value, source));
        return new ChipSpec(name, description, copy, torus, hostLink);
    }

    /** The chip's link to host memory (catalog {@code host_link}), if the catalog gives one. */
    public java.util.Optional<HostLink> hostLink() {
        return java.util.Optional.ofNullable(hostLink);
    }

    /** How this chip's slices are wired: 2D or 3D torus and the wraparound rule. */
    public TorusSpec torus() {
        return torus;
    }

    public double peakFlopsPerSec() {
        return value(ChipParameter.PEAK_FLOPS_PER_S);
    }

    /** Peak dense int8 x int8 matrix rate, OP/s; 0 when the chip has no int8 matrix arithmetic. */
    public double peakInt8OpsPerSec() {
        return value(ChipParameter.PEAK_INT8_OPS_PER_S);
    }

    /** Peak dense fp8 matrix rate, FLOP/s; 0 when the chip has no fp8 format. */
    public double peakFp8FlopsPerSec() {
        return value(ChipParameter.PEAK_FP8_FLOPS_PER_S);
    }

    public double hbmCapacityBytes() {
        return value(ChipParameter.HBM_CAPACITY_BYTES);
    }

    public double hbmBandwidthBytesPerSec() {
        return value(ChipParameter.HBM_BANDWIDTH_BYTES_PER_S);
    }

    public double linkBandwidthBytesPerSec() {
        return value(ChipParameter.LINK_BANDWIDTH_BYTES_PER_S);
    }

    public double linkEfficiency() {
        return value(ChipParameter.LINK_EFFICIENCY);
    }

    /** Payload bandwidth of one link direction: link bandwidth x link efficiency, B/s. */
    public double effectiveLinkBandwidthBytesPerSec() {
        return linkBandwidthBytesPerSec() * linkEfficiency();
    }

    public double hopLatencyNs() {
        return value(ChipParameter.HOP_LATENCY_NS);
    }

    public double collectiveOverheadNs() {
        return value(ChipParameter.COLLECTIVE_OVERHEAD_NS);
    }

    public double collectiveSyncNsPerDoubling() {
        return value(ChipParameter.COLLECTIVE_SYNC_NS_PER_DOUBLING);
    }

    /** Start cost of a program collective over a group of {@code groupSize} chips, ns (see the parameters). */
    public double collectiveStartNs(int groupSize) {
        return collectiveOverheadNs() + collectiveSyncNsPerDoubling() * log2(Math.max(1, groupSize));
    }

    private static double log2(int k) {
        return Math.log(k) / Math.log(2);
    }

    public double torusCollectiveMaxBytes() {
        return value(ChipParameter.TORUS_COLLECTIVE_MAX_BYTES);
    }

    public double matmulTileElements() {
        return value(ChipParameter.MATMUL_TILE_ELEMENTS);
    }

    public double matmulRowTileElements() {
        return value(ChipParameter.MATMUL_ROW_TILE_ELEMENTS);
    }

    public double flatRingMaxChips() {
        return value(ChipParameter.FLAT_RING_MAX_CHIPS);
    }

    /** Per-destination issue cost of a program all-to-all, ns. */
    public double allToAllNsPerPeer() {
        return value(ChipParameter.ALL_TO_ALL_NS_PER_PEER);
    }

    /** Most program collectives in flight at once on a chip (0: no limit). */
    public int maxCollectivesInFlight() {
        return (int) value(ChipParameter.MAX_COLLECTIVES_IN_FLIGHT);
    }

    public double matmulWeightLoadRows() {
        return value(ChipParameter.MATMUL_WEIGHT_LOAD_ROWS);
    }

    public double attentionScoreBytes() {
        return value(ChipParameter.ATTENTION_SCORE_BYTES);
    }

    public double computeEfficiency() {
        return value(ChipParameter.COMPUTE_EFFICIENCY);
    }

    public double hbmEfficiency() {
        return value(ChipParameter.HBM_EFFICIENCY);
    }

    public double coreHbmBandwidthBytesPerSec() {
        return value(ChipParameter.CORE_HBM_BANDWIDTH_BYTES_PER_S);
    }

    public double overlapExponent() {
        return value(ChipParameter.OVERLAP_EXPONENT);
    }

    public double matmulFixedNs() {
        return value(ChipParameter.MATMUL_FIXED_NS);
    }

    public double attentionFixedNs() {
        return value(ChipParameter.ATTENTION_FIXED_NS);
    }

    public double vectorFixedNs() {
        return value(ChipParameter.VECTOR_FIXED_NS);
    }

    public double prefetchBufferBytes() {
        return value(ChipParameter.PREFETCH_BUFFER_BYTES);
    }

    @Override
    public String toString() {
        return name;
    }
}
