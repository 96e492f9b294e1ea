package org.tpusim.trace;

import java.io.IOException;
import java.io.Writer;
import java.util.BitSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tpusim.topology.ChipCoord;

/**
 * Writes a {@link TraceRecorder}'s events as Chrome trace event JSON (the format Perfetto and chrome://tracing
 * open): one process per chip ({@code pid} = chip id), one thread per unit, complete events ({@code "ph":"X"})
 * with {@code ts} and {@code dur} in microseconds of simulated time, rounded to the nanosecond. Batch passes are
 * drawn on a process of their own, named "run", whose pid is the slice's chip count.
 */
public final class ChromeTrace {
    private ChromeTrace() {
    }

    public static void write(TraceRecorder trace, Writer out) throws IOException {
        int runPid = trace.slice().chipCount();
        out.write("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"run\":");
        string(out, trace.runName());
        out.write(",\"time_unit\":\"us of simulated time\",\"dropped_events\":" + trace.dropped()
                + ",\"max_events\":" + trace.selection().maxEvents());
        if (trace.replayedLayers()) {
            out.write(",\"layers\":");
            string(out, "fast detail: each pass simulated one representative layer; the trace replays it as every "
                    + "layer of the model, back to back, so pass times match the report (simulation.detail: full "
                    + "simulates every layer)");
        }
        out.write("},\n\"traceEvents\":[\n");
        boolean[] first = {true};
        TreeMap<Integer, TreeSet<Integer>> units = new TreeMap<>();
        for (TraceRecorder.Event e : trace.events()) {
            units.computeIfAbsent(e.chip(), k -> new TreeSet<>()).add(e.unit());
        }
        BitSet chips = trace.selection().chips();
        for (int c = chips.nextSetBit(0); c >= 0 && c < trace.slice().chipCount(); c = chips.nextSetBit(c + 1)) {
            units.computeIfAbsent(c, k -> new TreeSet<>());
        }
        for (var entry : units.entrySet()) {
            int chip = entry.getKey();
            ChipCoord xyz = trace.slice().coord(chip);
            metadata(out, first, "process_name", chip, 0, "chip " + chip + " (" + xyz.x() + "," + xyz.y() + ","
                    + xyz.z() + ")");
            sortIndex(out, first, "process_sort_index", chip, 0, chip + 1);
            for (int unit : entry.getValue()) {
                metadata(out, first, "thread_name", chip, unit, trace.unitName(unit));
                sortIndex(out, first, "thread_sort_index", chip, unit, unit);
            }
        }
        if (!trace.passes().isEmpty()) {
            metadata(out, first, "process_name", runPid, 0, "run");
            sortIndex(out, first, "process_sort_index", runPid, 0, 0);
            metadata(out, first, "thread_name", runPid, 0, "passes");
            for (TraceRecorder.Pass p : trace.passes()) {
                event(out, first, p.name(), "pass", runPid, 0, p.startNs(), p.endNs(), -1);
            }
        }
        for (TraceRecorder.Event e : trace.events()) {
            event(out, first, e.name(), e.category(), e.chip(), e.unit(), e.startNs(), e.endNs(),
                    e.unit() > TraceRecorder.COLLECTIVES ? e.bytes() : -1);
        }
        servingTracks(trace, out, first, runPid);
        out.write("\n]}\n");
    }

    /**
     * A serving trace: the slice's passes on the run process (thread "slice passes") and one thread per request on
     * a process "requests" (pid = chip count + 1), with its queued, prefill and decode intervals.
     */
    private static void servingTracks(TraceRecorder trace, Writer out, boolean[] first, int runPid)
            throws IOException {
        if (trace.serving().isEmpty()) {
            return;
        }
        int requestsPid = runPid + 1;
        metadata(out, first, "process_name", runPid, 0, "slice");
        sortIndex(out, first, "process_sort_index", runPid, 0, 0);
        metadata(out, first, "thread_name", runPid, 0, "slice passes");
        metadata(out, first, "process_name", requestsPid, 0, "requests");
        sortIndex(out, first, "process_sort_index", requestsPid, 0, 1);
        TreeSet<Integer> requests = new TreeSet<>();
        for (TraceRecorder.ServingSpan s : trace.serving()) {
            if (s.request() >= 0 && requests.add(s.request())) {
                metadata(out, first, "thread_name", requestsPid, s.request() + 1, "request " + s.request());
                sortIndex(out, first, "thread_sort_index", requestsPid, s.request() + 1, s.request() + 1);
            }
        }
        for (TraceRecorder.ServingSpan s : trace.serving()) {
            if (s.request() < 0) {
                event(out, first, s.name(), s.category(), runPid, 0, s.startNs(), s.endNs(), -1);
            } else {
                event(out, first, s.name(), s.category(), requestsPid, s.request() + 1, s.startNs(), s.endNs(), -1);
            }
        }
    }

    private static void event(Writer out, boolean[] first, String name, String cat, int pid, int tid, double startNs,
                              double endNs, long bytes) throws IOException {
        separator(out, first);
        out.write("{\"name\":");
        string(out, name);
        out.write(",\"cat\":");
        string(out, cat);
        out.write(",\"ph\":\"X\",\"pid\":" + pid + ",\"tid\":" + tid + ",\"ts\":" + micros(startNs) + ",\"dur\":"
                + micros(Math.max(0, endNs - startNs)));
        if (bytes >= 0) {
            out.write(",\"args\":{\"bytes\":" + bytes + "}");
        }
        out.write('}');
    }

    private static void metadata(Writer out, boolean[] first, String kind, int pid, int tid, String name)
            throws IOException {
        separator(out, first);
        out.write("{\"name\":\"" + kind + "\",\"ph\":\"M\",\"pid\":" + pid + ",\"tid\":" + tid
                + ",\"args\":{\"name\":");
        string(out, name);
        out.write("}}");
    }

    private static void sortIndex(Writer out, boolean[] first, String kind, int pid, int tid, int index)
            throws IOException {
        separator(out, first);
        out.write("{\"name\":\"" + kind + "\",\"ph\":\"M\",\"pid\":" + pid + ",\"tid\":" + tid
                + ",\"args\":{\"sort_index\":" + index + "}}");
    }

    private static void separator(Writer out, boolean[] first) throws IOException {
        if (first[0]) {
            first[0] = false;
        } else {
            out.write(",\n");
        }
    }

    /** ns as microseconds with three decimals (whole nanoseconds), e.g. 1234.5 ns -> "1.235". */
    static String micros(double ns) {
        long n = Math.round(ns);
        long frac = n % 1000;
        return (n / 1000) + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
    }

    /** A JSON string literal. */
    static void string(Writer out, String s) throws IOException {
        out.write('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.write("\\\"");
                case '\\' -> out.write("\\\\");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                case '\t' -> out.write("\\t");
                default -> {
                    if (ch < 0x20) {
                        out.write(String.format("\\u%04x", (int) ch));
                    } else {
                        out.write(ch);
                    }
                }
            }
        }
        out.write('"');
    }
}
