package org.tpusim.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads one YAML document into a {@link YamlNode} tree that remembers the line and key path of every
 * value. Uses Jackson's streaming YAML parser (SnakeYAML underneath); the tree is ours so that
 * validation errors can point at the line of the offending key. Duplicate keys, multi-document files,
 * anchors, aliases and tags are rejected; a file must be a regular UTF-8 file of at most
 * {@link #MAX_FILE_BYTES} (a byte-order mark is allowed); syntax errors are one line.
 */
public final class YamlReader {
    /** A factory whose parsers also report the anchor of a scalar (Jackson reports only those of containers). */
    private static final YAMLFactory FACTORY = new YAMLFactory() {
        @Override
        protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
            return new AnchorParser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
        }
    };

    /** Jackson's parser, with the anchor of the current event whatever its kind. */
    private static final class AnchorParser extends YAMLParser {
        AnchorParser(IOContext ctxt, int parserFeatures, int yamlFeatures, LoaderOptions options, ObjectCodec codec,
                     Reader reader) {
            super(ctxt, parserFeatures, yamlFeatures, options, codec, reader);
        }

        String anchor() {
            return _lastEvent instanceof NodeEvent n ? n.getAnchor() : getCurrentAnchor();
        }
    }

    private YamlReader() {
    }

    /** Largest scenario, sweep or catalog file read, in bytes (1 MiB); larger files are an input error. */
    public static final long MAX_FILE_BYTES = 1L << 20;

    /** Reads a file; messages name it as the path was given. */
    public static YamlNode read(Path file) {
        String display = file.toString();
        return parse(display, readText(file, display, MAX_FILE_BYTES, "file"));
    }

    /**
     * The text of a user-named file, with the checks every input file gets before a byte is read: it exists,
     * is a regular file (not a folder or a device such as /dev/zero), is at most {@code maxBytes} long, and
     * is UTF-8 text (a byte-order mark is dropped). {@code what} names the file in messages ("file",
     * "trace file").
     */
    public static String readText(Path file, String display, long maxBytes, String what) {
        byte[] bytes;
        try {
            checkRegularFile(file, display, maxBytes, what);
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(display, 0, "", what + " not found");
        } catch (IOException e) {
            throw new InputException(display, 0, "", "cannot read the " + what + ": " + e.getMessage(), e);
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(display, bytes.length, maxBytes, what);
        }
        return decodeUtf8(bytes, display, what);
    }

    /** Checks that {@code file} is a regular file of at most {@code maxBytes}, without reading it. */
    public static void checkRegularFile(Path file, String display, long maxBytes, String what) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(display);
        }
        if (!Files.isRegularFile(file)) {
            throw new InputException(display, 0, "", "not a regular file (a folder, device or pipe); expected a "
                    + what + " of at most " + maxBytes + " bytes");
        }
        long size = Files.size(file);
        if (size > maxBytes) {
            throw tooLarge(display, size, maxBytes, what);
        }
    }

    private static InputException tooLarge(String display, long size, long maxBytes, String what) {
        return new InputException(display, 0, "", "the " + what + " is " + size + " bytes; expected at most "
                + maxBytes + " bytes");
    }

    /** UTF-8 text without a leading byte-order mark; bytes that are not UTF-8 are an error naming their line. */
    public static String decodeUtf8(byte[] bytes, String display, String what) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int line = 1;
            int bad = badUtf8Offset(bytes);
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new InputException(display, line, "", "byte " + bad + " is not UTF-8 text (expected a UTF-8 "
                    + what + ")");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static int badUtf8Offset(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(Math.max(16, bytes.length));
        d.decode(in, out, true);
        return in.position();
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
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try (Reader r = new StringReader(text); YAMLParser p = FACTORY.createParser(r)) {
            try {
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
                throw syntaxError(displayName, e, p);
            }
        } catch (IOException e) {
            throw new InputException(displayName, 0, "", "cannot read: " + oneLine(e.getMessage()), e);
        }
    }

    /** A YAML syntax error as one line: {@code file:line: not valid YAML: context: problem}. */
    private static InputException syntaxError(String displayName, JsonProcessingException e, JsonParser p) {
        int ln = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        String what = e.getOriginalMessage();
        Throwable cause = e.getCause();
        if (cause instanceof MarkedYAMLException m) {
            if (m.getProblemMark() != null) {
                ln = m.getProblemMark().getLine() + 1;
            }
            String context = m.getContext() == null ? "" : m.getContext() + ": ";
            what = context + (m.getProblem() == null ? "" : m.getProblem());
        } else if (cause instanceof YAMLException y) {
            what = y.getMessage();
        }
        if (ln <= 0) {
            ln = Math.max(1, p.currentLocation().getLineNr());
        }
        return new InputException(displayName, ln, "", "not valid YAML: " + oneLine(what), e);
    }

    /** The message with its line breaks and the indentation after them folded into single spaces. */
    public static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * Anchors ({@code &a}), aliases ({@code *a}) and tags ({@code !x}, {@code !!str}) are not read: an alias
     * would otherwise arrive as the anchor's name, and tpusim's values are plain text. Each is an input error
     * at its line and key.
     */
    private static void rejectReferences(YAMLParser p, YamlNode.Where here) throws IOException {
        String problem = null;
        if (p.isCurrentAlias()) {
            problem = "YAML alias *" + p.getText() + " is not supported (expected the value written out)";
        } else if (((AnchorParser) p).anchor() != null) {
            problem = "YAML anchor &" + ((AnchorParser) p).anchor() + " is not supported (expected a plain value; aliases"
                    + " are not read either)";
        } else if (p.getTypeId() != null) {
            problem = "YAML tag " + p.getTypeId() + " is not supported (expected a plain value without a tag)";
        }
        if (problem != null) {
            throw new InputException(here.file(), here.line(), here.path(), problem);
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    private static YamlNode readValue(YAMLParser p, YamlNode.Where where) throws IOException {
        JsonToken t = p.currentToken();
        YamlNode.Where here = where.at(line(p));
        rejectReferences(p, here);
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    rejectReferences(p, here.child(key).at(keyLine));
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
