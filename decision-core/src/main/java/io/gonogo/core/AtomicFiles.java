package io.gonogo.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files under a temporary name and renames them, so a reader never sees half a file. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Temporary files are created owner-only; a report must be readable as an ordinary file is (a
     * CI publisher often runs as another user), so it gets rw-r--r-- where POSIX applies.
     */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(
                    file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** What a streamed write puts in the file. */
    @FunctionalInterface
    public interface Content {
        /** Writes the file's bytes to {@code out} (buffered; closed by the caller). */
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /** Writes {@code content} to {@code target}, creating parent folders. */
    public static void write(Path target, byte[] content) {
        write(target, out -> out.write(content));
    }

    /**
     * Writes what {@code content} streams to {@code target}, creating parent folders; the file
     * appears complete or not at all.
     */
    public static void write(Path target, Content content) {
        Pending pending = prepare(target, content);
        try {
            pending.commit();
        } finally {
            pending.discard();
        }
    }

    /**
     * Writes what {@code content} streams to a temporary file beside {@code target} (creating
     * parent folders), to be put in place by {@link Pending#commit()} or removed by {@link
     * Pending#discard()}: a large file can be written while the files it belongs with are still
     * being rendered, and appear only with them.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static Pending prepare(Path target, Content content) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try (java.io.OutputStream out =
                    new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            }
            readableByAll(tmp);
            return new Pending(tmp, target);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // best effort: a leftover hidden .tmp file is harmless and replaced by the next run
            }
        }
    }

    /** A file written under a temporary name, not yet in place. */
    public static final class Pending {
        private final Path tmp;
        private final Path target;

        private Pending(Path tmp, Path target) {
            this.tmp = tmp;
            this.target = target;
        }

        /** The file this becomes. */
        public Path target() {
            return target;
        }

        /**
         * Renames the file into place (atomically where the file system can).
         *
         * @throws UncheckedIOException when it cannot be moved
         */
        public void commit() {
            try {
                try {
                    Files.move(
                            tmp,
                            target,
                            StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
            }
        }

        /** Removes the temporary file if it was not committed; idempotent. */
        public void discard() {
            deleteQuietly(tmp);
        }
    }
}
