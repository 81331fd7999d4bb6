package io.gonogo.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The decision on a release and everything it rests on; serialised as {@code decision.json}.
 *
 * @param schemaVersion version of the JSON form, currently {@value #SCHEMA_VERSION}
 * @param outcome GO, GO WITH CONDITIONS or NO-GO
 * @param release the release decided on
 * @param runId the evidence run the decision used
 * @param profile the profile of that run
 * @param asOf the reference instant of the evaluation (waiver expiry, due dates)
 * @param verdicts one per target, in the targets file's order
 * @param risks every risk, declared then derived, each with its level and whether it counts
 * @param conditions the conditions of a GO WITH CONDITIONS
 * @param checklist readiness items, each done only when its evidence holds
 * @param waivers waivers applied
 * @param reasons why the outcome is what it is, blockers first
 */
public record Decision(
        int schemaVersion, Outcome outcome, Release release, String runId, Profile profile, Instant asOf,
        List<TargetVerdict> verdicts, List<Risk> risks, List<Condition> conditions,
        List<ChecklistItem> checklist, List<Waiver> waivers, List<Reason> reasons) {

    /** The current version of the JSON form. */
    public static final int SCHEMA_VERSION = 1;

    /** Checks and copies. */
    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(asOf, "asOf");
        verdicts = List.copyOf(verdicts);
        risks = List.copyOf(risks);
        conditions = List.copyOf(conditions);
        checklist = List.copyOf(checklist);
        waivers = List.copyOf(waivers);
        reasons = List.copyOf(reasons);
    }
}
