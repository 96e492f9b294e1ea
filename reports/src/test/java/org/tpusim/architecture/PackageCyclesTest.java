package org.tpusim.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two rules checked on the compiled classes of every module ({@code target/classes}, read from the constant
 * pool, so imports, fully qualified names and same-package-free references all count): the packages inside a
 * module form no cycle, and the domain packages are plain Java that never see the input machinery, the
 * scenario layer or Jackson.
 */
class PackageCyclesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> MODULES = List.of("topology", "simulator", "reports");

    /** Domain packages: buildable from Java alone. */
    static final List<String> DOMAIN = List.of("org.tpusim.hardware", "org.tpusim.model", "org.tpusim.layout",
            "org.tpusim.workload", "org.tpusim.memory", "org.tpusim.analytical", "org.tpusim.cost",
            "org.tpusim.moe", "org.tpusim.program", "org.tpusim.execution", "org.tpusim.collective", "org.tpusim.interconnect");
    /** What domain packages may not refer to (packages and their sub-packages). */
    static final List<String> FORBIDDEN_IN_DOMAIN = List.of("org.tpusim.input", "org.tpusim.scenario",
            "com.fasterxml.jackson");

    @ParameterizedTest
    @ValueSource(strings = {"topology", "simulator", "reports"})
    void packagesInsideAModuleFormNoCycle(String module) throws IOException {
        PackageGraph g = graphOf(module);
        List<String> cycles = g.describeCycles();
        assertTrue(cycles.isEmpty(), module + " has package cycles:\n  " + String.join("\n  ", cycles));
    }

    @Test
    void domainPackagesDoNotReferToInputScenarioOrJackson() throws IOException {
        List<String> violations = new ArrayList<>();
        int domainClasses = 0;
        for (ClassFiles.ClassFile c : ClassFiles.readAll(classesDir("simulator"))) {
            if (!within(c.packageName(), DOMAIN)) {
                continue;
            }
            domainClasses++;
            for (String r : c.references()) {
                if (within(ClassFiles.packageOf(r), FORBIDDEN_IN_DOMAIN)) {
                    violations.add(c.name() + " -> " + r);
                }
            }
        }
        assertTrue(domainClasses > 50, "the scan found only " + domainClasses + " domain classes: vacuous check");
        assertTrue(violations.isEmpty(), "domain code must be plain Java (readers belong in org.tpusim.scenario):\n  "
                + String.join("\n  ", violations));
    }

    @Test
    void theScanSeesEveryModuleAndItsReferences() throws IOException {
        for (String module : MODULES) {
            assertTrue(graphOf(module).packages().size() >= 1, "no compiled classes in " + module);
        }
        PackageGraph simulator = graphOf("simulator");
        assertTrue(simulator.packages().size() > 15, "simulator packages: " + simulator.packages());
        // references through imports, through descriptors only, and to another module
        assertTrue(simulator.successors("org.tpusim.scenario").contains("org.tpusim.input"));
        assertTrue(simulator.successors("org.tpusim.run").contains("org.tpusim.scenario"));
        ClassFiles.ClassFile loader = ClassFiles.readAll(classesDir("simulator")).stream()
                .filter(c -> c.name().equals("org.tpusim.scenario.ScenarioLoader")).findFirst().orElseThrow();
        assertTrue(loader.references().contains("org.tpusim.input.YamlNode$Mapping"), loader.references().toString());
        assertTrue(loader.references().contains("org.tpusim.topology.SliceShape"), loader.references().toString());
    }

    @Test
    void cycleFinderReportsAHandMadeCycle() {
        PackageGraph g = new PackageGraph();
        g.addEdge("a", "b", "A uses B");
        g.addEdge("b", "c", "B uses C");
        g.addEdge("c", "a", "C uses A");
        g.addEdge("c", "d", "C uses D");
        g.addEdge("d", "e", "D uses E");
        g.addEdge("x", "x", "a class uses its own package");
        assertEquals(List.of(Set.of("a", "b", "c")), g.tangles());
        assertEquals(List.of("a", "b", "c", "a"), g.cycleIn(g.tangles().get(0)));
        assertEquals(List.of("a -> b (A uses B) -> c (B uses C) -> a (C uses A)   [3 packages tangled: a, b, c]"),
                g.describeCycles());
    }

    @Test
    void cycleFinderReportsEveryTangleAndTheShortestWayBack() {
        PackageGraph g = new PackageGraph();
        g.addEdge("p", "q", "");
        g.addEdge("q", "p", "");
        g.addEdge("q", "r", "");
        g.addEdge("r", "s", "");
        g.addEdge("s", "p", "");
        g.addEdge("u", "v", "");
        g.addEdge("v", "u", "");
        assertEquals(List.of(Set.of("p", "q", "r", "s"), Set.of("u", "v")), g.tangles());
        assertEquals(List.of("p", "q", "p"), g.cycleIn(g.tangles().get(0)));
        assertEquals(2, g.describeCycles().size());
    }

    @Test
    void cycleFinderAcceptsADiamond() {
        PackageGraph g = new PackageGraph();
        g.addEdge("top", "left", "");
        g.addEdge("top", "right", "");
        g.addEdge("left", "bottom", "");
        g.addEdge("right", "bottom", "");
        assertTrue(g.tangles().isEmpty());
        assertTrue(g.describeCycles().isEmpty());
    }

    private static boolean within(String pkg, List<String> roots) {
        return roots.stream().anyMatch(r -> pkg.equals(r) || pkg.startsWith(r + "."));
    }

    private static Path classesDir(String module) {
        Path dir = ROOT.resolve(module).resolve("target/classes");
        assertTrue(Files.isDirectory(dir), dir + " is missing: build every module (mvn verify) before this test");
        return dir;
    }

    /** The packages of one module, with an edge for every reference to another package of the same module. */
    static PackageGraph graphOf(String module) throws IOException {
        List<ClassFiles.ClassFile> classes = ClassFiles.readAll(classesDir(module));
        PackageGraph g = new PackageGraph();
        for (ClassFiles.ClassFile c : classes) {
            g.addPackage(c.packageName());
        }
        Set<String> own = Set.copyOf(g.packages());
        for (ClassFiles.ClassFile c : classes) {
            for (String r : c.references()) {
                String target = ClassFiles.packageOf(r);
                if (own.contains(target)) {
                    g.addEdge(c.packageName(), target, simpleName(c.name()) + " uses " + simpleName(r));
                }
            }
        }
        return g;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
