package org.tpusim.input;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Invalid user input: a scenario, catalog or trace file that cannot be used as written. The message
 * names the file, the line, the key path and what was expected, in the form
 * {@code scenarios/x.yaml:7: layout.decode.ffn: unknown layout 'ws2d' (expected one of ...)}.
 * The command line maps it to exit code 2. {@link InfeasibleException} is the kind of input error that describes a
 * well-formed configuration the physics rejects (a layout that does not divide the mesh, a model that does not fit
 * in HBM): a sweep records such a point as infeasible instead of stopping.
 */
public class InputException extends RuntimeException {
    private final String file;
    private final int line;
    private final String keyPath;
    private final String problem;

    /**
     * @param file    the file, as the user named it (null when the input did not come from a file)
     * @param line    1-based line, or 0 when unknown
     * @param keyPath dotted key path such as {@code workload.bytes} or {@code system.shape[1]}; may be empty
     * @param problem what is wrong and what was expected
     */
    public InputException(String file, int line, String keyPath, String problem) {
        this(file, line, keyPath, problem, null);
    }

    public InputException(String file, int line, String keyPath, String problem, Throwable cause) {
        super(format(file, line, keyPath, problem), cause);
        this.file = file;
        this.line = line;
        this.keyPath = keyPath == null ? "" : keyPath;
        this.problem = problem;
    }

    public static InputException forFile(Path file, String problem) {
        return new InputException(file.toString(), 0, "", problem);
    }

    private static String format(String file, int line, String keyPath, String problem) {
        StringBuilder b = new StringBuilder();
        if (file != null) {
            b.append(file);
            if (line > 0) {
                b.append(':').append(line);
            }
            b.append(": ");
        }
        if (keyPath != null && !keyPath.isEmpty()) {
            b.append(keyPath).append(": ");
        }
        return b.append(problem).toString();
    }

    public Optional<String> file() {
        return Optional.ofNullable(file);
    }

    public int line() {
        return line;
    }

    public String keyPath() {
        return keyPath;
    }

    public String problem() {
        return problem;
    }
}
