package io.gonogo.core.config;

import io.gonogo.core.Profile;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules that map verdicts and suite outcomes to a decision, beyond the fail-closed defaults.
 *
 * <p>From the targets file's {@code policy} section: {@code require-profile} (a decision made on
 * another profile is capped at GO WITH CONDITIONS), {@code condition-owner} (owner of written
 * conditions, default the release owner) and {@code condition-due-days} (days from the
 * evaluation's reference instant to a condition's due date, default 14).
 */
public final class Policy {
    /** The fail-closed defaults of DESIGN.md. */
    public static final Policy DEFAULT = new Policy(null, "", 14);

    private final Profile requireProfile;
    private final String conditionOwner;
    private final int conditionDueDays;

    /** Creates a policy; {@code requireProfile} may be null, {@code conditionOwner} empty. */
    public Policy(Profile requireProfile, String conditionOwner, int conditionDueDays) {
        this.requireProfile = requireProfile;
        this.conditionOwner = Objects.requireNonNull(conditionOwner, "conditionOwner");
        if (conditionDueDays < 0) {
            throw new IllegalArgumentException("condition-due-days must be >= 0, was " + conditionDueDays);
        }
        this.conditionDueDays = conditionDueDays;
    }

    /** The profile a decision must be made on to be better than GO WITH CONDITIONS, if any. */
    public Optional<Profile> requireProfile() {
        return Optional.ofNullable(requireProfile);
    }

    /** Owner of written conditions; empty means the release owner. */
    public String conditionOwner() {
        return conditionOwner;
    }

    /** Days from the reference instant to a condition's due date. */
    public int conditionDueDays() {
        return conditionDueDays;
    }
}
