package org.tpusim.output;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rule for a name that becomes a folder under {@code --out} (a scenario's or a sweep's name): one safe path
 * segment. It starts with a lower-case letter or digit (so never {@code .}, {@code ..} or a hidden name), holds
 * only {@code [a-z0-9._-]}, is at most {@value #MAX_LENGTH} characters (with tpusim's temporary prefix and suffix
 * it stays far below the 255-byte name limit of common file systems), and is none of the names tpusim writes
 * itself at the top of {@code --out}.
 */
public final class OutputName {
    /** Longest accepted name, in characters (ASCII, so also bytes). */
    public static final int MAX_LENGTH = 100;

    /** Names that tpusim uses itself directly under {@code --out}. */
    public static final Set<String> RESERVED = Set.of("index.html", "validation", "compare", "compare.html");

    /** What a valid name looks like, for error messages. */
    public static final String EXPECTED = "one path segment of lower-case letters, digits, '.', '_' or '-', starting "
            + "with a letter or digit, at most " + MAX_LENGTH + " characters, not one of " + sorted(RESERVED);

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private OutputName() {
    }

    /** Why {@code name} cannot name an output folder, or empty when it can. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("empty name (expected " + EXPECTED + ")");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("name of " + name.length() + " characters is too long (expected at most " + MAX_LENGTH
                    + "; it names the output folder)");
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("invalid name '" + printable(name) + "' (expected " + EXPECTED
                    + "; it names the output folder)");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            return Optional.of("name '" + name + "' is reserved: tpusim writes " + name + " itself in the output "
                    + "folder (expected any other name)");
        }
        return Optional.empty();
    }

    /** Throws {@link IllegalArgumentException} with the reason when {@code name} is not valid. */
    public static String check(String name) {
        problem(name).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return name;
    }

    private static String sorted(Set<String> names) {
        return names.stream().sorted().toList().toString();
    }

    /** The name with control characters shown as {@code \\uXXXX}, so a message stays one line. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return s.length() > 200 ? b + "..." : b.toString();
    }
}
