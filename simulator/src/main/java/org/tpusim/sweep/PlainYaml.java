package org.tpusim.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.tpusim.input.YamlNode;

/**
 * Swept values as plain values (ordered maps, lists, strings, null), and their compact text in point labels and
 * {@code params}. (Points themselves are edits of the parsed document: {@link org.tpusim.input.YamlEdit}.)
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
