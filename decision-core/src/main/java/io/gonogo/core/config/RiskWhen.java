package io.gonogo.core.config;

import io.gonogo.core.Verdict;
import java.util.Objects;
import java.util.Optional;

/**
 * What activates a declared risk: always, a target's verdict, or a suite's outcome.
 *
 * <p>Conditions are fail-closed, so that removing evidence or making a value worse can never
 * deactivate a risk: {@code target <id> <VERDICT>} holds when the target's verdict is that verdict
 * or worse, in the order EXCEEDED, MET, ACCEPTABLE, INCONCLUSIVE, MISSED, NOT_MEASURED; {@code
 * suite <kind> failed} holds when the suite did not pass (a scenario failed, was aborted, skipped
 * or not executed, or the plan has none of that kind), since a suite without an outcome cannot show
 * that it did not fail; {@code suite <kind> not-executed} holds when a scenario of the suite was
 * skipped or not executed, or the plan has none of that kind.
 *
 * @param kind what the condition looks at
 * @param subject the target id or suite kind; empty for {@link Kind#ALWAYS}
 * @param verdict the verdict for {@link Kind#TARGET}; null otherwise
 * @param suiteState {@code failed} or {@code not-executed} for {@link Kind#SUITE}; empty otherwise
 */
public record RiskWhen(Kind kind, String subject, Verdict verdict, String suiteState) {

    /** A risk without a condition: it always applies. */
    public static final RiskWhen ALWAYS = new RiskWhen(Kind.ALWAYS, "", null, "");

    /** The suite state for {@code suite <kind> failed}. */
    public static final String FAILED = "failed";

    /** The suite state for {@code suite <kind> not-executed}. */
    public static final String NOT_EXECUTED = "not-executed";

    /** What a condition looks at. */
    public enum Kind {
        /** Nothing: the risk always applies. */
        ALWAYS,
        /** A target's verdict. */
        TARGET,
        /** A suite's outcome. */
        SUITE
    }

    /**
     * Checks that the fields fit the kind.
     *
     * @param kind what the condition looks at
     * @param subject the target id or suite kind; empty for {@link Kind#ALWAYS}
     * @param verdict the verdict for {@link Kind#TARGET}; null otherwise
     * @param suiteState {@code failed} or {@code not-executed} for {@link Kind#SUITE}; empty
     *     otherwise
     */
    public RiskWhen {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(suiteState, "suiteState");
        if ((kind == Kind.TARGET) != (verdict != null)) {
            throw new IllegalArgumentException("a verdict is given exactly for a target condition");
        }
        if (kind == Kind.SUITE && !suiteState.equals(FAILED) && !suiteState.equals(NOT_EXECUTED)) {
            throw new IllegalArgumentException(
                    "a suite condition is 'failed' or 'not-executed', was " + suiteState);
        }
    }

    /**
     * The verdict of a target condition, if this is one.
     *
     * @return the verdict the target must have for the risk to count; empty for other conditions
     */
    public Optional<Verdict> targetVerdict() {
        return Optional.ofNullable(verdict);
    }

    /**
     * The condition as written in the targets file; empty for {@link #ALWAYS}.
     *
     * @return such as {@code target p99-5k MISSED} or {@code suite chaos failed}
     */
    public String text() {
        return switch (kind) {
            case ALWAYS -> "";
            case TARGET -> "target " + subject + " " + verdict.name();
            case SUITE -> "suite " + subject + " " + suiteState;
        };
    }
}
