package org.tpusim.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.tpusim.input.YamlNode;

/**
 * A YAML tree as plain values (ordered maps, lists, strings, null) that can be edited and written back as YAML
 * text. Every scalar is written double-quoted: the scenario loader reads scalars from their text, so quoting
 * changes nothing, and no value can be re-interpreted as YAML syntax.
 */
final class PlainYaml {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_.-]+");

    private PlainYaml() {
    }

    /** The node as plain values: Map (file order), List, String or null. */
    static Object of(YamlNode node) {
        if (node instanceof YamlNode.Mapping m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, YamlNode> e : m.entrySet()) {
                out.put(e.getKey(), of(e.getValue()));
            }
            return out;
        }
        if (node instanceof YamlNode.Sequence s) {
            List<Object> out = new ArrayList<>();
            for (YamlNode item : s.items()) {
                out.add(of(item));
            }
            return out;
        }
        YamlNode.Scalar scalar = (YamlNode.Scalar) node;
        return scalar.isNull() ? null : scalar.asString();
    }

    /** A deep copy of a plain tree (maps and lists copied, strings shared). */
    @SuppressWarnings("unchecked")
    static Object copy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> out.put(k, copy(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(copy(v)));
            return out;
        }
        return value;
    }

    /**
     * Sets {@code dotted.key.path} in {@code root} to {@code value}, creating mappings on the way and replacing a
     * scalar on the way by a mapping (so {@code layout.decode.ffn} works on {@code layout: auto}: unnamed keys of
     * a layout default to auto).
     */
    @SuppressWarnings("unchecked")
    static void set(Map<String, Object> root, String keyPath, Object value) {
        String[] parts = keyPath.split("\\.");
        Map<String, Object> at = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = at.get(parts[i]);
            if (!(next instanceof Map<?, ?>)) {
                next = new LinkedHashMap<String, Object>();
                at.put(parts[i], next);
            }
            at = (Map<String, Object>) next;
        }
        at.put(parts[parts.length - 1], copy(value));
    }

    /** Block-style YAML for a mapping (one key per line, so loader messages point at a useful line). */
    static String write(Map<String, Object> root) {
        StringBuilder b = new StringBuilder();
        block(b, root, 0);
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static void block(StringBuilder b, Map<String, Object> m, int indent) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            b.append(" ".repeat(indent)).append(key(e.getKey())).append(':');
            if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
                b.append('\n');
                block(b, (Map<String, Object>) child, indent + 2);
            } else {
                b.append(' ').append(flow(e.getValue())).append('\n');
            }
        }
    }

    /** A value in flow style: "text", [a, b], {k: v}, null. Also the compact form used in point labels. */
    @SuppressWarnings("unchecked")
    static String flow(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            ((Map<String, Object>) m).forEach((k, v) -> parts.add(key(k) + ": " + flow(v)));
            return "{" + String.join(", ", parts) + "}";
        }
        if (value instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(v -> parts.add(flow(v)));
            return "[" + String.join(", ", parts) + "]";
        }
        return quote(value.toString());
    }

    /** A value for a point's label: strings bare, structures in compact flow style without quotes. */
    static String label(Object value) {
        if (value instanceof String s) {
            return s;
        }
        return flow(value).replace("\"", "");
    }

    private static String key(String k) {
        return PLAIN_KEY.matcher(k).matches() ? k : quote(k);
    }

    /** A YAML double-quoted scalar (JSON string escaping is valid YAML). */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
