package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * A risk of the release, declared in the risk register or derived from the evaluation, with whether
 * it counts towards the decision.
 *
 * @param id unique id; a derived risk's id is {@code target.<target id>}
 * @param title what could go wrong
 * @param probability LOW, MEDIUM or HIGH
 * @param impact LOW, MEDIUM or HIGH
 * @param level the level from the probability and impact matrix (MEDIUM for a derived risk)
 * @param mitigation what reduces it
 * @param owner who watches it
 * @param status open, mitigated, accepted or closed
 * @param source declared in the risk register or derived from the evaluation
 * @param when the condition that activates it as written, empty when it always applies
 * @param counts whether it counts: its status is not closed and its condition holds
 * @param why why it counts or not, in one sentence; may be empty
 */
public record Risk(
        String id,
        String title,
        RiskLevel probability,
        RiskLevel impact,
        RiskLevel level,
        String mitigation,
        String owner,
        RiskStatus status,
        Source source,
        String when,
        boolean counts,
        String why) {

    /** The source of a risk declared in the targets file. */
    public static final Source DECLARED = Source.DECLARED;

    /** The source of a risk derived from the evaluation. */
    public static final Source DERIVED = Source.DERIVED;

    /** Where a risk comes from; written in lower case in {@code decision.json}. */
    public enum Source {
        /** Declared in the risk register of the targets file. */
        DECLARED,
        /**
         * Derived from the evaluation: an ACCEPTABLE or INCONCLUSIVE target, an optional scenario
         * not run.
         */
        DERIVED;

        /**
         * The source as {@code decision.json} writes it, e.g. {@code declared}.
         *
         * @return the constant's name in lower case
         */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The source as written, {@link #id()}.
         *
         * @return {@link #id()}
         */
        @Override
        public String toString() {
            return id();
        }
    }

    /**
     * Checks for nulls.
     *
     * @param id unique id; a derived risk's id is {@code target.<target id>}
     * @param title what could go wrong
     * @param probability LOW, MEDIUM or HIGH
     * @param impact LOW, MEDIUM or HIGH
     * @param level the level from the probability and impact matrix (MEDIUM for a derived risk)
     * @param mitigation what reduces it
     * @param owner who watches it
     * @param status open, mitigated, accepted or closed
     * @param source declared in the risk register or derived from the evaluation
     * @param when the condition that activates it as written, empty when it always applies
     * @param counts whether it counts: its status is not closed and its condition holds
     * @param why why it counts or not, in one sentence; may be empty
     */
    @JsonCreator
    public Risk {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(probability, "probability");
        Objects.requireNonNull(impact, "impact");
        mitigation = Objects.requireNonNullElse(mitigation, "");
        owner = Objects.requireNonNullElse(owner, "");
        status = Objects.requireNonNullElse(status, RiskStatus.OPEN);
        source = Objects.requireNonNullElse(source, DECLARED);
        when = Objects.requireNonNullElse(when, "");
        why = Objects.requireNonNullElse(why, "");
    }

    /**
     * A risk whose status is written {@code status}, e.g. {@code open}.
     *
     * @param id unique id; a derived risk's id is {@code target.<target id>}
     * @param title what could go wrong
     * @param probability LOW, MEDIUM or HIGH
     * @param impact LOW, MEDIUM or HIGH
     * @param level the level from the probability and impact matrix (MEDIUM for a derived risk)
     * @param mitigation what reduces it
     * @param owner who watches it
     * @param status open, mitigated, accepted or closed
     * @param source declared in the risk register or derived from the evaluation
     * @param when the condition that activates it as written, empty when it always applies
     * @param counts whether it counts: its status is not closed and its condition holds
     * @param why why it counts or not, in one sentence; may be empty
     * @throws IllegalArgumentException when {@code status} is not a {@link RiskStatus} id
     */
    public Risk(
            String id,
            String title,
            RiskLevel probability,
            RiskLevel impact,
            RiskLevel level,
            String mitigation,
            String owner,
            String status,
            Source source,
            String when,
            boolean counts,
            String why) {
        this(
                id,
                title,
                probability,
                impact,
                level,
                mitigation,
                owner,
                status(status),
                source,
                when,
                counts,
                why);
    }

    /**
     * A declared risk that always applies and counts.
     *
     * @param id unique id; a derived risk's id is {@code target.<target id>}
     * @param title what could go wrong
     * @param probability LOW, MEDIUM or HIGH
     * @param impact LOW, MEDIUM or HIGH
     * @param level the level from the probability and impact matrix (MEDIUM for a derived risk)
     * @param mitigation what reduces it
     * @param owner who watches it
     * @param status open, mitigated, accepted or closed
     */
    public Risk(
            String id,
            String title,
            RiskLevel probability,
            RiskLevel impact,
            RiskLevel level,
            String mitigation,
            String owner,
            RiskStatus status) {
        this(
                id,
                title,
                probability,
                impact,
                level,
                mitigation,
                owner,
                status,
                DECLARED,
                "",
                true,
                "");
    }

    /**
     * A declared risk whose status is written {@code status}, that always applies and counts.
     *
     * @param id unique id; a derived risk's id is {@code target.<target id>}
     * @param title what could go wrong
     * @param probability LOW, MEDIUM or HIGH
     * @param impact LOW, MEDIUM or HIGH
     * @param level the level from the probability and impact matrix (MEDIUM for a derived risk)
     * @param mitigation what reduces it
     * @param owner who watches it
     * @param status open, mitigated, accepted or closed
     */
    public Risk(
            String id,
            String title,
            RiskLevel probability,
            RiskLevel impact,
            RiskLevel level,
            String mitigation,
            String owner,
            String status) {
        this(id, title, probability, impact, level, mitigation, owner, status(status));
    }

    private static RiskStatus status(String id) {
        return RiskStatus.fromId(id)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "risk status '"
                                                + id
                                                + "'; expected open, mitigated, accepted or"
                                                + " closed"));
    }
}
