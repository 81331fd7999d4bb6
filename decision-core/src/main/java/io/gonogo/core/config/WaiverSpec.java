package io.gonogo.core.config;

import io.gonogo.core.Subject;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A waiver as the targets file declares it: which target or risk it waives, why, who approved it
 * and the last day it applies. The engine decides whether it is in force on the evaluation's date.
 *
 * @param id unique id
 * @param kind whether it waives a target or a risk
 * @param subject the id of the waived target or risk
 * @param justification why the exception is acceptable
 * @param approver who accepted it
 * @param expires the last day (UTC) it applies
 * @param location where it is declared, {@code file:line:column}, or empty when built in code
 */
public record WaiverSpec(
        String id,
        Kind kind,
        String subject,
        String justification,
        String approver,
        LocalDate expires,
        String location) {

    /** What a waiver may waive. */
    public enum Kind {
        /**
         * A target: its MISSED or NOT MEASURED becomes a written condition instead of a blocker.
         */
        TARGET,
        /**
         * A declared risk: a HIGH risk that counts becomes a written condition instead of a
         * blocker.
         */
        RISK;

        /**
         * The prefix of the subject in reasons and conditions: {@code target} or {@code risk}.
         *
         * @return {@code target} or {@code risk}
         */
        public String prefix() {
            return this == TARGET ? "target" : "risk";
        }
    }

    /**
     * Checks that every part is given.
     *
     * @param id unique id
     * @param kind whether it waives a target or a risk
     * @param subject the id of the waived target or risk
     * @param justification why the exception is acceptable
     * @param approver who accepted it
     * @param expires the last day (UTC) it applies
     * @param location where it is declared, {@code file:line:column}, or empty when built in code
     * @throws IllegalArgumentException when the justification or the approver is blank
     */
    public WaiverSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(justification, "justification");
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(expires, "expires");
        location = Objects.requireNonNullElse(location, "");
        if (justification.isBlank() || approver.isBlank()) {
            throw new IllegalArgumentException(
                    "waiver '" + id + "' needs a justification and an approver");
        }
    }

    /**
     * The waived subject as reasons name it, e.g. {@code target.p99-5k} or {@code risk.db}.
     *
     * @return the text of {@link #waived()}
     */
    public String qualifiedSubject() {
        return waived().text();
    }

    /**
     * The waived target or risk.
     *
     * @return the subject of kind {@link Subject.Kind#TARGET} or {@link Subject.Kind#RISK}
     */
    public Subject waived() {
        return kind == Kind.TARGET ? Subject.target(subject) : Subject.risk(subject);
    }

    /**
     * Whether it applies on {@code day}: up to and including its expiry date.
     *
     * @param day the decision's day, in UTC
     * @return true on or before {@link #expires()}
     */
    public boolean inForceOn(LocalDate day) {
        return !day.isAfter(expires);
    }
}
