package io.gonogo.core;

import java.util.Locale;
import java.util.Optional;

/** How long and thorough a run is. */
public enum Profile {
    /** Short settings for CI and development. */
    QUICK,
    /** The durations and rigour a release needs. */
    FULL;

    /**
     * The name as written in targets files and on the command line.
     *
     * @return {@code quick} or {@code full}
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The profile named {@code id}, if any.
     *
     * @param id the name as written, in lower case
     * @return the profile, or empty for an unknown name
     */
    public static Optional<Profile> fromId(String id) {
        for (Profile p : values()) {
            if (p.id().equals(id)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
