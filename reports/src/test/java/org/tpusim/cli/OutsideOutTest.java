package org.tpusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data-loss guard: scenario, sweep and search names that would leave the output folder ({@code ..}, {@code .},
 * {@code ../../escaped}, absolute paths) are refused with exit 2 before anything runs, and the whole scratch tree,
 * output folder included, is byte-for-byte what it was (file list and SHA-256 of every file). Each run is a real
 * {@code tpusim} process started in the scratch tree with the default {@code --out out}, as a user would.
 */
class OutsideOutTest {
    private static final String TRANSFER = """
            system: {chip: tpu-v4, topology: 2x2x2}
            workload: {kind: transfer, from: [0, 0, 0], to: [1, 1, 1], bytes: 1MiB}
            """;
    private static final String SWEEP = """
            system: {chip: tpu-v4, topology: 2x2x2}
            model: {preset: palm-8b}
            layout: {prefill: auto, decode: {ffn: ws-2d, attention: head}}
            workload: {kind: batch, batch: 1, input_tokens: 0, cached_tokens: 16, output_tokens: 1}
            sweep:
              workload.batch: [1, 2]
            """;
    private static final String BATCH = """
            system: {chip: tpu-v4, topology: 2x2x2}
            model: {preset: palm-8b}
            workload: {kind: batch, batch: 1, input_tokens: 0, cached_tokens: 16, output_tokens: 1}
            """;

    @TempDir
    Path tmp;

    Path tree;

    /** A scratch copy of a project tree with an earlier result in {@code out/}. */
    @BeforeEach
    void scratchTree() throws IOException {
        tree = Files.createDirectories(tmp.resolve("tree"));
        Files.createDirectories(tree.resolve(".git/objects"));
        Files.writeString(tree.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(tree.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(tree.resolve("simulator/src"));
        Files.writeString(tree.resolve("simulator/src/A.java"), "class A {}\n");
        Files.copy(Path.of("../scenarios/interconnect/transfer-64mib.yaml"), tree.resolve("transfer-64mib.yaml"));
        assertEquals(0, RunCommandTest.tpusim("run", tree.resolve("transfer-64mib.yaml").toString(), "--out",
                tree.resolve("out").toString()).code(), "an earlier result in out/");
        assertTrue(Files.exists(tree.resolve("out/transfer-64mib/results.json")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "../../escaped", "/tmp/escaped", "transfer-64mib/..", ".git", "index.html"})
    void runRefusesANameThatLeavesOrClobbersTheOutputFolder(String name) throws Exception {
        Files.writeString(tree.resolve("bad.yaml"), "name: '" + name + "'\n" + TRANSFER);
        Map<String, String> before = hashes(tree);
        Result r = tpusim(tree, "run", "bad.yaml");
        assertEquals(2, r.code, r.output);
        assertTrue(r.output.contains("bad.yaml:1: name: "), r.output);
        assertEquals(before, hashes(tree));
    }

    @Test
    void aBadNameInTheSecondFileStopsBeforeTheFirstRuns() throws Exception {
        Files.writeString(tree.resolve("good.yaml"), "name: good\n" + TRANSFER);
        Files.writeString(tree.resolve("bad.yaml"), "name: ..\n" + TRANSFER);
        Map<String, String> before = hashes(tree);
        Result r = tpusim(tree, "run", "good.yaml", "bad.yaml");
        assertEquals(2, r.code, r.output);
        assertEquals(before, hashes(tree), "good.yaml did not run either");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "../../escaped", "/tmp/escaped-sweep", "validation"})
    void sweepRefusesANameThatLeavesTheOutputFolder(String name) throws Exception {
        Files.writeString(tree.resolve("sweep.yaml"), "name: '" + name + "'\n" + SWEEP);
        Map<String, String> before = hashes(tree);
        Result r = tpusim(tree, "sweep", "sweep.yaml");
        assertEquals(2, r.code, r.output);
        assertTrue(r.output.contains("sweep.yaml:1: name: "), r.output);
        assertEquals(before, hashes(tree));
        assertTrue(Files.notExists(Path.of("/tmp/escaped-sweep")));
    }

    @Test
    void searchRefusesANameThatLeavesTheOutputFolder() throws Exception {
        Files.writeString(tree.resolve("s.yaml"), "name: ..\n" + BATCH);
        Map<String, String> before = hashes(tree);
        Result r = tpusim(tree, "search", "s.yaml", "--out", "out", "--simulate", "0");
        assertEquals(2, r.code, r.output);
        assertEquals(before, hashes(tree));
    }

    @Test
    void aFolderInOutThatTpusimDidNotWriteIsLeftAlone() throws Exception {
        Files.createDirectories(tree.resolve("out/mine"));
        Files.writeString(tree.resolve("out/mine/notes.txt"), "keep\n");
        Files.writeString(tree.resolve("mine.yaml"), "name: mine\n" + TRANSFER);
        Map<String, String> before = hashes(tree);
        Result r = tpusim(tree, "run", "mine.yaml");
        assertEquals(2, r.code, r.output);
        assertTrue(r.output.contains("was not written by tpusim"), r.output);
        assertEquals(before, hashes(tree));
    }

    private record Result(int code, String output) {
    }

    /** Runs the tpusim command line in its own JVM with {@code dir} as the working directory. */
    private static Result tpusim(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TpusimCommand.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tpusim " + String.join(" ", args) + " did not end");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Every file under {@code root} (hidden ones included) with its SHA-256; folders with a marker. */
    private static Map<String, String> hashes(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String rel = root.relativize(p).toString();
                m.put(rel, Files.isDirectory(p) ? "dir" : sha256(Files.readAllBytes(p)));
            }
        }
        return m;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
