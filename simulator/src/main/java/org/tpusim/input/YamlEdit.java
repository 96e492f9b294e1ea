package org.tpusim.input;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One change to a parsed YAML document: the value at a dotted key path ({@code workload.batch},
 * {@code system.overrides.hop_latency_ns}, {@code layout.decode.ffn}) is replaced by {@code value}. Mappings on the
 * way are created when missing, and a scalar on the way is replaced by a mapping (so {@code layout.decode.ffn}
 * works on {@code layout: auto}). The document is not changed: {@link #applyTo} returns a new tree that shares
 * everything off the path.
 *
 * <p>The value keeps the file and line it came from (a sweep file's line, or a {@code --set KEY=VALUE} flag) and
 * takes the key path it is placed at, so a reader's error about it names both where the value was written and the
 * scenario key it sets.
 *
 * @param keyPath dotted scenario keys, each {@code [a-z_]+}
 * @param value   the new value
 */
public record YamlEdit(String keyPath, YamlNode value) {
    /** Dotted keys of lower-case letters and underscores. */
    public static final Pattern KEY_PATH = Pattern.compile("[a-z_]+(\\.[a-z_]+)*");

    public YamlEdit {
        if (!KEY_PATH.matcher(keyPath).matches()) {
            throw new IllegalArgumentException("invalid key path '" + keyPath + "'");
        }
    }

    /** A scalar {@code text} set at {@code keyPath}, reported as coming from {@code file} (line 0: no line). */
    public static YamlEdit scalar(String keyPath, String text, String file, int line) {
        return new YamlEdit(keyPath, new YamlNode.Scalar(new YamlNode.Where(file, line, keyPath), text));
    }

    /** {@code value} (a node of any file) placed at {@code keyPath}. */
    public static YamlEdit of(String keyPath, YamlNode value) {
        return new YamlEdit(keyPath, value);
    }

    /** The document with every edit applied in order (a later edit of the same key wins). */
    public static YamlNode applyAll(YamlNode root, List<YamlEdit> edits) {
        YamlNode out = root;
        for (YamlEdit e : edits) {
            out = e.applyTo(out);
        }
        return out;
    }

    /** The document with this edit applied; the root must be a mapping. */
    public YamlNode.Mapping applyTo(YamlNode root) {
        return set(root.asMapping(), keyPath.split("\\."), 0);
    }

    private YamlNode.Mapping set(YamlNode.Mapping m, String[] parts, int i) {
        String key = parts[i];
        String path = m.childPath(key);
        YamlNode replacement;
        if (i == parts.length - 1) {
            replacement = relocate(value, path);
        } else {
            YamlNode existing = m.entries().get(key);
            YamlNode.Mapping next = existing instanceof YamlNode.Mapping child ? child
                    : new YamlNode.Mapping(new YamlNode.Where(value.where().file(), value.where().line(), path),
                    ImmutableMap.of());
            replacement = set(next, parts, i + 1);
        }
        ImmutableMap.Builder<String, YamlNode> entries = ImmutableMap.builder();
        boolean replaced = false;
        for (Map.Entry<String, YamlNode> e : m.entrySet()) {
            if (e.getKey().equals(key)) {
                entries.put(key, replacement);
                replaced = true;
            } else {
                entries.put(e.getKey(), e.getValue());
            }
        }
        if (!replaced) {
            entries.put(key, replacement);
        }
        return new YamlNode.Mapping(m.where(), entries.build());
    }

    /** The node with its key paths rewritten to start at {@code path}; files and lines stay. */
    private static YamlNode relocate(YamlNode node, String path) {
        YamlNode.Where w = new YamlNode.Where(node.where().file(), node.where().line(), path);
        if (node instanceof YamlNode.Mapping m) {
            ImmutableMap.Builder<String, YamlNode> entries = ImmutableMap.builder();
            for (Map.Entry<String, YamlNode> e : m.entrySet()) {
                entries.put(e.getKey(), relocate(e.getValue(), path + "." + e.getKey()));
            }
            return new YamlNode.Mapping(w, entries.build());
        }
        if (node instanceof YamlNode.Sequence s) {
            ImmutableList.Builder<YamlNode> items = ImmutableList.builder();
            for (int i = 0; i < s.size(); i++) {
                items.add(relocate(s.get(i), path + "[" + i + "]"));
            }
            return new YamlNode.Sequence(w, items.build());
        }
        return new YamlNode.Scalar(w, ((YamlNode.Scalar) node).text());
    }
}
