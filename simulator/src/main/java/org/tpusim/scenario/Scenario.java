package org.tpusim.scenario;

import java.util.Optional;
import org.tpusim.collective.MultiAxis;
import org.tpusim.execution.Overlap;
import org.tpusim.hardware.ChipSpec;
import org.tpusim.interconnect.NetworkModel;
import org.tpusim.model.ModelConfig;
import org.tpusim.topology.Slice;

/**
 * A validated scenario: what to simulate (system and workload) and how (simulation settings).
 *
 * @param source      the file it was read from, as the user named it
 * @param name        names the output folder; matches {@code [a-z0-9._-]+}
 * @param description free text, may be empty
 * @param seed        seed of every random stream of the run (echoed in the results)
 * @param system      chip type with overrides applied, and the slice
 * @param simulation  engine-level settings (chunk size, detail)
 * @param model       the Transformer served (kind batch), with weight and KV-cache dtypes
 * @param execution   how chips run the program: overlap of communication with computation and the
 *                    decomposition of multi-axis collectives ({@code execution:})
 * @param workload    what runs on the system
 * @param reference   published figures to compare with ({@code reference:}), if any
 */
public record Scenario(String source, String name, String description, long seed, SystemConfig system,
                       SimulationSettings simulation, Optional<ModelConfig> model, Execution execution,
                       Workload workload, Optional<Reference> reference) {

    /** How communication overlaps computation ({@code execution.overlap}). */
    public Overlap overlap() {
        return execution.overlap();
    }

    /**
     * Program execution choices ({@code execution:}).
     *
     * @param overlap   {@code overlap}: none, async, collective-einsum (default)
     * @param multiAxis {@code multi_axis}: how program collectives over several axes run; flat-ring (default, the
     *                  calibrated choice: one ring through the group, and Looped CollectiveEinsum loops walk it step
     *                  by step), concurrent or sequential (per-axis phases; loops run per-axis collective chunks)
     */
    public record Execution(Overlap overlap, MultiAxis multiAxis) {
        /** Collective-einsum overlap over flat rings: the calibrated TPU v4 execution (docs/calibration.md). */
        public static final Execution DEFAULT = new Execution(Overlap.COLLECTIVE_EINSUM, MultiAxis.FLAT_RING);
    }

    /** The hardware: a chip type (overrides applied) and a slice of such chips. */
    public record SystemConfig(ChipSpec chip, Slice slice) {
    }

    /**
     * Simulation granularity, not physics.
     *
     * @param chunkBytes the largest piece of a message moved as one unit over a link; smaller chunks
     *                   interleave contending streams more finely and cost more events
     * @param fullDetail simulate every layer of every step and every chip's core ({@code detail: full});
     *                   otherwise one representative layer per step and one core for all chips
     *                   ({@code detail: fast}, the default), which the tests hold to within 1% of full detail
     * @param network    how collectives are simulated over the links ({@code network: chunk | symmetric | auto},
     *                   default auto; see {@link NetworkModel})
     */
    public record SimulationSettings(long chunkBytes, boolean fullDetail, NetworkModel network) {
        /** 256 KiB: about 5.8 us on a 45 GB/s TPU v4 link, fine against the microsecond latencies. */
        public static final long DEFAULT_CHUNK_BYTES = 256 * 1024;

        public SimulationSettings(long chunkBytes, boolean fullDetail) {
            this(chunkBytes, fullDetail, NetworkModel.AUTO);
        }

        /** The same settings with another network model. */
        public SimulationSettings withNetwork(NetworkModel model) {
            return new SimulationSettings(chunkBytes, fullDetail, model);
        }
    }
}
