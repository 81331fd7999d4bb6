package io.gonogo.render;

import io.gonogo.core.Decision;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.PlannedOutcome;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.RunPlan;
import io.gonogo.core.config.PlanSpec;
import io.gonogo.core.config.TargetsFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the documents show from the targets file beyond the decision and its evidence: the scenarios
 * the plan declared (so "planned" counts the plan, not the tests that were discovered), the sprint
 * {@code plan} of the progress report with the folder its deliverables are relative to, and who
 * signs the go/no-go document. Immutable.
 *
 * <pre>{@code
 * ReportContext context = ReportContext.of(targetsFile, plannedScenarios);
 * renderer.render(decision, evidence, context, Path.of("reports"));
 * }</pre>
 */
public final class ReportContext {
    private static final ReportContext NONE =
            new ReportContext(null, null, PlanSpec.NONE, List.of(), List.of());

    private final List<PlannedScenario> planned;
    private final List<PlannedOutcome> outcomes;
    private final PlanSpec plan;
    private final List<RunPlan.Deliverable> deliverables;
    private final List<String> approvers;

    private ReportContext(
            List<PlannedScenario> planned,
            List<PlannedOutcome> outcomes,
            PlanSpec plan,
            List<RunPlan.Deliverable> deliverables,
            List<String> approvers) {
        this.planned = planned == null ? null : List.copyOf(planned);
        this.outcomes = outcomes == null ? null : List.copyOf(outcomes);
        this.plan = Objects.requireNonNull(plan, "plan");
        this.deliverables = List.copyOf(deliverables);
        this.approvers = List.copyOf(approvers);
    }

    /**
     * No targets file: planned tests are those the evidence records, no sprint plan, no named
     * approvers.
     *
     * @return the empty context
     */
    public static ReportContext none() {
        return NONE;
    }

    /**
     * The context of a run of {@code file}, whose plan declared {@code planned}.
     *
     * @param file the parsed targets file
     * @param planned every scenario the plan declares
     * @return the context, with the deliverables counted now under the file's folder
     */
    public static ReportContext of(TargetsFile file, List<PlannedScenario> planned) {
        Path folder = file.path().toAbsolutePath().getParent();
        return of(planned, file.plan(), folder == null ? Path.of("") : folder, file.approvers());
    }

    /**
     * The context stored in {@code decision} (see {@link Decision#plan()}): its planned scenarios,
     * sprint plan with the deliverables as counted when it was made, and approvers; {@link #none()}
     * when the decision was made without a plan.
     *
     * @param decision a stored decision
     * @return the context it stored, or {@link #none()}
     */
    public static ReportContext of(Decision decision) {
        RunPlan p = decision.plan();
        if (!p.declared()) {
            return NONE;
        }
        return new ReportContext(
                p.plannedScenarios(), p.scenarios(), p.sprint(), p.deliverables(), p.approvers());
    }

    /**
     * A context with the given parts; {@code baseDir} is the folder the plan's deliverables are
     * relative to.
     *
     * @param planned every scenario the plan declares
     * @param plan the sprint plan, {@link PlanSpec#NONE} for none
     * @param baseDir the folder the deliverables' paths are relative to
     * @param approvers who signs besides the release owner
     * @return the context, with the deliverables counted now
     */
    public static ReportContext of(
            List<PlannedScenario> planned, PlanSpec plan, Path baseDir, List<String> approvers) {
        return new ReportContext(
                Objects.requireNonNull(planned, "planned"),
                null,
                plan,
                RunPlan.Deliverable.countAll(plan, baseDir),
                approvers);
    }

    /**
     * The scenarios the plan declared, when known.
     *
     * @return the scenarios, or empty without a plan (the tests the evidence records stand in)
     */
    public Optional<List<PlannedScenario>> plannedScenarios() {
        return Optional.ofNullable(planned);
    }

    /**
     * Every planned scenario with how it ended in {@code evidence}, when the plan is known: as the
     * decision stored them, or as {@link PlannedOutcome#of} gives them for a plan passed in.
     *
     * @param evidence the evidence the decision rests on
     * @return the outcomes in plan order, or empty without a plan
     */
    public Optional<List<PlannedOutcome>> scenarios(EvidenceSet evidence) {
        if (outcomes != null) {
            return Optional.of(outcomes);
        }
        return plannedScenarios().map(p -> PlannedOutcome.of(p, evidence));
    }

    /**
     * The sprint plan; {@link PlanSpec#NONE} when there is none.
     *
     * @return the plan
     */
    public PlanSpec plan() {
        return plan;
    }

    /**
     * The sprint plan's deliverables as counted on disk, each path once.
     *
     * @return the deliverables, unmodifiable; empty without a plan
     */
    public List<RunPlan.Deliverable> deliverables() {
        return deliverables;
    }

    /**
     * Who signs the go/no-go document besides the release owner, in order.
     *
     * @return the approvers, unmodifiable; empty when none are named
     */
    public List<String> approvers() {
        return approvers;
    }
}
