package io.gonogo.core;

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

    /** The status as written in the targets file, e.g. {@code open}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status written {@code id} in the targets file, if there is one. */
    public static Optional<RiskStatus> fromId(String id) {
        for (RiskStatus s : values()) {
            if (s.id().equals(id)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
