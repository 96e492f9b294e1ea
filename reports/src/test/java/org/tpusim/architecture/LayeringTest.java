package org.tpusim.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture's two rules, checked on the sources of every module:
 * dependencies point one way (topology <- simulator <- reports), and only the engine adapter package
 * {@code org.tpusim.engine} touches DSOL ({@code nl.tudelft.simulation}).
 */
class LayeringTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern REFERENCE = Pattern.compile("\\b(org\\.tpusim\\.[a-z]+|nl\\.tudelft\\.simulation)\\b");

    /** The top-level packages each module owns. */
    private static final List<String> TOPOLOGY = List.of("org.tpusim.topology");
    private static final List<String> REPORTS = List.of("org.tpusim.report", "org.tpusim.cli");

    @Test
    void topologyUsesNothingElseOfTpusimAndNoEngine() throws IOException {
        for (SourceRef r : references("topology")) {
            assertTrue(TOPOLOGY.contains(r.target()),
                    r + ": topology is pure geometry and may not depend on " + r.target());
        }
    }

    @Test
    void simulatorDoesNotDependOnReports() throws IOException {
        for (SourceRef r : references("simulator")) {
            assertTrue(!REPORTS.contains(r.target()), r + ": simulator may not depend on the reports module");
        }
    }

    @Test
    void onlyTheEnginePackageImportsDsol() throws IOException {
        List<SourceRef> all = new ArrayList<>();
        for (String module : List.of("topology", "simulator", "reports")) {
            all.addAll(references(module));
        }
        int engineUses = 0;
        for (SourceRef r : all) {
            if (r.target().equals("nl.tudelft.simulation")) {
                assertTrue(r.file().toString().replace('\\', '/').contains("/main/java/org/tpusim/engine/"),
                        r + ": only org.tpusim.engine may use DSOL");
                engineUses++;
            }
        }
        assertTrue(engineUses > 0, "the scan found no DSOL use at all: the check would be vacuous");
    }

    @Test
    void theScanSeesEveryModule() throws IOException {
        for (String module : List.of("topology", "simulator", "reports")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                assertTrue(files.filter(p -> p.toString().endsWith(".java")).count() > 3,
                        "no sources found under " + module);
            }
        }
        assertTrue(references("simulator").stream().anyMatch(r -> r.target().equals("org.tpusim.topology")),
                "the scan must see simulator's use of topology");
    }

    record SourceRef(Path file, int line, String target) {
        @Override
        public String toString() {
            return ROOT.relativize(file) + ":" + line;
        }
    }

    /** Every reference to a tpusim package or to DSOL in a module's main sources (imports and qualified names). */
    private static List<SourceRef> references(String module) throws IOException {
        Path src = ROOT.resolve(module).resolve("src/main/java");
        List<SourceRef> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.startsWith("package ")) {
                        continue;
                    }
                    Matcher m = REFERENCE.matcher(line);
                    while (m.find()) {
                        out.add(new SourceRef(f, i + 1, m.group(1)));
                    }
                }
            }
        }
        return out;
    }
}
