package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A written condition of a GO WITH CONDITIONS: what must happen, who owns it, by when.
 *
 * @param id stable id, derived from its subject (e.g. {@code target.p99-5k})
 * @param about the target, risk, scenario or part of the decision the condition comes from, written
 *     {@code subject} in {@code decision.json}
 * @param text what must be done, in one or two sentences
 * @param owner who is accountable
 * @param due the date by which it must be done
 */
public record Condition(
        String id,
        @JsonProperty("subject") Subject about,
        String text,
        String owner,
        LocalDate due) {

    /**
     * Checks for nulls.
     *
     * @param id stable id, derived from its subject (e.g. {@code target.p99-5k})
     * @param about the target, risk, scenario or part of the decision the condition comes from,
     *     written {@code subject} in {@code decision.json}
     * @param text what must be done, in one or two sentences
     * @param owner who is accountable
     * @param due the date by which it must be done
     */
    @JsonCreator
    public Condition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(about, "about");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(due, "due");
    }

    /**
     * A condition about the subject written {@code subject}, e.g. {@code target.p99-5k}.
     *
     * @param id stable id, derived from its subject (e.g. {@code target.p99-5k})
     * @param subject the subject's text, such as {@code target.p99-5k} or {@code risk.R-7}; a text
     *     of no known form is kept as written
     * @param text what must be done, in one or two sentences
     * @param owner who is accountable
     * @param due the date by which it must be done
     */
    public Condition(String id, String subject, String text, String owner, LocalDate due) {
        this(id, Subject.parse(subject), text, owner, due);
    }

    /**
     * What it comes from, as written, e.g. {@code target.p99-5k}.
     *
     * @return {@link #about()}'s text, as {@code decision.json} stores it
     */
    public String subject() {
        return about.text();
    }
}
