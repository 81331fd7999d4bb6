package io.gonogo.core;

import java.util.Objects;

/**
 * The release under decision, from the targets file's {@code release} section.
 *
 * @param name the release's name
 * @param phase the phase or milestone, {@code ""} when not given
 * @param date the planned date as written, {@code ""} when not given
 * @param owner who owns the release decision, {@code ""} when not given
 */
public record Release(String name, String phase, String date, String owner) {

    /**
     * Checks for nulls.
     *
     * @param name the release's name
     * @param phase the phase or milestone, {@code ""} when not given
     * @param date the planned date as written, {@code ""} when not given
     * @param owner who owns the release decision, {@code ""} when not given
     */
    public Release {
        Objects.requireNonNull(name, "name");
        phase = Objects.requireNonNullElse(phase, "");
        date = Objects.requireNonNullElse(date, "");
        owner = Objects.requireNonNullElse(owner, "");
    }
}
