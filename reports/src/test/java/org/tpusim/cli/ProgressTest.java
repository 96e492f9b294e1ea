package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Multi-scenario runs show progress. */
class ProgressTest {
    @Test
    void progressIsOneLinePerScenarioWhenNotATerminal() {
        StringWriter s = new StringWriter();
        Progress p = new Progress(new PrintWriter(s), false, 3);
        p.starting(0, "a");
        p.clear();
        p.starting(1, "b");
        assertEquals("[1/3] running a\n[2/3] running b\n", s.toString().replace("\r\n", "\n"));
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
