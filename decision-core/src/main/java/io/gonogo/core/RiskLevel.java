package io.gonogo.core;

import java.util.Locale;
import java.util.Optional;

/** Level of a risk, from its probability and impact; also the scale of probability and impact. */
public enum RiskLevel {
    /** Accept and watch. */
    LOW,
    /** Ship only with a written condition. */
    MEDIUM,
    /** Blocks the release unless waived. */
    HIGH;

    /** The level as written in the targets file, e.g. {@code medium}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The level written {@code id} (in any case) in the targets file, if there is one. */
    public static Optional<RiskLevel> fromId(String id) {
        for (RiskLevel l : values()) {
            if (l.name().equalsIgnoreCase(id)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
