package org.tpusim.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way tpusim replaces a file: the text goes to a hidden temporary file beside the target, which is then
 * renamed over it, so a reader sees the old file or the new one, never half of one. Files and folders are created
 * with the ordinary {@code open}/{@code mkdir} calls, so they follow the user's umask (unlike
 * {@link Files#createTempFile}, which makes them owner-only).
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Replaces {@code file} with {@code text} (UTF-8). Its folder must exist. */
    public static void write(Path file, CharSequence text) {
        Path tmp = null;
        try {
            tmp = createHidden(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp", false);
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            move(tmp, file);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a hidden leftover is never mistaken for a result
                }
            }
        }
    }

    /**
     * Creates a new hidden file or folder {@code .<base><suffix>-<random>} in {@code folder} with the default
     * permissions (the umask applies) and returns it.
     */
    static Path createHidden(Path folder, String base, String suffix, boolean directory) throws IOException {
        for (int attempt = 0; ; attempt++) {
            byte[] random = new byte[6];
            ThreadLocalRandom.current().nextBytes(random);
            Path p = folder.resolve("." + base + suffix + "-" + HexFormat.of().formatHex(random));
            try {
                return directory ? Files.createDirectory(p) : Files.createFile(p);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** Renames {@code from} to {@code to} atomically, replacing a file (or an empty folder) there. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
