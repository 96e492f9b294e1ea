package org.tpusim.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.tpusim.figure.Format;

/**
 * Progress of a run on the console: on a terminal a bar redrawn in place ({@code \r}), removed before each
 * scenario's summary; nothing when the output is not a terminal (logs get the summaries only). A single scenario shows
 * nothing (its summary follows at once). A scenario that runs longer than a few seconds shows its heartbeat on a
 * terminal ({@link #heartbeat}): work done, events, elapsed time and an estimate of the time left.
 */
final class Progress {
    private static final int BAR_WIDTH = 30;
    /** A scenario shorter than this shows no heartbeat. */
    static final long SHOW_AFTER_MS = 2000;

    private final PrintWriter out;
    private final boolean terminal;
    private final int total;
    private int lastWidth;

    Progress(PrintWriter out, boolean terminal, int total) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
    }

    /** Whether stdout is a terminal (an interactive console). */
    static boolean stdoutIsTerminal() {
        return System.console() != null;
    }

    /** Scenario {@code index} (from 0) of the run starts. */
    synchronized void starting(int index, String name) {
        if (total < 2) {
            return;
        }
        if (!terminal) {
            return;   // logs and pipes get each scenario's summary as it finishes, nothing in between
        }
        int filled = BAR_WIDTH * index / total;
        String line = String.format(Locale.ROOT, "[%s%s] %d/%d running %s", "#".repeat(filled),
                "-".repeat(BAR_WIDTH - filled), index, total, name);
        out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        lastWidth = line.length();
        out.flush();
    }

    /**
     * A heartbeat of scenario {@code name}, started at {@code startNanos}: on a terminal, once the scenario has run
     * for {@value #SHOW_AFTER_MS} ms, one line redrawn in place with the work done, the events and, when the work
     * has a known total, an estimate of the time left; nothing otherwise.
     */
    synchronized void heartbeat(String name, long startNanos, long events, long done, long total, String unit) {
        long elapsedNanos = System.nanoTime() - startNanos;
        if (!terminal || elapsedNanos < SHOW_AFTER_MS * 1_000_000L) {
            return;
        }
        double elapsedS = elapsedNanos / 1e9;
        StringBuilder line = new StringBuilder(name).append(": ");
        if (total > 0) {
            line.append(String.format(Locale.ROOT, "%s %d/%d, ", unit, done, total));
        } else if (done > 0) {
            line.append(String.format(Locale.ROOT, "%d %s, ", done, unit));
        }
        line.append(Format.decimal(events, "").trim()).append(" events, ").append(Format.seconds(elapsedS));
        if (total > 0 && done > 0 && done < total) {
            line.append(", about ").append(Format.seconds(elapsedS * (total - done) / done)).append(" left");
        }
        String text = line.toString();
        out.print("\r" + text + " ".repeat(Math.max(0, lastWidth - text.length())));
        lastWidth = text.length();
        out.flush();
    }

    /** Clears the bar so that other output starts on a clean line. */
    synchronized void clear() {
        if (terminal && lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            out.flush();
            lastWidth = 0;
        }
    }
}
