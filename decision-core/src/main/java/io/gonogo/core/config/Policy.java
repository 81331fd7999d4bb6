package io.gonogo.core.config;

import io.gonogo.core.Profile;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The rules that map verdicts and suite outcomes to a decision, beyond the fail-closed defaults.
 *
 * <p>From the targets file's {@code policy} section: {@code require-profile} (a decision made on
 * another profile is capped at GO WITH CONDITIONS), {@code condition-owner} (owner of written
 * conditions, default the release owner) and {@code condition-due-days} (days from the evaluation's
 * reference instant to a condition's due date, default 14), {@code risk-matrix} (see {@link
 * RiskMatrix}) and {@code checklist-min} (the share of checklist items that must be done, in
 * percent; below it the checklist becomes a condition). Immutable.
 */
public final class Policy {
    /** The fail-closed defaults of DESIGN.md. */
    public static final Policy DEFAULT = new Policy(null, "", 14);

    private final Profile requireProfile;
    private final String conditionOwner;
    private final int conditionDueDays;
    private final RiskMatrix riskMatrix;
    private final Double checklistMinPercent;

    /**
     * Creates a policy; {@code requireProfile} may be null, {@code conditionOwner} empty.
     *
     * @param requireProfile the profile a decision must be made on to be better than GO WITH
     *     CONDITIONS, or null for any
     * @param conditionOwner owner of written conditions; empty for the release owner
     * @param conditionDueDays days from the reference instant to a condition's due date, at least 0
     * @throws IllegalArgumentException when {@code conditionDueDays} is negative
     */
    public Policy(Profile requireProfile, String conditionOwner, int conditionDueDays) {
        this(requireProfile, conditionOwner, conditionDueDays, RiskMatrix.DEFAULT, null);
    }

    /**
     * Creates a policy; {@code requireProfile} and {@code checklistMinPercent} may be null, {@code
     * conditionOwner} empty.
     *
     * @param checklistMinPercent the share of checklist items that must be done, 0 to 100
     * @param requireProfile the profile a decision must be made on to be better than GO WITH
     *     CONDITIONS, or null for any
     * @param conditionOwner owner of written conditions; empty for the release owner
     * @param conditionDueDays days from the reference instant to a condition's due date, at least 0
     * @param riskMatrix the probability × impact matrix, {@link RiskMatrix#DEFAULT} for the default
     * @throws IllegalArgumentException when {@code conditionDueDays} is negative or {@code
     *     checklistMinPercent} lies outside 0 to 100
     */
    public Policy(
            Profile requireProfile,
            String conditionOwner,
            int conditionDueDays,
            RiskMatrix riskMatrix,
            Double checklistMinPercent) {
        if (checklistMinPercent != null
                && !(checklistMinPercent >= 0 && checklistMinPercent <= 100)) {
            throw new IllegalArgumentException(
                    "checklist-min must be between 0% and 100%, was " + checklistMinPercent + "%");
        }
        this.riskMatrix = Objects.requireNonNull(riskMatrix, "riskMatrix");
        this.checklistMinPercent = checklistMinPercent;
        this.requireProfile = requireProfile;
        this.conditionOwner = Objects.requireNonNull(conditionOwner, "conditionOwner");
        if (conditionDueDays < 0) {
            throw new IllegalArgumentException(
                    "condition-due-days must be >= 0, was " + conditionDueDays);
        }
        this.conditionDueDays = conditionDueDays;
    }

    /**
     * The profile a decision must be made on to be better than GO WITH CONDITIONS, if any.
     *
     * @return the profile, or empty when any profile may give GO
     */
    public Optional<Profile> requireProfile() {
        return Optional.ofNullable(requireProfile);
    }

    /**
     * Owner of written conditions; empty means the release owner.
     *
     * @return the owner, or empty
     */
    public String conditionOwner() {
        return conditionOwner;
    }

    /**
     * Days from the reference instant to a condition's due date.
     *
     * @return the days, 14 by default
     */
    public int conditionDueDays() {
        return conditionDueDays;
    }

    /**
     * The probability × impact matrix.
     *
     * @return the matrix declared risks take their level from
     */
    public RiskMatrix riskMatrix() {
        return riskMatrix;
    }

    /**
     * The share of checklist items that must be done, in percent, if the policy sets one.
     *
     * @return the share from 0 to 100, or empty when any share is enough
     */
    public OptionalDouble checklistMinPercent() {
        return checklistMinPercent == null
                ? OptionalDouble.empty()
                : OptionalDouble.of(checklistMinPercent);
    }
}
