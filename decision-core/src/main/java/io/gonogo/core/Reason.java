package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One reason behind a decision.
 *
 * @param kind whether it blocks, conditions or merely informs
 * @param about what it is about, written {@code subject} in {@code decision.json}
 * @param text the reason in one sentence
 */
public record Reason(Kind kind, @JsonProperty("subject") Subject about, String text) {

    /** The weight of a reason. */
    public enum Kind {
        /** Forces NO-GO. */
        BLOCKER,
        /** Allows at best GO WITH CONDITIONS and becomes a written condition. */
        CONDITION,
        /** Explains, without changing the outcome. */
        NOTE
    }

    /**
     * Checks for nulls.
     *
     * @param kind whether it blocks, conditions or merely informs
     * @param about what it is about, written {@code subject} in {@code decision.json}
     * @param text the reason in one sentence
     */
    @JsonCreator
    public Reason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(about, "about");
        Objects.requireNonNull(text, "text");
    }

    /**
     * A reason about the subject written {@code subject}, e.g. {@code target.p99-5k}.
     *
     * @param kind whether it blocks, conditions or merely informs
     * @param subject the subject's text, such as {@code target.p99-5k} or {@code policy}; a text of
     *     no known form is kept as written
     * @param text the reason in one sentence
     */
    public Reason(Kind kind, String subject, String text) {
        this(kind, Subject.parse(subject), text);
    }

    /**
     * What it is about, as written: {@code target.<id>}, {@code scenario.<suite>.<id>}, {@code
     * risk.<id>}, {@code evidence.<n>}, {@code policy}, ...
     *
     * @return {@link #about()}'s text, as {@code decision.json} stores it
     */
    public String subject() {
        return about.text();
    }
}
