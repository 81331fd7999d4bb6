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
 * @param baseline the baseline compared with, or why there was none (schema 2)
 * @param regressions metrics that moved beyond their noise against the baseline (schema 2)
 * @param changes what changed since the baseline decision (schema 2)
 * @param plan what the run set out to do: the planned scenarios with their final status, the sprint
 *     plan and the approvers ({@link RunPlan#UNKNOWN} when the decision was made without one;
 *     schema 3)
 */
public record Decision(
        int schemaVersion,
        Outcome outcome,
        Release release,
        String runId,
        Profile profile,
        Instant asOf,
        List<TargetVerdict> verdicts,
        List<Risk> risks,
        List<Condition> conditions,
        List<ChecklistItem> checklist,
        List<Waiver> waivers,
        List<Reason> reasons,
        BaselineRef baseline,
        List<Regression> regressions,
        List<Change> changes,
        RunPlan plan) {

    /**
     * The current version of the JSON form. Version 2 adds {@code baseline}, {@code regressions},
     * {@code changes}, the waivers' {@code inForce} and {@code effect}, and the verdicts' {@code
     * baseline}, {@code baselineValue} and {@code interval}; a version-1 file reads with no
     * baseline and those lists empty. Version 3 adds {@code plan}; an earlier file reads with
     * {@link RunPlan#UNKNOWN}.
     */
    public static final int SCHEMA_VERSION = 3;

    /**
     * A decision without a baseline (schema 1's shape).
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
    public Decision(
            int schemaVersion,
            Outcome outcome,
            Release release,
            String runId,
            Profile profile,
            Instant asOf,
            List<TargetVerdict> verdicts,
            List<Risk> risks,
            List<Condition> conditions,
            List<ChecklistItem> checklist,
            List<Waiver> waivers,
            List<Reason> reasons) {
        this(
                schemaVersion,
                outcome,
                release,
                runId,
                profile,
                asOf,
                verdicts,
                risks,
                conditions,
                checklist,
                waivers,
                reasons,
                BaselineRef.NONE,
                List.of(),
                List.of());
    }

    /**
     * A decision without a stored plan (schema 2's shape).
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
     * @param baseline the baseline compared with, or why there was none (schema 2)
     * @param regressions metrics that moved beyond their noise against the baseline (schema 2)
     * @param changes what changed since the baseline decision (schema 2)
     */
    public Decision(
            int schemaVersion,
            Outcome outcome,
            Release release,
            String runId,
            Profile profile,
            Instant asOf,
            List<TargetVerdict> verdicts,
            List<Risk> risks,
            List<Condition> conditions,
            List<ChecklistItem> checklist,
            List<Waiver> waivers,
            List<Reason> reasons,
            BaselineRef baseline,
            List<Regression> regressions,
            List<Change> changes) {
        this(
                schemaVersion,
                outcome,
                release,
                runId,
                profile,
                asOf,
                verdicts,
                risks,
                conditions,
                checklist,
                waivers,
                reasons,
                baseline,
                regressions,
                changes,
                RunPlan.UNKNOWN);
    }

    /**
     * This decision with {@code plan} stored in it.
     *
     * @param plan the run's plan, with each planned scenario's final status
     * @return a copy of this decision, schema version and all, with only the plan replaced
     */
    public Decision withPlan(RunPlan plan) {
        return new Decision(
                schemaVersion,
                outcome,
                release,
                runId,
                profile,
                asOf,
                verdicts,
                risks,
                conditions,
                checklist,
                waivers,
                reasons,
                baseline,
                regressions,
                changes,
                Objects.requireNonNull(plan, "plan"));
    }

    /**
     * Checks and copies. A null {@code baseline}, {@code regressions}, {@code changes} or {@code
     * plan}, as an earlier schema's file reads, becomes {@link BaselineRef#NONE}, an empty list or
     * {@link RunPlan#UNKNOWN}.
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
     * @param baseline the baseline compared with, or why there was none (schema 2)
     * @param regressions metrics that moved beyond their noise against the baseline (schema 2)
     * @param changes what changed since the baseline decision (schema 2)
     * @param plan what the run set out to do: the planned scenarios with their final status, the
     *     sprint plan and the approvers ({@link RunPlan#UNKNOWN} when the decision was made without
     *     one; schema 3)
     */
    @com.fasterxml.jackson.annotation.JsonCreator
    public Decision {
        baseline = Objects.requireNonNullElse(baseline, BaselineRef.NONE);
        plan = Objects.requireNonNullElse(plan, RunPlan.UNKNOWN);
        regressions = regressions == null ? List.of() : List.copyOf(regressions);
        changes = changes == null ? List.of() : List.copyOf(changes);
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
