package org.tpusim.scenario;

import com.google.common.collect.ImmutableList;

/**
 * Published figures a scenario should reproduce (the {@code reference:} block), e.g. the paper's measured
 * latency for the same configuration. {@code ./tpusim validate} compares them with the simulation.
 *
 * @param source  where the figures come from (table, figure, section)
 * @param note    assumptions made to express the configuration, may be empty
 * @param figures the figures, each a result key (such as {@code decode_per_token_ms} or
 *                {@code mfu.prefill}) and its published value in that key's unit
 */
public record Reference(String source, String note, ImmutableList<Figure> figures) {

    /** One published figure. */
    public record Figure(String key, double value) {
    }
}
