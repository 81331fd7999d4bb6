package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Objects;

/**
 * One thing that changed since the baseline decision: the outcome, a target's verdict, a risk
 * opened or closed.
 *
 * @param kind what changed
 * @param subject {@code decision}, {@code target.<id>} or {@code risk.<id>}
 * @param before how it stood in the baseline decision ({@code absent} when it was not there)
 * @param after how it stands now ({@code absent} when it is gone)
 * @param text the change in one sentence
 */
public record Change(Kind kind, String subject, String before, String after, String text) {

    /** The kinds of change. */
    public enum Kind {
        /** The decision's outcome moved. */
        OUTCOME,
        /** A target's verdict moved, or the target appeared or disappeared. */
        VERDICT,
        /** A risk counts now that did not count (or did not exist) in the baseline decision. */
        RISK_OPENED,
        /** A risk that counted in the baseline decision no longer counts (or no longer exists). */
        RISK_CLOSED
    }

    /** Checks for nulls. */
    @JsonCreator
    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(text, "text");
    }
}
