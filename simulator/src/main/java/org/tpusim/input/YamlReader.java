package org.tpusim.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one YAML document into a {@link YamlNode} tree that remembers the line and key path of every
 * value. Uses Jackson's streaming YAML parser (SnakeYAML underneath); the tree is ours so that
 * validation errors can point at the line of the offending key. Duplicate keys and multi-document
 * files are rejected.
 */
public final class YamlReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private YamlReader() {
    }

    /** Reads a file; {@code displayName} is how messages name it (usually the path the user typed). */
    public static YamlNode read(Path file) {
        String display = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(display, 0, "", "file not found");
        } catch (IOException e) {
            throw new InputException(display, 0, "", "cannot read file: " + e.getMessage(), e);
        }
        return parse(display, text);
    }

    /** The text of a YAML file shipped on the classpath (the bundled catalogs); missing is a packaging error. */
    public static String resourceText(String resource) {
        try (java.io.InputStream in = YamlReader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing from the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** Parses YAML text; {@code displayName} names it in messages. */
    public static YamlNode parse(String displayName, String text) {
        try (Reader r = new StringReader(text); YAMLParser p = FACTORY.createParser(r)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InputException(displayName, 1, "", "the file is empty (expected a YAML mapping)");
            }
            YamlNode root = readValue(p, new YamlNode.Where(displayName, line(p), ""));
            if (p.nextToken() != null) {
                throw new InputException(displayName, line(p), "",
                        "more than one YAML document in the file (expected exactly one)");
            }
            return root;
        } catch (JsonProcessingException e) {
            int ln = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InputException(displayName, ln, "", "not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InputException(displayName, 0, "", "cannot read: " + e.getMessage(), e);
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    private static YamlNode readValue(YAMLParser p, YamlNode.Where where) throws IOException {
        JsonToken t = p.currentToken();
        YamlNode.Where here = where.at(line(p));
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    if (entries.containsKey(key)) {
                        throw new InputException(here.file(), keyLine, here.child(key).path(),
                                "duplicate key (each key may appear once)");
                    }
                    p.nextToken();
                    YamlNode.Where childWhere = here.child(key).at(keyLine);
                    entries.put(key, readValue(p, childWhere));
                }
                return new YamlNode.Mapping(here, ImmutableMap.copyOf(entries));
            }
            case START_ARRAY -> {
                ImmutableList.Builder<YamlNode> items = ImmutableList.builder();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(p, here.element(i++)));
                }
                return new YamlNode.Sequence(here, items.build());
            }
            case VALUE_NULL -> {
                return new YamlNode.Scalar(here, null);
            }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                return new YamlNode.Scalar(here, p.getText());
            }
            default -> throw new InputException(here.file(), here.line(), here.path(),
                    "unsupported YAML construct " + t);
        }
    }
}
