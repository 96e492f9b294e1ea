package org.tpusim.report;

import java.util.Locale;
import org.tpusim.result.TraceResult;

/** {@code requests.csv} of a trace run: one row per request, times in s from the start, durations in ms. */
public final class RequestsCsv {
    public static final String HEADER = "id,line,arrival_s,input_tokens,cached_tokens,output_tokens,prefill_start_s,"
            + "first_token_s,completion_s,queueing_ms,ttft_ms,tpot_ms,e2e_ms,max_itl_ms";

    private RequestsCsv() {
    }

    public static String write(TraceResult t) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (TraceResult.RequestRow r : t.requests()) {
            b.append(String.format(Locale.ROOT, "%d,%d,%.9f,%d,%d,%d,%.9f,%.9f,%.9f,%.6f,%.6f,%s,%.6f,%.6f%n", r.id(),
                    r.line(), r.arrivalS(), r.inputTokens(), r.cachedTokens(), r.outputTokens(), r.prefillStartS(),
                    r.firstTokenS(), r.completionS(), r.queueingMs(), r.ttftMs(),
                    r.tpotMs() == null ? "" : String.format(Locale.ROOT, "%.6f", r.tpotMs()), r.e2eMs(), r.maxItlMs()));
        }
        return b.toString();
    }
}
