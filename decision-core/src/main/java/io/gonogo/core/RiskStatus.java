package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Where a risk of the register stands. */
public enum RiskStatus {
    /** Nothing has been done about it yet. */
    OPEN,
    /** Its mitigation is in place; it still counts, at its declared level. */
    MITIGATED,
    /** Someone accepted it; it still counts: a HIGH risk is accepted only through a waiver. */
    ACCEPTED,
    /** It can no longer happen; it does not count. */
    CLOSED;

    /**
     * The status as written in the targets file and in {@code decision.json}, e.g. {@code open}.
     *
     * @return the constant's name in lower case
     */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The status as written, {@link #id()}: a risk's status reads in a sentence as written.
     *
     * @return {@link #id()}
     */
    @Override
    public String toString() {
        return id();
    }

    /**
     * The status written {@code id} in the targets file, if there is one.
     *
     * @param id the status as written, in lower case
     * @return the status, or empty for an unknown name
     */
    public static Optional<RiskStatus> fromId(String id) {
        for (RiskStatus s : values()) {
            if (s.id().equals(id)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
