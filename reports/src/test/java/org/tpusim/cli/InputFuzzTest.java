package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the generated corpus of bad inputs ({@link FuzzCorpus}) through the command line in-process and holds
 * the contract of exit code 2 (README "Commands"): exit 2, one message on stderr naming the file, line and key
 * (a bad flag: one line and a one-line hint), no stack trace, nothing written under --out, and every case
 * done within 60 s. The default build runs {@link #quickSubset}; {@code mvn -B verify -Pfuzz} runs
 * {@link #wholeCorpus} (over 1,000 cases).
 */
class InputFuzzTest {
    private static final Duration TIME_BOUND = Duration.ofSeconds(60);
    private static final Pattern KEYED = Pattern.compile("tpusim: (?<file>.+?):(?<line>[1-9]\\d*): (?<key>[^\\s:]+): "
            + "(?<problem>\\S.*)");
    private static final Pattern FILE_LINE = Pattern.compile("tpusim: (?<file>.+?):(?<line>[1-9]\\d*): (?<problem>\\S.*)");
    private static final Pattern FILE = Pattern.compile("tpusim: (?<file>.+?): (?<problem>\\S.*)");
    private static final Pattern FLAG = Pattern.compile("tpusim: \\S.*");
    private static final Pattern HINT = Pattern.compile("tpusim: see 'tpusim( \\w+)? --help' for usage");

    @TempDir
    Path tmp;

    @Test
    void corpusIsLargeAndDeterministic() {
        List<FuzzCorpus.Case> a = FuzzCorpus.all();
        List<FuzzCorpus.Case> b = FuzzCorpus.all();
        assertTrue(a.size() >= 1000, "corpus size " + a.size());
        assertEquals(a.stream().map(FuzzCorpus.Case::label).toList(), b.stream().map(FuzzCorpus.Case::label).toList());
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> duplicates = a.stream().map(FuzzCorpus.Case::label).filter(l -> !seen.add(l)).toList();
        assertEquals(List.of(), duplicates, "labels are unique");
        int quick = FuzzCorpus.quick().size();
        assertTrue(quick >= 60 && quick <= 100, "quick subset " + quick);
    }

    @TestFactory
    Stream<DynamicTest> quickSubset() {
        return tests(FuzzCorpus.quick());
    }

    @Tag("fuzz")
    @TestFactory
    Stream<DynamicTest> wholeCorpus() {
        return tests(FuzzCorpus.all());
    }

    private Stream<DynamicTest> tests(List<FuzzCorpus.Case> cases) {
        List<DynamicTest> out = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            FuzzCorpus.Case c = cases.get(i);
            int n = i;
            out.add(DynamicTest.dynamicTest(n + " " + c.label(), () -> check(c, tmp.resolve("case-" + n))));
        }
        return out.stream();
    }

    static void check(FuzzCorpus.Case c, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> f : c.files().entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        Path out = dir.resolve("out");
        String[] args = c.args().stream().map(a -> a.replace("{dir}", dir.toString()).replace("{out}", out.toString()))
                .toArray(String[]::new);
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        int code = assertTimeoutPreemptively(TIME_BOUND,
                () -> TpusimCommand.execute(new PrintWriter(so), new PrintWriter(se), args), c.label());
        String err = se.toString();
        String why = c.label() + "\nexit " + code + "\nstderr:\n" + err + "stdout:\n" + abbreviate(so.toString());
        assertEquals(TpusimCommand.INVALID_INPUT, code, why);
        assertFalse(err.contains("Exception") || err.contains("\tat ") || err.contains("caused by"), why);
        assertFalse(Files.exists(out), "nothing may be written under --out: " + why);
        List<String> lines = err.strip().lines().toList();
        if (c.expect() == FuzzCorpus.Expect.FLAG) {
            assertTrue(lines.size() == 1 || lines.size() == 2, "one line and at most a hint: " + why);
            assertTrue(FLAG.matcher(lines.get(0)).matches(), why);
            if (lines.size() == 2) {
                assertTrue(HINT.matcher(lines.get(1)).matches(), why);
            }
            return;
        }
        assertEquals(1, lines.size(), "one line: " + why);
        String line = lines.get(0);
        String file = c.file() == null ? null : c.file().startsWith("/") ? c.file()
                : c.file().replace("{dir}", dir.toString()).startsWith(dir.toString()) ? c.file().replace("{dir}",
                dir.toString()) : dir.resolve(c.file()).toString();
        switch (c.expect()) {
            case KEYED -> {
                Matcher m = KEYED.matcher(line);
                assertTrue(m.matches(), "file:line: key: problem expected: " + why);
                assertEquals(file, m.group("file"), why);
                String key = m.group("key");
                int ln = Integer.parseInt(m.group("line"));
                assertTrue(related(key, c.key()), "key " + key + " is not " + c.key() + " or its parent or child: "
                        + why);
                if (key.equals(c.key())) {
                    assertEquals(c.line(), ln, "line of " + key + ": " + why);
                }
            }
            case FILE_LINE -> {
                Matcher m = FILE_LINE.matcher(line);
                assertTrue(m.matches(), "file:line: problem expected: " + why);
                assertEquals(file, m.group("file"), why);
                if (c.line() > 0) {
                    assertEquals(c.line(), Integer.parseInt(m.group("line")), why);
                }
            }
            case FILE -> {
                Matcher m = FILE.matcher(line);
                assertTrue(m.matches(), "file: problem expected: " + why);
                assertEquals(file, m.group("file"), why);
            }
            default -> fail("unexpected kind " + c.expect());
        }
    }

    /** The same key path, or one the ancestor of the other (a value checked with its siblings, a missing child). */
    static boolean related(String actual, String expected) {
        return actual.equals(expected) || actual.startsWith(expected + ".") || actual.startsWith(expected + "[")
                || expected.startsWith(actual + ".") || expected.startsWith(actual + "[");
    }

    private static String abbreviate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }
}
