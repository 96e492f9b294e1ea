package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Multi-scenario runs show progress. */
class ProgressTest {
    @Test
    void progressIsQuietWhenNotATerminal() {
        StringWriter s = new StringWriter();
        Progress p = new Progress(new PrintWriter(s), false, 3);
        p.starting(0, "a");
        p.heartbeat("a", System.nanoTime() - 10_000_000_000L, 5_000_000, 10, 40, "pass");
        p.clear();
        p.starting(1, "b");
        assertEquals("", s.toString());
    }

    @Test
    void aLongRunShowsItsWorkEventsAndTheTimeLeftOnATerminal() {
        StringWriter s = new StringWriter();
        Progress p = new Progress(new PrintWriter(s), true, 1);
        // 10 of 40 passes in 10 s: 30 left at 1 s each
        p.heartbeat("big", System.nanoTime() - 10_000_000_000L, 5_000_000, 10, 40, "pass");
        assertTrue(s.toString().matches("\\rbig: pass 10/40, 5\\.000 M events, 10\\.\\d\\d s, about 30\\.\\d\\d s left"),
                s.toString());
    }

    @Test
    void aShortRunShowsNoHeartbeat() {
        StringWriter s = new StringWriter();
        Progress p = new Progress(new PrintWriter(s), true, 1);
        p.heartbeat("quick", System.nanoTime(), 1000, 1, 2, "pass");
        assertEquals("", s.toString());
    }

    @Test
    void progressIsABarRedrawnInPlaceOnATerminal() {
        StringWriter s = new StringWriter();
        Progress p = new Progress(new PrintWriter(s), true, 2);
        p.starting(1, "second");
        String bar = "[" + "#".repeat(15) + "-".repeat(15) + "] 1/2 running second";
        assertEquals("\r" + bar, s.toString());
        p.clear();
        assertTrue(s.toString().endsWith("\r" + " ".repeat(bar.length()) + "\r"), "cleared before other output");
    }

    @Test
    void aSingleScenarioShowsNoProgress() {
        StringWriter s = new StringWriter();
        new Progress(new PrintWriter(s), false, 1).starting(0, "only");
        assertEquals("", s.toString());
    }
}
