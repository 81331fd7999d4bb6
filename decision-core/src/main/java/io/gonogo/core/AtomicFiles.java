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
     * Temporary files are created owner-only; a report must be readable as an ordinary file is
     * (a CI publisher often runs as another user), so it gets rw-r--r-- where POSIX applies.
     */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
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
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                    content.writeTo(out);
                }
                readableByAll(tmp);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
