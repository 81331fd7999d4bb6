package io.gonogo.core.internal;

import io.gonogo.core.Release;
import io.gonogo.core.config.Policy;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Who owns a written condition and by when it is due, unless the rule that words it says otherwise.
 *
 * @param owner the policy's condition owner, else the release owner, else {@code release owner}
 * @param due the decision's date plus the policy's days to fix a condition
 */
public record ConditionTerms(String owner, LocalDate due) {

    /** Checks for nulls. */
    public ConditionTerms {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(due, "due");
    }

    /** The terms {@code policy} and {@code release} set for a decision on {@code today}. */
    public static ConditionTerms of(Policy policy, Release release, LocalDate today) {
        String owner =
                !policy.conditionOwner().isEmpty()
                        ? policy.conditionOwner()
                        : !release.owner().isEmpty() ? release.owner() : "release owner";
        return new ConditionTerms(owner, today.plusDays(policy.conditionDueDays()));
    }
}
