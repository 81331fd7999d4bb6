package io.gonogo.core;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files under a temporary name and renames them, so a reader never sees half a file. The
 * file's data is forced to the disk before the rename, and its folder after it where the platform
 * allows, so a power loss leaves the file whole, or the file it replaced, never an empty one under
 * the new name.
 */
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
        /**
         * Writes the file's bytes to {@code out} (buffered; closed by the caller).
         *
         * @param out the stream to the temporary file
         * @throws IOException when the bytes cannot be written; the file is then not created
         */
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /**
     * Writes {@code content} to {@code target}, creating parent folders.
     *
     * @param target the file to create or replace
     * @param content its bytes
     * @throws UncheckedIOException when the file cannot be written or put in place
     */
    public static void write(Path target, byte[] content) {
        write(target, out -> out.write(content));
    }

    /**
     * Writes what {@code content} streams to {@code target}, creating parent folders; the file
     * appears complete or not at all.
     *
     * @param target the file to create or replace
     * @param content what writes its bytes
     * @throws UncheckedIOException when the file cannot be written or put in place
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
     * @param target the file it will become
     * @param content what writes its bytes
     * @return the written temporary file; the caller commits or discards it
     * @throws UncheckedIOException when the file cannot be written
     */
    public static Pending prepare(Path target, Content content) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out =
                        new java.io.BufferedOutputStream(
                                new KeepOpen(Channels.newOutputStream(channel)), 1 << 16);
                content.writeTo(out);
                out.flush();
                // the data reaches the disk before the name does
                channel.force(true);
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

    /**
     * Forces the entries of {@code dir} (the names a rename changed) to the disk, where the
     * platform can open a folder for that (not on Windows, whose renames are durable when they
     * return).
     *
     * @param dir the folder whose entries changed
     */
    public static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // a folder cannot be opened or forced here: the rename stands as the platform made it
        }
    }

    /** Passes writes through; a {@code close()} by the content only flushes. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
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

        /**
         * The file this becomes.
         *
         * @return the target given to {@link #prepare}
         */
        public Path target() {
            return target;
        }

        /**
         * Renames the file into place (atomically where the file system can), then forces its
         * folder to the disk where the platform allows.
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
                Path dir = target.toAbsolutePath().getParent();
                if (dir != null) {
                    forceDirectory(dir);
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
