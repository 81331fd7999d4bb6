package io.gonogo.core;

import java.util.Objects;

/**
 * One reason behind a decision.
 *
 * @param kind whether it blocks, conditions or merely informs
 * @param subject what it is about: {@code target.<id>}, {@code suite.<kind>}, {@code
 *     scenario.<kind>.<id>}, {@code policy}
 * @param text the reason in one sentence
 */
public record Reason(Kind kind, String subject, String text) {

    /** The weight of a reason. */
    public enum Kind {
        /** Forces NO-GO. */
        BLOCKER,
        /** Allows at best GO WITH CONDITIONS and becomes a written condition. */
        CONDITION,
        /** Explains, without changing the outcome. */
        NOTE
    }

    /** Checks for nulls. */
    public Reason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }
}
