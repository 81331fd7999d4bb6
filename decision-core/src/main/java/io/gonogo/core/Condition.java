package io.gonogo.core;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A written condition of a GO WITH CONDITIONS: what must happen, who owns it, by when.
 *
 * @param id stable id, derived from its subject (e.g. {@code target.p99-5k})
 * @param subject the target, risk or suite the condition comes from
 * @param text what must be done, in one or two sentences
 * @param owner who is accountable
 * @param due the date by which it must be done
 */
public record Condition(String id, String subject, String text, String owner, LocalDate due) {

    /** Checks for nulls. */
    public Condition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(due, "due");
    }
}
