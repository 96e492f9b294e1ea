package org.tpusim.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tpusim.figure.Figure;
import org.tpusim.input.InputException;
import org.tpusim.input.YamlReader;
import org.tpusim.result.RunResult;

/**
 * A {@code results.json} read back (Jackson's tree model): the parts {@code tpusim compare} and {@code index.html}
 * need. Tolerant of older files: a figure a file does not hold reads as NaN, a missing text as empty; only the
 * keys that make a file tpusim's ({@code tpusim_version}, {@code kind}, {@code scenario.name}) are required.
 *
 * @param file   the results.json
 * @param folder the result folder's name (the folder holding the file)
 * @param root   the whole document
 */
public record ResultFile(Path file, String folder, JsonNode root) {
    /** The largest results.json read (bundled results are a few MB at most). */
    public static final long MAX_BYTES = 256L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A result in memory, as results.json would hold it (for pages rendered from a run's results). */
    public static ResultFile of(RunResult r) {
        return new ResultFile(Path.of(r.scenario().name(), "results.json"), r.scenario().name(), ResultsJson.tree(r));
    }

    /** Reads a results.json; anything that is not one is an input error naming the file. */
    public static ResultFile read(Path file) {
        if (!Files.exists(file)) {
            throw InputException.forFile(file, "no such file (expected a results.json or a result folder)");
        }
        if (!Files.isRegularFile(file)) {
            throw InputException.forFile(file, "is not a regular file (expected a results.json)");
        }
        JsonNode root;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw InputException.forFile(file, "is larger than " + (MAX_BYTES >> 20) + " MiB (not a tpusim "
                        + "results.json)");
            }
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw InputException.forFile(file, "not a tpusim results.json (not valid JSON: "
                    + YamlReader.oneLine(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw InputException.forFile(file, "cannot be read: " + YamlReader.oneLine(String.valueOf(e.getMessage())));
        }
        if (root == null || !root.isObject() || !root.path("tpusim_version").isTextual()
                || !root.path("kind").isTextual() || !root.path("scenario").path("name").isTextual()) {
            throw InputException.forFile(file, "not a tpusim results.json (expected the keys tpusim_version, kind "
                    + "and scenario.name)");
        }
        if (Figure.of(root.path("kind").asText()).isEmpty()) {
            throw InputException.forFile(file, "a results.json of unknown kind '" + root.path("kind").asText()
                    + "' (expected batch, trace, collective or transfer)");
        }
        Path parent = file.toAbsolutePath().normalize().getParent();
        String folder = parent != null && parent.getFileName() != null ? parent.getFileName().toString() : "";
        return new ResultFile(file, folder, root);
    }

    /**
     * The results an argument names: a results.json, a result folder (holding results.json), or a folder of result
     * folders (each sub-folder holding a results.json, in name order). Anything else is an input error naming it.
     */
    public static List<ResultFile> expand(Path arg) {
        if (Files.isDirectory(arg)) {
            Path json = arg.resolve("results.json");
            if (Files.exists(json, LinkOption.NOFOLLOW_LINKS)) {
                return List.of(read(json));
            }
            List<Path> subs = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(arg)) {
                for (Path p : ds) {
                    if (!p.getFileName().toString().startsWith(".") && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                            && Files.isRegularFile(p.resolve("results.json"), LinkOption.NOFOLLOW_LINKS)) {
                        subs.add(p);
                    }
                }
            } catch (IOException e) {
                throw InputException.forFile(arg, "cannot be listed: " + e.getMessage());
            }
            if (subs.isEmpty()) {
                throw InputException.forFile(arg, "holds no results.json and no result folders (expected a "
                        + "results.json, a result folder or a folder of result folders)");
            }
            subs.sort(null);
            List<ResultFile> out = new ArrayList<>();
            for (Path p : subs) {
                out.add(read(p.resolve("results.json")));
            }
            return out;
        }
        return List.of(read(arg));
    }

    public String kind() {
        return root.path("kind").asText();
    }

    /** The scenario's name (from its echo). */
    public String name() {
        return root.path("scenario").path("name").asText();
    }

    /** The scenario echo. */
    public JsonNode scenario() {
        return root.path("scenario");
    }

    public String version() {
        return root.path("tpusim_version").asText();
    }

    /** Chip and slice, e.g. {@code tpu-v4 4x4x4}. */
    public String system() {
        JsonNode s = scenario().path("system");
        return (s.path("chip").asText("") + " " + s.path("topology").asText("")).trim();
    }

    public double simulated(Figure f) {
        return number(root.path("simulated"), f.key());
    }

    public double analytical(Figure f) {
        return number(root.path("analytical"), f.key());
    }

    /** The scenario's published figure {@code f} (its {@code reference:} block), NaN when it has none. */
    public double published(Figure f) {
        for (JsonNode fig : scenario().path("reference").path("figures")) {
            if (f.key().equals(fig.path("key").asText()) && fig.path("value").isNumber()) {
                return fig.path("value").asDouble();
            }
        }
        return Double.NaN;
    }

    /** Where the published figures come from, when the scenario has a reference block. */
    public Optional<String> referenceSource() {
        JsonNode s = scenario().path("reference").path("source");
        return s.isTextual() ? Optional.of(s.asText()) : Optional.empty();
    }

    /** The headline ratio, simulated / analytical (NaN when absent). */
    public double ratio() {
        return number(root, "ratio");
    }

    /** The number at dotted {@code path} under {@code node}, NaN when absent or not a number. */
    public static double number(JsonNode node, String path) {
        JsonNode n = node;
        for (String part : path.split("\\.")) {
            n = n.path(part);
        }
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }
}
