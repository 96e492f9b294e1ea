package org.tpusim.input;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML value with the place it came from (file, line, key path), so that every validation error
 * downstream can name them. Readers take values out through the typed accessors, which throw
 * {@link InputException} with the location and the expectation when the value does not fit.
 */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    /** Where a node is: file as the user named it, 1-based line, dotted key path. */
    record Where(String file, int line, String path) {
        Where child(String key) {
            return new Where(file, line, path.isEmpty() ? key : path + "." + key);
        }

        Where element(int index) {
            return new Where(file, line, path + "[" + index + "]");
        }

        Where at(int newLine) {
            return new Where(file, newLine, path);
        }
    }

    Where where();

    /** What kind of value this is, for messages: "a mapping", "a list", "a string 'abc'". */
    String describe();

    default InputException error(String problem) {
        Where w = where();
        return new InputException(w.file(), w.line(), w.path(), problem);
    }

    default Mapping asMapping() {
        if (this instanceof Mapping m) {
            return m;
        }
        throw error("expected a mapping of keys to values, found " + describe());
    }

    default Sequence asSequence() {
        if (this instanceof Sequence s) {
            return s;
        }
        throw error("expected a list, found " + describe());
    }

    default Scalar asScalar() {
        if (this instanceof Scalar s) {
            return s;
        }
        throw error("expected a single value, found " + describe());
    }

    /** A mapping; keys keep their file order. */
    record Mapping(Where where, ImmutableMap<String, YamlNode> entries) implements YamlNode {
        @Override
        public String describe() {
            return "a mapping";
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }

        /** The value of a required key; a missing key is an error at this mapping's line. */
        public YamlNode require(String key, String expectation) {
            YamlNode n = entries.get(key);
            if (n == null) {
                throw new InputException(where.file(), where.line(), childPath(key),
                        "missing required key (expected " + expectation + ")");
            }
            return n;
        }

        public java.util.Optional<YamlNode> optional(String key) {
            return java.util.Optional.ofNullable(entries.get(key));
        }

        public String childPath(String key) {
            return where.path().isEmpty() ? key : where.path() + "." + key;
        }

        /** Rejects any key not in {@code allowed}, naming the first unknown key and the accepted ones. */
        public Mapping onlyKeys(Set<String> allowed) {
            for (Map.Entry<String, YamlNode> e : entries.entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    throw e.getValue().error("unknown key '" + e.getKey() + "' (expected one of "
                            + String.join(", ", new TreeSet<>(allowed)) + ")");
                }
            }
            return this;
        }

        public Iterable<Map.Entry<String, YamlNode>> entrySet() {
            return entries.entrySet();
        }
    }

    /** A list. */
    record Sequence(Where where, ImmutableList<YamlNode> items) implements YamlNode {
        @Override
        public String describe() {
            return "a list of " + items.size();
        }

        public int size() {
            return items.size();
        }

        public YamlNode get(int i) {
            return items.get(i);
        }
    }

    /** A scalar, kept as its text; {@code null} text stands for YAML null ({@code ~} or empty). */
    record Scalar(Where where, String text) implements YamlNode {
        @Override
        public String describe() {
            return text == null ? "an empty value" : "'" + text + "'";
        }

        public boolean isNull() {
            return text == null;
        }

        public String asString() {
            if (text == null) {
                throw error("expected a value, found an empty value");
            }
            return text;
        }

        public boolean asBoolean() {
            String t = asString().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw error("expected true or false, found " + describe());
            };
        }

        /** A finite number; accepts 275e12, 1.2e12, 45_000_000_000. */
        public double asDouble() {
            String t = asString().replace("_", "").trim();
            try {
                double v = Double.parseDouble(t);
                if (!Double.isFinite(v) || t.matches("(?i).*(nan|infinity|[fdx]).*")) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw error("expected a number, found " + describe());
            }
        }

        /** A whole number; accepts 1048576, 1_048_576, 1e6 (when exactly integral). */
        public long asLong() {
            String t = asString().replace("_", "").trim();
            if (t.matches("[+-]?\\d+")) {
                try {
                    return Long.parseLong(t);
                } catch (NumberFormatException e) {
                    throw error("expected a whole number within 64 bits, found " + describe());
                }
            }
            double d;
            try {
                d = asDouble();
            } catch (InputException e) {
                throw error("expected a whole number, found " + describe());
            }
            if (d != Math.rint(d) || Math.abs(d) > 9.0e15) {
                throw error("expected a whole number, found " + describe());
            }
            return (long) d;
        }

        public int asInt() {
            long v = asLong();
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw error("expected a whole number within 32 bits, found " + describe());
            }
            return (int) v;
        }

        /**
         * A byte count: a whole number, optionally with a unit. Binary units KiB, MiB, GiB, TiB are
         * powers of 2^10; decimal units kB, MB, GB, TB are powers of 10^3 (GB = 10^9 bytes).
         */
        public long asBytes() {
            String t = asString().replace("_", "").trim();
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("([0-9.eE+]+)\\s*([KMGT]i?B|kB|B)?").matcher(t);
            if (!m.matches()) {
                throw error("expected a byte count such as 1048576, 1MiB or 1GB, found " + describe());
            }
            double mantissa;
            try {
                mantissa = Double.parseDouble(m.group(1));
            } catch (NumberFormatException e) {
                throw error("expected a byte count such as 1048576, 1MiB or 1GB, found " + describe());
            }
            String unit = m.group(2) == null ? "B" : m.group(2);
            double scale = switch (unit) {
                case "B" -> 1;
                case "KiB" -> 1L << 10;
                case "MiB" -> 1L << 20;
                case "GiB" -> 1L << 30;
                case "TiB" -> 1L << 40;
                case "kB", "KB" -> 1e3;
                case "MB" -> 1e6;
                case "GB" -> 1e9;
                case "TB" -> 1e12;
                default -> throw error("unknown byte unit '" + unit + "' (expected B, KiB, MiB, GiB, TiB, kB, MB, GB, TB)");
            };
            double bytes = mantissa * scale;
            if (bytes != Math.rint(bytes) || bytes > 9.0e15) {
                throw error("expected a whole number of bytes, found " + describe());
            }
            return (long) bytes;
        }
    }

    /** Reads a list of scalars as strings, for error-free iteration by callers. */
    static List<Scalar> scalars(Sequence s) {
        List<Scalar> out = new ArrayList<>(s.size());
        for (YamlNode n : s.items()) {
            out.add(n.asScalar());
        }
        return out;
    }
}
