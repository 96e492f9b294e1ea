package org.tpusim.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tpusim.input.InputException;

/**
 * The output folder ({@code --out}) and every write tpusim makes in it. Its rules:
 * <ul>
 *   <li>every path is built from a checked name ({@link OutputName}, {@link #checkFileName}) and verified to lie
 *       directly in the output folder (or in one of tpusim's folders there) before anything is written or removed;
 *       a symbolic link is never followed or removed;</li>
 *   <li>each folder tpusim makes holds a manifest ({@value #MANIFEST}) naming its kind and every file tpusim put
 *       there; tpusim replaces or adds to a folder only when the manifest says it wrote it as the same kind and the
 *       folder holds nothing else, and removes only the files the manifest lists, never a folder it did not make;
 *       a folder of an earlier tpusim without a manifest is recognised by its file names and adopted;</li>
 *   <li>a result folder is replaced by an atomic swap: the complete new folder is built under a hidden temporary
 *       name, the old one is renamed aside, the new one renamed in, then the old one's files are removed. The swap
 *       and every manifest update run under a lock ({@value #LOCK}: a file lock between processes, a
 *       {@link ReentrantLock} between threads), so concurrent runs that collide on a folder all succeed and the last
 *       one's folder stays, whole.</li>
 * </ul>
 * A folder that cannot be written under these rules is an {@link InputException} naming it and what to do (exit 2);
 * commands check every folder they will write ({@link #checkFolder}) before anything runs.
 */
public final class OutputDir {
    /** The manifest file in each folder tpusim writes (and in the output folder itself, for index.html). */
    public static final String MANIFEST = ".tpusim-manifest";
    /** The lock file in the output folder. */
    public static final String LOCK = ".tpusim.lock";

    /** The folder {@code tpusim validate} writes. */
    public static final String VALIDATION_FOLDER = "validation";

    private static final Logger LOG = LoggerFactory.getLogger(OutputDir.class);
    private static final String MAGIC = "tpusim-output 1";
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,200}");
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    /** What a folder under the output folder holds; a folder is written only as the kind it was made as. */
    public enum Kind {
        /** A scenario's results ({@code tpusim run}; {@code tpusim search} adds its CSV). */
        SCENARIO("scenario", "results.json|report.html|requests.csv|trace.json|search-[a-z]+\\.csv"),
        /** A sweep's points and Pareto report ({@code tpusim sweep}). */
        SWEEP("sweep", "points\\.jsonl|points\\.shard-\\d+-of-\\d+\\.jsonl|pareto\\.csv|pareto\\.html"),
        /** The paper validation ({@code tpusim validate}). */
        VALIDATION("validation", "validation\\.csv|validation\\.html"),
        /** The output folder itself (index.html and the other pages at its top). */
        ROOT("root", "index\\.html|compare\\.html");

        private final String key;
        private final Pattern legacyFiles;

        Kind(String key, String legacyFiles) {
            this.key = key;
            this.legacyFiles = Pattern.compile(legacyFiles);
        }

        public String key() {
            return key;
        }

        static Optional<Kind> fromKey(String key) {
            for (Kind k : values()) {
                if (k.key.equals(key)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    private final Path root;

    /** The output folder {@code dir} (it need not exist yet). */
    public OutputDir(Path dir) {
        this.root = dir.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The path of folder {@code name} in the output folder, after checking the name and the resulting path. */
    public Path folder(String name) {
        OutputName.problem(name).ifPresent(p -> {
            throw new InputException(root.toString(), 0, "", p);
        });
        return child(name);
    }

    /** The folder of {@code name} for {@code kind}: tpusim's own name for the validation, a checked name else. */
    private Path folder(String name, Kind kind) {
        if (kind == Kind.VALIDATION) {
            if (!name.equals(VALIDATION_FOLDER)) {
                throw new IllegalArgumentException("the validation is written to " + VALIDATION_FOLDER);
            }
            return child(name);
        }
        return folder(name);
    }

    private Path child(String name) {
        Path p = root.resolve(name).normalize();
        if (!root.equals(p.getParent())) {
            throw new InputException(root.toString(), 0, "", "'" + name + "' does not name a folder directly in the "
                    + "output folder");
        }
        return p;
    }

    /**
     * Checks, before anything runs, that folder {@code name} can be written as {@code kind}: it is absent, or a
     * folder tpusim wrote as that kind holding only files tpusim wrote. Also checks the output folder itself.
     */
    public void checkFolder(String name, Kind kind) {
        checkRoot();
        Path dir = folder(name, kind);
        inspect(dir, kind);
    }

    /** Checks that the output folder is usable and that its top-level pages (index.html) may be replaced. */
    public void checkRoot() {
        if (Files.isSymbolicLink(root) && !Files.isDirectory(root)) {
            throw conflict(root, "is a symbolic link to something that is not a folder (expected a folder for --out)");
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw conflict(root, "exists and is not a folder (expected a folder for --out)");
        }
        if (Files.isDirectory(root)) {
            for (String page : List.of("index.html")) {
                checkRootFile(page, readManifest(root.resolve(MANIFEST)).map(Manifest::files).orElse(Set.of()));
            }
        }
    }

    /**
     * Builds a complete folder {@code name} of {@code kind} with {@code writer} under a hidden temporary name and
     * swaps it in for the old one (see the class comment). Returns the folder.
     */
    public Path replaceFolder(String name, Kind kind, FolderWriter writer) {
        Path target = folder(name, kind);
        Path staging = null;
        try {
            createRoot();
            staging = AtomicFiles.createHidden(root, name, ".tmp", true);
            Staging files = new Staging(staging);
            writer.write(files);
            writeManifest(staging, new Manifest(kind, files.written));
            Path stagingDir = staging;
            withLock(() -> {
                swapIn(stagingDir, target, kind);
                return null;
            });
            staging = null;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                removeStaging(staging);
            }
        }
    }

    /**
     * Opens folder {@code name} for files written one at a time (sweeps, validation, search): creates it with its
     * manifest when absent, otherwise checks that tpusim wrote it as {@code kind}.
     */
    public Folder openFolder(String name, Kind kind) {
        Path dir = folder(name, kind);
        try {
            createRoot();
            withLock(() -> {
                Optional<Manifest> m = inspect(dir, kind);
                if (m.isEmpty()) {
                    Files.createDirectory(dir);
                    writeManifest(dir, new Manifest(kind, new TreeSet<>()));
                } else if (!Files.exists(dir.resolve(MANIFEST), LinkOption.NOFOLLOW_LINKS)) {
                    writeManifest(dir, m.get());   // adopt a folder of an earlier tpusim
                }
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return new Folder(dir, kind);
    }

    /** Replaces the file {@code fileName} (e.g. index.html) at the top of the output folder, atomically. */
    public Path writeTopFile(String fileName, CharSequence text) {
        checkFileName(fileName);
        Path file = root.resolve(fileName);
        try {
            createRoot();
            withLock(() -> {
                Manifest m = readManifest(root.resolve(MANIFEST)).orElse(new Manifest(Kind.ROOT, new TreeSet<>()));
                checkRootFile(fileName, m.files());
                if (m.files().add(fileName)) {
                    writeManifest(root, m);
                }
                AtomicFiles.write(file, text);
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * The kind the manifest of {@code dir} names, when {@code dir} is a folder (not a link) holding a readable tpusim
     * manifest; empty otherwise (a folder tpusim did not write, or of an earlier tpusim). For pages that list folders.
     */
    public static Optional<Kind> kindOf(Path dir) {
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return readManifest(dir.resolve(MANIFEST)).map(Manifest::kind);
        } catch (InputException e) {
            return Optional.empty();
        }
    }

    /** A folder of tpusim's that gains files one at a time. */
    public final class Folder {
        private final Path dir;
        private final Kind kind;

        private Folder(Path dir, Kind kind) {
            this.dir = dir;
            this.kind = kind;
        }

        public Path path() {
            return dir;
        }

        /**
         * The path of {@code fileName} in this folder, listed in the manifest first so tpusim may replace or
         * remove it later. The caller writes it (with {@link AtomicFiles#write} or by appending).
         */
        public Path file(String fileName) {
            checkFileName(fileName);
            Path file = dir.resolve(fileName);
            if (Files.isSymbolicLink(file) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                throw conflict(file, "is a symbolic link or a folder (expected a file tpusim writes)");
            }
            try {
                withLock(() -> {
                    Manifest m = readManifest(dir.resolve(MANIFEST)).orElse(new Manifest(kind, new TreeSet<>()));
                    if (m.files().add(fileName)) {
                        writeManifest(dir, m);
                    }
                    return null;
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot update " + dir.resolve(MANIFEST) + ": " + e.getMessage(), e);
            }
            return file;
        }

        /** Replaces {@code fileName} in this folder with {@code text}, atomically. */
        public Path write(String fileName, CharSequence text) {
            Path file = file(fileName);
            AtomicFiles.write(file, text);
            return file;
        }
    }

    /** Writes the files of a folder being built. */
    @FunctionalInterface
    public interface FolderWriter {
        void write(Staging folder) throws IOException;
    }

    /** A folder being built: every file written through it is listed in its manifest. */
    public static final class Staging {
        private final Path dir;
        private final Set<String> written = new TreeSet<>();

        private Staging(Path dir) {
            this.dir = dir;
        }

        /** The path to write {@code fileName} to (for streaming writers); the file is listed in the manifest. */
        public Path file(String fileName) {
            checkFileName(fileName);
            written.add(fileName);
            return dir.resolve(fileName);
        }

        public void write(String fileName, CharSequence text) throws IOException {
            Files.writeString(file(fileName), text, StandardCharsets.UTF_8);
        }
    }

    /** Throws unless {@code fileName} is one plain, visible file name. */
    public static String checkFileName(String fileName) {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches() || fileName.equals(MANIFEST)) {
            throw new IllegalArgumentException("not a file name tpusim writes: '" + fileName + "'");
        }
        return fileName;
    }

    // ---------------------------------------------------------------------------------------------------------

    private void swapIn(Path staging, Path target, Kind kind) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Optional<Manifest> old = inspect(target, kind);
            Path aside = null;
            if (old.isPresent()) {
                aside = AtomicFiles.createHidden(root, target.getFileName().toString(), ".old", true);
                Files.delete(aside);   // only the unique name is wanted: rename needs the target absent or empty
                try {
                    Files.move(target, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException e) {
                    aside = null;   // removed meanwhile by something other than tpusim
                }
            }
            try {
                AtomicFiles.move(staging, target);
            } catch (FileSystemException e) {
                if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw e;
                }
                if (aside != null) {
                    removeListed(aside, old.get());
                }
                if (attempt < 3) {
                    continue;   // another process put a folder there after we looked: look again
                }
                throw conflict(target, "appeared while tpusim was replacing it and could not be replaced");
            }
            if (aside != null) {
                removeListed(aside, old.get());
            }
            return;
        }
    }

    /**
     * What is at {@code dir}: empty when nothing, the manifest when tpusim wrote it as {@code kind} (or a legacy
     * manifest built from recognised file names); anything else is a conflict.
     */
    private Optional<Manifest> inspect(Path dir, Kind kind) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (Files.isSymbolicLink(dir)) {
            throw conflict(dir, "is a symbolic link; tpusim writes only folders it made itself (remove the link or "
                    + "choose another --out or name)");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw conflict(dir, "exists and is not a folder tpusim wrote (remove it or choose another --out or name)");
        }
        Optional<Manifest> manifest = readManifest(dir.resolve(MANIFEST));
        Set<String> present = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                present.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            throw conflict(dir, "cannot be listed: " + e.getMessage());
        }
        present.remove(MANIFEST);
        present.removeIf(n -> n.startsWith(".") && n.contains(".tmp-"));   // temporary files of a write in progress
        if (manifest.isPresent()) {
            Manifest m = manifest.get();
            if (m.kind() != kind) {
                throw conflict(dir, "holds the results of a " + m.kind().key() + " (written by tpusim); writing a "
                        + kind.key() + " of the same name there would replace them (rename one of the two, or "
                        + "choose another --out)");
            }
            Set<String> foreign = new TreeSet<>(present);
            foreign.removeAll(m.files());
            if (!foreign.isEmpty()) {
                throw conflict(dir, "holds files tpusim did not write " + abbreviate(foreign) + "; tpusim replaces "
                        + "only what it wrote (move them away, or choose another --out)");
            }
            return manifest;
        }
        for (String n : present) {
            if (!kind.legacyFiles.matcher(n).matches()
                    || !Files.isRegularFile(dir.resolve(n), LinkOption.NOFOLLOW_LINKS)) {
                throw conflict(dir, "exists and was not written by tpusim (no " + MANIFEST + "; it holds "
                        + abbreviate(present) + "); tpusim never replaces a folder it did not make (remove it, or "
                        + "choose another --out or name)");
            }
        }
        return Optional.of(new Manifest(kind, present));   // an earlier tpusim's folder of this kind
    }

    private void checkRootFile(String fileName, Set<String> listed) {
        Path file = root.resolve(fileName);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) || listed.contains(fileName)) {
            if (Files.isSymbolicLink(file) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                throw conflict(file, "is a symbolic link or a folder; tpusim writes its own " + fileName + " there "
                        + "(remove it or choose another --out)");
            }
            return;
        }
        boolean ours = false;
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                String head = new String(readHead(file), StandardCharsets.UTF_8);
                ours = head.contains("<title>tpusim");   // an index page of an earlier tpusim
            } catch (IOException e) {
                ours = false;
            }
        }
        if (!ours) {
            throw conflict(file, "exists and was not written by tpusim; tpusim writes its own " + fileName
                    + " in the output folder (move it away or choose another --out)");
        }
    }

    private static byte[] readHead(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(4096);
        }
    }

    private void createRoot() throws IOException {
        checkRoot();
        Files.createDirectories(root);
    }

    /** Removes what the manifest lists from a folder set aside, then the folder if that left it empty. */
    private static void removeListed(Path dir, Manifest m) {
        try {
            for (String f : m.files()) {
                Files.deleteIfExists(dir.resolve(checkFileName(f)));   // deletes a link itself, never its target
            }
            Files.deleteIfExists(dir.resolve(MANIFEST));
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            LOG.warn("left {} in place: it holds files tpusim did not write", dir);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", dir, e.getMessage());
        }
    }

    /** Removes a staging folder of our own (only its files, which this process wrote). */
    private static void removeStaging(Path staging) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(staging)) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort below
        }
        try {
            Files.deleteIfExists(staging);
        } catch (IOException ignored) {
            // a hidden leftover is never mistaken for a result
        }
    }

    private record Manifest(Kind kind, Set<String> files) {
    }

    private static Optional<Manifest> readManifest(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw conflict(file, "cannot be read: " + e.getMessage());
        }
        if (lines.size() < 2 || !lines.get(0).equals(MAGIC) || !lines.get(1).startsWith("kind ")) {
            throw conflict(file, "is not a tpusim manifest (expected '" + MAGIC + "' and a kind line)");
        }
        Kind kind = Kind.fromKey(lines.get(1).substring(5)).orElseThrow(() -> conflict(file, "names an unknown "
                + "kind '" + lines.get(1).substring(5) + "'"));
        Set<String> files = new TreeSet<>();
        for (String l : lines.subList(2, lines.size())) {
            if (l.startsWith("file ") && FILE_NAME.matcher(l.substring(5)).matches()) {
                files.add(l.substring(5));
            } else if (!l.isBlank()) {
                throw conflict(file, "has a line that is not 'file NAME': '" + OutputName.printable(l) + "'");
            }
        }
        return Optional.of(new Manifest(kind, files));
    }

    private static void writeManifest(Path dir, Manifest m) {
        StringBuilder b = new StringBuilder(MAGIC).append('\n').append("kind ").append(m.kind().key()).append('\n');
        for (String f : new TreeSet<>(m.files())) {
            b.append("file ").append(f).append('\n');
        }
        AtomicFiles.write(dir.resolve(MANIFEST), b);
    }

    @FunctionalInterface
    private interface IoAction<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} holding the output folder's lock (between threads and between processes). */
    private <T> T withLock(IoAction<T> action) throws IOException {
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(root, r -> new ReentrantLock());
        jvm.lock();
        try {
            if (jvm.getHoldCount() > 1) {
                return action.run();   // this thread holds the file lock already
            }
            try (FileChannel ch = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                return action.run();
            }
        } finally {
            jvm.unlock();
        }
    }

    private static InputException conflict(Path p, String problem) {
        return InputException.forFile(p, problem);
    }

    private static String abbreviate(Set<String> names) {
        List<String> l = new ArrayList<>(new LinkedHashSet<>(names));
        String shown = String.join(", ", l.subList(0, Math.min(5, l.size())).stream()
                .map(OutputName::printable).toList());
        return "(" + shown + (l.size() > 5 ? String.format(Locale.ROOT, " and %d more", l.size() - 5) : "") + ")";
    }
}
