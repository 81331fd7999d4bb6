package io.gonogo.runners.memory.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/** Reads a process's {@code /proc/<pid>/status} and {@code /proc/<pid>/fd} (Linux). */
final class ProcFiles {
    private final Path dir;

    ProcFiles(long pid) {
        this.dir = Path.of("/proc", Long.toString(pid));
    }

    /** Whether this system has the process's /proc folder. */
    boolean available() {
        return Files.isReadable(dir.resolve("status"));
    }

    /**
     * A field of {@code status} in bytes ({@code VmRSS}, given in kB) or as a number ({@code
     * Threads}).
     */
    OptionalDouble status(String field) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("status"))) {
            if (line.startsWith(field + ":")) {
                String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                double v = Double.parseDouble(parts[0]);
                if (parts.length > 1 && parts[1].equalsIgnoreCase("kB")) {
                    v *= 1024;
                }
                return OptionalDouble.of(v);
            }
        }
        return OptionalDouble.empty();
    }

    /** The number of entries of {@code /proc/<pid>/fd}, if readable. */
    OptionalDouble fdCount() {
        int n = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("fd"))) {
            for (Path ignored : s) {
                n++;
            }
        } catch (IOException | SecurityException e) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(n);
    }
}
