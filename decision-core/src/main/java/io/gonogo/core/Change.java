package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One thing that changed since the baseline decision: the outcome, a target's verdict, a risk
 * opened or closed.
 *
 * @param kind what changed
 * @param about the decision, a target or a risk, written {@code subject} in {@code decision.json}
 * @param before how it stood in the baseline decision ({@code absent} when it was not there)
 * @param after how it stands now ({@code absent} when it is gone)
 * @param text the change in one sentence
 */
public record Change(
        Kind kind,
        @JsonProperty("subject") Subject about,
        String before,
        String after,
        String text) {

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

    /**
     * Checks for nulls.
     *
     * @param kind what changed
     * @param about the decision, a target or a risk, written {@code subject} in {@code
     *     decision.json}
     * @param before how it stood in the baseline decision ({@code absent} when it was not there)
     * @param after how it stands now ({@code absent} when it is gone)
     * @param text the change in one sentence
     */
    @JsonCreator
    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(about, "about");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(text, "text");
    }

    /**
     * A change of the subject written {@code subject}, e.g. {@code target.p99-5k}.
     *
     * @param kind what changed
     * @param subject the subject's text: {@code decision}, {@code target.<id>} or {@code risk.<id>}
     * @param before how it stood in the baseline decision ({@code absent} when it was not there)
     * @param after how it stands now ({@code absent} when it is gone)
     * @param text the change in one sentence
     */
    public Change(Kind kind, String subject, String before, String after, String text) {
        this(kind, Subject.parse(subject), before, after, text);
    }

    /**
     * What changed, as written: {@code decision}, {@code target.<id>} or {@code risk.<id>}.
     *
     * @return {@link #about()}'s text, as {@code decision.json} stores it
     */
    public String subject() {
        return about.text();
    }
}
