package org.tpusim.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tpusim.input.InputException;
import org.tpusim.input.YamlNode;
import org.tpusim.input.YamlReader;
import org.tpusim.model.MoeConfig;
import org.tpusim.model.RoutingKind;

/**
 * Reads {@code model.routing} of a mixture-of-experts model:
 * <pre>
 * routing: {kind: zipf, skew: 1.2, seed: 7, capacity_factor: 1.25}
 * routing: {kind: file, file: loads.txt}          # one relative load per expert and line, '#' starts a comment
 * </pre>
 * {@code kind} defaults to uniform, {@code seed} to the scenario's seed, {@code capacity_factor} to no limit;
 * {@code skew} (0 to {@value #MAX_SKEW}) belongs to zipf only and is required there, {@code file} to file only.
 * Load files are checked like trace files (regular UTF-8, at most {@value #MAX_FILE_BYTES} B); each load is a
 * non-negative number, one per expert, not all zero, and no share above 1/k (an expert cannot take more copies
 * than there are tokens).
 */
final class RoutingReader {
    static final double MAX_SKEW = 10;
    static final double MAX_CAPACITY_FACTOR = 1000;
    static final long MAX_FILE_BYTES = 1L << 20;

    private RoutingReader() {
    }

    static MoeConfig.Routing read(YamlNode node, Path baseDir, long defaultSeed, int experts, int k) {
        YamlNode.Mapping m = node.asMapping().onlyKeys(Set.of("kind", "skew", "file", "seed", "capacity_factor"));
        RoutingKind kind = RoutingKind.UNIFORM;
        if (m.has("kind")) {
            YamlNode kn = m.require("kind", "");
            String text = kn.asScalar().asString();
            kind = RoutingKind.fromKey(text).orElseThrow(() -> kn.error("unknown routing kind '" + text
                    + "' (expected one of " + RoutingKind.allKeys() + ")"));
        }
        double skew = 0;
        if (kind == RoutingKind.ZIPF) {
            YamlNode sn = m.require("skew", "the Zipf exponent, a number from 0 to " + MAX_SKEW);
            skew = sn.asScalar().asDouble();
            if (skew < 0 || skew > MAX_SKEW) {
                throw sn.error("expected a Zipf exponent from 0 to " + MAX_SKEW + ", found " + skew);
            }
        } else if (m.has("skew")) {
            throw m.require("skew", "").error("skew belongs to kind zipf (this routing is " + kind.key() + ")");
        }
        double[] shares = new double[0];
        String source = "";
        if (kind == RoutingKind.FILE) {
            YamlNode fn = m.require("file", "a file of per-expert loads, relative to the scenario file");
            source = fn.asScalar().asString();
            if (source.isBlank()) {
                throw fn.error("expected a path to a file of per-expert loads, found an empty string");
            }
            Path path = baseDir.resolve(source).normalize();
            try {
                shares = loads(path, path.toString(), experts, k);
            } catch (InputException e) {
                if (e.line() > 0) {
                    throw e;
                }
                throw fn.error(e.getMessage());
            }
        } else if (m.has("file")) {
            throw m.require("file", "").error("file belongs to kind file (this routing is " + kind.key() + ")");
        }
        long seed = m.optional("seed").map(n -> n.asScalar().asLong()).orElse(defaultSeed);
        double capacity = 0;
        if (m.has("capacity_factor")) {
            YamlNode cn = m.require("capacity_factor", "");
            capacity = cn.asScalar().asDouble();
            if (!(capacity > 0) || capacity > MAX_CAPACITY_FACTOR) {
                throw cn.error("expected a capacity factor above 0 and at most " + MAX_CAPACITY_FACTOR
                        + " (leave the key out for no limit), found " + capacity);
            }
        }
        return new MoeConfig.Routing(kind, skew, shares, source, seed, capacity);
    }

    /** The loads of a file, one per expert. */
    static double[] loads(Path file, String display, int experts, int k) {
        String text = YamlReader.readText(file, display, MAX_FILE_BYTES, "expert load file");
        List<Double> values = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String[] rows = text.split("\n", -1);
        for (int i = 0; i < rows.length; i++) {
            String row = rows[i];
            int hash = row.indexOf('#');
            String t = (hash >= 0 ? row.substring(0, hash) : row).trim();
            if (t.isEmpty()) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new InputException(display, i + 1, "load", "expected a non-negative number, found '" + t + "'");
            }
            // as in trace CSVs: Java's type suffixes (1d, 2f) and hexadecimal (0x1p3) are no loads
            if (!Double.isFinite(v) || v < 0 || t.matches("(?i).*(nan|infinity|[fdx]).*")) {
                throw new InputException(display, i + 1, "load", "expected a non-negative number, found '" + t + "'");
            }
            values.add(v);
            lines.add(i + 1);
        }
        if (values.size() != experts) {
            throw new InputException(display, 0, "", "expected one load per expert, " + experts + " lines, found "
                    + values.size());
        }
        double sum = values.stream().mapToDouble(Double::doubleValue).sum();
        if (sum <= 0) {
            throw new InputException(display, 0, "", "expected loads that are not all zero");
        }
        double[] out = new double[experts];
        for (int i = 0; i < experts; i++) {
            out[i] = values.get(i);
            if (out[i] / sum > 1.0 / k + 1e-12) {
                throw new InputException(display, lines.get(i), "load", "expert " + i + " has share " + out[i] / sum
                        + " of the copies, above 1/k = 1/" + k + " (each token visits an expert at most once)");
            }
        }
        return out;
    }
}
