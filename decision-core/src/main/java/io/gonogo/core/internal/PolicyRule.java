package io.gonogo.core.internal;

import io.gonogo.core.Outcome;
import io.gonogo.core.Profile;
import java.util.List;
import java.util.Optional;

/**
 * The policy rule: evidence that could not be read and a run in another profile than the policy
 * requires are conditions; the outcome is NO-GO with any blocker, else GO WITH CONDITIONS with any
 * condition, else GO.
 */
public final class PolicyRule {
    private PolicyRule() {}

    /**
     * Adds a condition for each problem met while gathering the evidence: evidence left out of the
     * figures is never silent.
     */
    public static void unreadableEvidence(List<String> problems, Findings findings) {
        for (int i = 0; i < problems.size(); i++) {
            findings.condition(
                    "evidence." + (i + 1),
                    "evidence was left out because it could not be read: " + problems.get(i));
        }
    }

    /** Adds a condition when the run's {@code profile} is not the {@code required} one. */
    public static void requiredProfile(
            Optional<Profile> required, Profile profile, Findings findings) {
        if (required.isPresent() && required.get() != profile) {
            findings.condition(
                    "policy",
                    "the policy requires the "
                            + required.get().id()
                            + " profile but this run used "
                            + profile.id());
        }
    }

    /** The outcome {@code findings} give. */
    public static Outcome outcome(Findings findings) {
        if (!findings.blockers().isEmpty()) {
            return Outcome.NO_GO;
        }
        return findings.conditions().isEmpty() ? Outcome.GO : Outcome.GO_WITH_CONDITIONS;
    }
}
