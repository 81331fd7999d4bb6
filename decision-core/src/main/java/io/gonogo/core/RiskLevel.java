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

    /**
     * The level as written in the targets file, e.g. {@code medium}.
     *
     * @return the constant's name in lower case
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The level written {@code id} (in any case) in the targets file, if there is one.
     *
     * @param id the level as written, such as {@code high} or {@code HIGH}
     * @return the level, or empty for an unknown name
     */
    public static Optional<RiskLevel> fromId(String id) {
        for (RiskLevel l : values()) {
            if (l.name().equalsIgnoreCase(id)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
