package org.tpusim.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a multi-scenario run on the console: on a terminal a bar redrawn in place ({@code \r}), removed
 * before each scenario's summary; otherwise one plain line per scenario as it starts. A single scenario shows
 * nothing (its summary follows at once).
 */
final class Progress {
    private static final int BAR_WIDTH = 30;

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
    void starting(int index, String name) {
        if (total < 2) {
            return;
        }
        if (terminal) {
            int filled = BAR_WIDTH * index / total;
            String line = String.format(Locale.ROOT, "[%s%s] %d/%d running %s", "#".repeat(filled),
                    "-".repeat(BAR_WIDTH - filled), index, total, name);
            out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
        } else {
            out.printf(Locale.ROOT, "[%d/%d] running %s%n", index + 1, total, name);
        }
        out.flush();
    }

    /** Clears the bar so that other output starts on a clean line. */
    void clear() {
        if (terminal && lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            out.flush();
            lastWidth = 0;
        }
    }
}
