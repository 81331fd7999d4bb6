package io.gonogo.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The baseline a targets file names ({@code baseline:}): an earlier {@code decision.json} or {@code
 * evidence.json}, or a history folder whose last GO decision is the baseline.
 *
 * @param kind a file or a history folder
 * @param path the file or folder, resolved against the targets file's folder
 * @param location where it is declared, {@code file:line:column}
 */
public record BaselineSpec(Kind kind, Path path, String location) {

    /** The forms of {@code baseline:}. */
    public enum Kind {
        /** {@code baseline: path/to/decision.json} (or evidence.json). */
        FILE,
        /** {@code baseline: {history: DIR}}: the last GO decision found in DIR. */
        HISTORY
    }

    /**
     * Checks for nulls.
     *
     * @param kind a file or a history folder
     * @param path the file or folder, resolved against the targets file's folder
     * @param location where it is declared, {@code file:line:column}
     */
    public BaselineSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        location = Objects.requireNonNullElse(location, "");
    }
}
