package org.tpusim.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tpusim.input.InputException;

class OutputDirTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {".", "..", ".hidden", "a/b", "../x", "/abs", "A", "a b", "index.html", "validation",
            "compare", "", "-x", "_x", "a\u0000b", "a\nb", "\u00e9t\u00e9"})
    void namesThatAreNotOneSafeSegmentAreRejected(String name) {
        assertTrue(OutputName.problem(name).isPresent(), name);
    }

    @Test
    void nameLengthLimitLeavesRoomForTheTemporarySuffix() {
        assertTrue(OutputName.problem("a".repeat(OutputName.MAX_LENGTH)).isEmpty());
        assertTrue(OutputName.problem("a".repeat(OutputName.MAX_LENGTH + 1)).isPresent());
        // ".<name>.tmp-<12 hex>" and ".<name>.old-<12 hex>" must fit a 255-byte file name
        assertTrue(1 + OutputName.MAX_LENGTH + ".tmp-".length() + 12 <= 255);
    }

    @ParameterizedTest
    @ValueSource(strings = {"palm540b-int8", "a", "0", "x.y_z-1", "tabled2-palm-b8"})
    void ordinaryNamesAreAccepted(String name) {
        assertTrue(OutputName.problem(name).isEmpty(), name);
    }

    @Test
    void folderRefusesAnyNameThatLeavesTheOutputFolder() {
        OutputDir out = new OutputDir(tmp.resolve("out"));
        for (String bad : List.of("..", ".", "../escaped", "/etc")) {
            assertThrows(InputException.class, () -> out.folder(bad), bad);
        }
        assertEquals(tmp.resolve("out/ok").toAbsolutePath(), out.folder("ok"));
    }

    @Test
    void replaceWritesAWholeFolderWithItsManifest() throws IOException {
        OutputDir out = new OutputDir(tmp.resolve("out"));
        Path f = out.replaceFolder("s", OutputDir.Kind.SCENARIO, w -> {
            w.write("results.json", "{}");
            w.write("report.html", "<html>");
        });
        assertEquals(Set.of("results.json", "report.html", OutputDir.MANIFEST), names(f));
        assertEquals("tpusim-output 1\nkind scenario\nfile report.html\nfile results.json\n",
                Files.readString(f.resolve(OutputDir.MANIFEST)));
        assertEquals(Set.of("s", OutputDir.LOCK), names(out.root()), "no temporary folder left");
    }

    @Test
    void replaceSwapsTheOldFolderOutAndRemovesOnlyItsListedFiles() throws IOException {
        OutputDir out = new OutputDir(tmp.resolve("out"));
        out.replaceFolder("s", OutputDir.Kind.SCENARIO, w -> {
            w.write("results.json", "1");
            w.write("trace.json", "t");
        });
        Path f = out.replaceFolder("s", OutputDir.Kind.SCENARIO, w -> w.write("results.json", "2"));
        assertEquals("2", Files.readString(f.resolve("results.json")));
        assertEquals(Set.of("results.json", OutputDir.MANIFEST), names(f), "the old trace.json went with the old");
        assertEquals(Set.of("s", OutputDir.LOCK), names(out.root()));
    }

    @Test
    void aFolderTpusimDidNotMakeIsNeverReplacedOrRemoved() throws IOException {
        Path root = tmp.resolve("out");
        Files.createDirectories(root.resolve("s"));
        Files.writeString(root.resolve("s/precious.txt"), "keep");
        OutputDir out = new OutputDir(root);
        InputException e = assertThrows(InputException.class, () -> out.checkFolder("s", OutputDir.Kind.SCENARIO));
        assertTrue(e.getMessage().contains("was not written by tpusim"), e.getMessage());
        assertThrows(InputException.class, () -> out.replaceFolder("s", OutputDir.Kind.SCENARIO,
                w -> w.write("results.json", "x")));
        assertEquals("keep", Files.readString(root.resolve("s/precious.txt")));
        assertEquals(Set.of("precious.txt"), names(root.resolve("s")));
        assertFalse(Files.list(root).anyMatch(p -> p.getFileName().toString().contains(".tmp-")),
                "the staging folder was removed");
    }

    @Test
    void aSymbolicLinkIsNeitherFollowedNorRemoved() throws IOException {
        Path root = tmp.resolve("out");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("results.json"), "outside");
        Files.createDirectories(root);
        Files.createSymbolicLink(root.resolve("s"), outside);
        OutputDir out = new OutputDir(root);
        assertThrows(InputException.class, () -> out.replaceFolder("s", OutputDir.Kind.SCENARIO,
                w -> w.write("results.json", "x")));
        assertEquals("outside", Files.readString(outside.resolve("results.json")));
        assertTrue(Files.isSymbolicLink(root.resolve("s")));
    }

    @Test
    void aFolderOfAnotherKindIsNotReplaced() {
        OutputDir out = new OutputDir(tmp.resolve("out"));
        out.openFolder("s", OutputDir.Kind.SWEEP).write("points.jsonl", "{}\n");
        InputException e = assertThrows(InputException.class, () -> out.checkFolder("s", OutputDir.Kind.SCENARIO));
        assertTrue(e.getMessage().contains("holds the results of a sweep"), e.getMessage());
    }

    @Test
    void aFolderOfAnEarlierTpusimWithoutManifestIsRecognisedByItsFileNames() throws IOException {
        Path root = tmp.resolve("out");
        Files.createDirectories(root.resolve("s"));
        Files.writeString(root.resolve("s/results.json"), "old");
        Files.writeString(root.resolve("s/report.html"), "old");
        OutputDir out = new OutputDir(root);
        out.checkFolder("s", OutputDir.Kind.SCENARIO);
        Path f = out.replaceFolder("s", OutputDir.Kind.SCENARIO, w -> w.write("results.json", "new"));
        assertEquals(Set.of("results.json", OutputDir.MANIFEST), names(f));
    }

    @Test
    void indexHtmlOfSomebodyElseIsNotOverwritten() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(root.resolve("index.html"), "<title>my site</title>");
        OutputDir out = new OutputDir(root);
        assertThrows(InputException.class, out::checkRoot);
        assertThrows(InputException.class, () -> out.writeTopFile("index.html", "x"));
        assertEquals("<title>my site</title>", Files.readString(root.resolve("index.html")));
        Path other = Files.createDirectories(tmp.resolve("out2"));
        OutputDir out2 = new OutputDir(other);
        out2.writeTopFile("index.html", "a");
        out2.writeTopFile("index.html", "b");
        assertEquals("b", Files.readString(other.resolve("index.html")));
    }

    @Test
    void filesAndFoldersFollowTheUmaskNotOwnerOnly() throws IOException {
        OutputDir out = new OutputDir(tmp.resolve("out"));
        Path f = out.replaceFolder("s", OutputDir.Kind.SCENARIO, w -> w.write("results.json", "x"));
        Path index = out.writeTopFile("index.html", "x");
        // the JVM's umask is unknown here: compare with a file and a folder created the ordinary way
        Set<PosixFilePermission> fileDefault = Files.getPosixFilePermissions(Files.createFile(tmp.resolve("plain")));
        Set<PosixFilePermission> dirDefault = Files.getPosixFilePermissions(Files.createDirectory(tmp.resolve("d")));
        assertEquals(fileDefault, Files.getPosixFilePermissions(f.resolve("results.json")));
        assertEquals(fileDefault, Files.getPosixFilePermissions(index));
        assertEquals(dirDefault, Files.getPosixFilePermissions(f));
    }

    @Test
    void concurrentReplacementsOfOneFolderAllSucceedAndLeaveOneWholeFolder() throws Exception {
        OutputDir out = new OutputDir(tmp.resolve("out"));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Path>> futures = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            String text = "run " + i;
            futures.add(pool.submit(() -> out.replaceFolder("s", OutputDir.Kind.SCENARIO, w -> {
                w.write("results.json", text);
                w.write("report.html", text);
            })));
        }
        for (Future<Path> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        Path f = out.root().resolve("s");
        assertEquals(Files.readString(f.resolve("results.json")), Files.readString(f.resolve("report.html")),
                "both files come from the same run");
        assertEquals(Set.of("s", OutputDir.LOCK), names(out.root()));
    }

    @Test
    void concurrentProcessesReplacingOneFolderAllSucceed() throws Exception {
        Path root = tmp.resolve("out");
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            procs.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), ConcurrentWriter.class.getName(), root.toString(),
                    "p" + i).redirectErrorStream(true).start());
        }
        for (Process p : procs) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), log);
        }
        Path f = root.resolve("s");
        assertEquals(Files.readString(f.resolve("results.json")), Files.readString(f.resolve("report.html")));
        assertEquals(Set.of("s", OutputDir.LOCK), names(root));
    }

    /** One process of {@link #concurrentProcessesReplacingOneFolderAllSucceed}. */
    public static final class ConcurrentWriter {
        public static void main(String[] args) {
            OutputDir out = new OutputDir(Path.of(args[0]));
            for (int i = 0; i < 25; i++) {
                String text = args[1] + " " + i;
                out.replaceFolder("s", OutputDir.Kind.SCENARIO, w -> {
                    w.write("results.json", text);
                    w.write("report.html", text);
                });
            }
        }
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }
}
