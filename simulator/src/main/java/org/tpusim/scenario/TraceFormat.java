package org.tpusim.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tpusim.keys.Keyed;

/**
 * Column conventions a trace file may use, recognised from its header row (other columns are ignored).
 * Arrival columns are seconds from the start of the trace, except Azure's, which are date-times
 * ({@code 2023-11-16 18:15:46.6805900}, read as UTC) counted from the first row's.
 */
public enum TraceFormat implements Keyed {
    /**
     * Ours: {@code arrival_s,input_tokens,output_tokens[,cached_tokens][,prefix_id,prefix_tokens]} (a row's prompt
     * starts with shared prefix {@code prefix_id} of {@code prefix_tokens} tokens; both empty for none).
     */
    TPUSIM("tpusim", "arrival_s", "input_tokens", "output_tokens", "cached_tokens"),
    /** Vidur-style (microsoft/vidur request traces): {@code arrived_at,num_prefill_tokens,num_decode_tokens}. */
    VIDUR("vidur", "arrived_at", "num_prefill_tokens", "num_decode_tokens", null),
    /** Azure LLM inference trace style: {@code TIMESTAMP,ContextTokens,GeneratedTokens}. */
    AZURE("azure", "TIMESTAMP", "ContextTokens", "GeneratedTokens", null);

    private final String key;
    private final String arrival;
    private final String input;
    private final String output;
    private final String cached;

    TraceFormat(String key, String arrival, String input, String output, String cached) {
        this.key = key;
        this.arrival = arrival;
        this.input = input;
        this.output = output;
        this.cached = cached;
    }

    @Override
    public String key() {
        return key;
    }

    String arrivalColumn() {
        return arrival;
    }

    String inputColumn() {
        return input;
    }

    String outputColumn() {
        return output;
    }

    /** The optional cached-history column, if the format has one. */
    Optional<String> cachedColumn() {
        return Optional.ofNullable(cached);
    }

    boolean dateTimeArrivals() {
        return this == AZURE;
    }

    /** The format whose three required columns all appear in {@code header}. */
    static Optional<TraceFormat> recognise(List<String> header) {
        return Arrays.stream(values())
                .filter(f -> header.contains(f.arrival) && header.contains(f.input) && header.contains(f.output))
                .findFirst();
    }

    static String describeAll() {
        return Arrays.stream(values()).map(f -> f.arrival + "," + f.input + "," + f.output)
                .collect(Collectors.joining(" | "));
    }
}
