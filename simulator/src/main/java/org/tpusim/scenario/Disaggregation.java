package org.tpusim.scenario;

import java.util.Map;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.topology.Slice;
import org.tpusim.topology.SliceShape;
import org.tpusim.workload.Pools;

/**
 * {@code workload.pools} of a trace workload: disaggregated prefill and decode, each pool its own slice of the
 * scenario's chip with its own layout; the KV transfer between them.
 *
 * @param prefillTopology the prefill pool's slice shape
 * @param prefillLayout   its layout block (null parts: auto)
 * @param decodeTopology  the decode pool's slice shape
 * @param decodeLayout    its layout block
 * @param kvTransfer      the link between the pools
 */
public record Disaggregation(String prefillTopology, Workload.RequestedLayouts prefillLayout, String decodeTopology,
                             Workload.RequestedLayouts decodeLayout, Pools kvTransfer) {

    /** A pool's system: the scenario's chip on the pool's slice (the chip's own wraparound rule). */
    public static Scenario.SystemConfig system(ChipSpec chip, String topology) {
        return new Scenario.SystemConfig(chip, Slice.of(SliceShape.parse(topology), Map.of(),
                chip.torus().wraparound()));
    }
}
