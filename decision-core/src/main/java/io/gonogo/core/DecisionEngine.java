package io.gonogo.core;

import io.gonogo.core.config.ChecklistSpec;
import io.gonogo.core.config.PlanSpec;
import io.gonogo.core.config.Policy;
import io.gonogo.core.config.RiskSpec;
import io.gonogo.core.config.Target;
import io.gonogo.core.config.TargetsFile;
import io.gonogo.core.config.WaiverSpec;
import io.gonogo.core.internal.BaselineRule;
import io.gonogo.core.internal.ChecklistRule;
import io.gonogo.core.internal.ConditionRule;
import io.gonogo.core.internal.ConditionTerms;
import io.gonogo.core.internal.Findings;
import io.gonogo.core.internal.PolicyRule;
import io.gonogo.core.internal.Readiness;
import io.gonogo.core.internal.RiskRule;
import io.gonogo.core.internal.ScenarioRule;
import io.gonogo.core.internal.TargetEvaluator;
import io.gonogo.core.internal.TargetRule;
import io.gonogo.core.internal.WaiverRule;
import io.gonogo.core.internal.Waivers;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides GO, GO WITH CONDITIONS or NO-GO from targets, a plan and evidence.
 *
 * <p>The default policy is fail-closed: a critical target MISSED or NOT MEASURED, a required
 * scenario that did not pass, or a HIGH risk that counts gives NO-GO; a non-critical target MISSED
 * or NOT MEASURED, an ACCEPTABLE or INCONCLUSIVE target (each also listed as a derived MEDIUM
 * risk), an optional scenario that did not pass, a MEDIUM risk that counts, or a checklist below
 * the policy's {@code checklist-min}, or evidence that could not be read gives GO WITH CONDITIONS,
 * each with a written condition; otherwise GO. A declared risk counts unless it is closed or its
 * {@code when} condition does not hold. Removing evidence or making a value worse can never improve
 * the outcome.
 *
 * <pre>{@code
 * DecisionEngine engine = DecisionEngine.builder().targetsFile(file).build();
 * Decision decision = engine.decide(targets, plan, evidence, Instant.now());
 * }</pre>
 *
 * <p>Immutable and thread-safe once built.
 */
public final class DecisionEngine {
    private final Release release;
    private final Policy policy;
    private final List<RiskSpec> risks;
    private final List<ChecklistSpec> checklist;
    private final List<WaiverSpec> waivers;
    private final Optional<Baseline> baseline;
    private final String noBaseline;
    private final List<String> evidenceProblems;
    private final PlanSpec sprint;
    private final Path sprintDir;
    private final List<String> approvers;
    private final List<SuiteKindInfo> kinds;
    private final List<String> overrides;
    private final ShardedRun shards;

    private DecisionEngine(Builder b) {
        this.overrides = b.overrides;
        this.shards = b.shards;
        this.evidenceProblems = List.copyOf(b.evidenceProblems);
        this.baseline = Optional.ofNullable(b.baseline);
        this.noBaseline = b.noBaseline;
        this.waivers = List.copyOf(b.waivers);
        this.release = b.release;
        this.policy = b.policy;
        this.risks = List.copyOf(b.risks);
        this.checklist = List.copyOf(b.checklist);
        this.sprint = b.sprint;
        this.sprintDir = b.sprintDir;
        this.approvers = b.approvers;
        this.kinds = b.kinds;
    }

    /**
     * A builder with the default policy.
     *
     * @return a builder with no targets file: an unnamed release, the fail-closed policy and no
     *     risks, checklist, waivers, baseline or plan
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Evaluates every target and the plan's scenarios and decides.
     *
     * @param targets the targets, in the order documents should list them
     * @param plan every scenario the plan declares
     * @param evidence what the run gathered
     * @param asOf the reference instant (due dates, waiver expiry)
     * @return the decision, with the plan and each planned scenario's final status stored in it
     */
    public Decision decide(
            List<Target> targets, List<PlannedScenario> plan, EvidenceSet evidence, Instant asOf) {
        return judge(targets, plan, evidence, asOf)
                .withPlan(
                        new RunPlan(
                                true,
                                PlannedOutcome.of(plan, evidence),
                                sprint,
                                approvers,
                                RunPlan.Deliverable.countAll(sprint, sprintDir),
                                kinds,
                                overrides,
                                shards));
    }

    private Decision judge(
            List<Target> targets, List<PlannedScenario> plan, EvidenceSet evidence, Instant asOf) {
        Objects.requireNonNull(asOf, "asOf");
        LocalDate today = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        Waivers waived = new Waivers(waivers, targets, risks, today);
        TargetEvaluator evaluator = new TargetEvaluator(plan, evidence, baseline, noBaseline);
        ConditionTerms terms = ConditionTerms.of(policy, release, today);
        Findings findings = new Findings();

        ScenarioRule.apply(plan, evaluator, findings);
        List<TargetVerdict> verdicts = TargetRule.apply(targets, evaluator, waived, findings);
        Readiness readiness = new Readiness(verdicts, plan, evaluator);
        RiskRule.declared(risks, policy.riskMatrix(), readiness, waived, terms, findings);
        RiskRule.derived(verdicts, plan, evaluator, terms, findings);
        List<ChecklistItem> items =
                ChecklistRule.apply(
                        checklist, readiness, today, policy.checklistMinPercent(), findings);
        PolicyRule.unreadableEvidence(evidenceProblems, findings);
        Profile profile = evidence.environment().profile();
        PolicyRule.requiredProfile(policy.requireProfile(), profile, findings);
        WaiverRule.expired(waived, findings);

        Outcome outcome = PolicyRule.outcome(findings);
        List<Condition> conditions = ConditionRule.apply(findings, verdicts, waived, terms);
        List<Regression> regressions = BaselineRule.regressions(baseline, evidence, kinds);
        List<Change> changes = BaselineRule.changes(baseline, outcome, verdicts, findings.risks());
        BaselineRule.note(baseline, regressions, changes, findings);
        return new Decision(
                Decision.SCHEMA_VERSION,
                outcome,
                release,
                evidence.runId(),
                profile,
                asOf,
                verdicts,
                findings.risks(),
                conditions,
                items,
                waived.listed(),
                findings.reasons(),
                baseline.map(Baseline::ref).orElse(BaselineRef.none(noBaseline)),
                regressions,
                changes);
    }

    /** Builds a {@link DecisionEngine}. */
    public static final class Builder {
        private Release release = new Release("unnamed release", "", "", "");
        private Policy policy = Policy.DEFAULT;
        private List<RiskSpec> risks = List.of();
        private List<ChecklistSpec> checklist = List.of();
        private List<WaiverSpec> waivers = List.of();
        private Baseline baseline;
        private String noBaseline = BaselineRef.NONE.why();
        private List<String> evidenceProblems = List.of();
        private PlanSpec sprint = PlanSpec.NONE;
        private Path sprintDir = Path.of("");
        private List<String> approvers = List.of();
        private List<SuiteKindInfo> kinds = List.of();
        private List<String> overrides = List.of();
        private ShardedRun shards;

        private Builder() {}

        /**
         * How the evidence's load figures were gathered by several load generator shards and
         * merged, stored in the decision's plan for the documents; none (a run on one generator)
         * when not set.
         *
         * @param value the sharded run; null for none
         * @return this builder
         */
        public Builder shards(ShardedRun value) {
            this.shards = value;
            return this;
        }

        /**
         * What the plan's suite kinds declare about themselves: the direction of each metric they
         * publish (for comparisons with the baseline) and how documents present them; stored in the
         * decision's plan. None when not set.
         *
         * @param value the kinds, each id once
         * @return this builder
         * @throws IllegalArgumentException when an id is declared twice
         */
        public Builder kinds(List<SuiteKindInfo> value) {
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (SuiteKindInfo k : value) {
                if (!ids.add(k.id())) {
                    throw new IllegalArgumentException(
                            "suite kind '" + k.id() + "' declared twice");
                }
            }
            this.kinds = List.copyOf(value);
            return this;
        }

        /**
         * The sprint plan the progress report shows, whose deliverables are counted under {@code
         * baseDir} when the decision is made; none when not set.
         *
         * @param plan the targets file's {@code plan:}
         * @param baseDir the folder the deliverables' paths are relative to, the targets file's
         * @return this builder
         */
        public Builder sprint(PlanSpec plan, Path baseDir) {
            this.sprint = Objects.requireNonNull(plan, "plan");
            this.sprintDir = Objects.requireNonNull(baseDir, "baseDir");
            return this;
        }

        /**
         * What the command line changed in the targets file or the plan ({@code --set}, {@code
         * --sut-url}, {@code --select}), as the documents echo it; none when not set.
         *
         * @param value the overrides as typed, such as {@code --set policy.checklist-min=80}
         * @return this builder
         */
        public Builder overrides(List<String> value) {
            this.overrides = List.copyOf(value);
            return this;
        }

        /**
         * Who signs the go/no-go document besides the release owner, in order; none when not set.
         *
         * @param value the approvers' names or roles
         * @return this builder
         */
        public Builder approvers(List<String> value) {
            this.approvers = List.copyOf(value);
            return this;
        }

        /**
         * Problems met while gathering the evidence (a report entry that could not be read, see
         * {@code EvidenceCollector.problems()}); each becomes a written condition, so evidence left
         * out is never silent. None when not set.
         *
         * @param value one sentence per problem
         * @return this builder
         */
        public Builder evidenceProblems(List<String> value) {
            this.evidenceProblems = List.copyOf(value);
            return this;
        }

        /**
         * The baseline relative criteria, regressions and "what changed" compare with.
         *
         * @param value an earlier GO decision and its evidence
         * @return this builder
         */
        public Builder baseline(Baseline value) {
            this.baseline = Objects.requireNonNull(value, "baseline");
            return this;
        }

        /**
         * No baseline, for the reason {@code why} (such as "the history folder holds no GO
         * decision"), which the NOT MEASURED verdict of every relative target quotes.
         *
         * @param why why there is none, in one sentence
         * @return this builder
         */
        public Builder noBaseline(String why) {
            this.baseline = null;
            this.noBaseline = Objects.requireNonNull(why, "why");
            return this;
        }

        /**
         * The waivers of targets and risks; none when not set.
         *
         * @param value the targets file's waivers, in force or expired
         * @return this builder
         */
        public Builder waivers(List<WaiverSpec> value) {
            this.waivers = List.copyOf(value);
            return this;
        }

        /**
         * Release, policy, risk register, checklist, waivers, sprint plan and approvers, all from
         * {@code file}.
         *
         * @param file the parsed targets file
         * @return this builder
         */
        public Builder targetsFile(TargetsFile file) {
            Objects.requireNonNull(file, "file");
            Path folder = file.path().toAbsolutePath().getParent();
            return sprint(file.plan(), folder == null ? Path.of("") : folder)
                    .approvers(file.approvers())
                    .release(file.release())
                    .policy(file.policy())
                    .risks(file.risks())
                    .checklist(file.checklist())
                    .waivers(file.waivers());
        }

        /**
         * The declared risk register; none when not set.
         *
         * @param value the targets file's risks
         * @return this builder
         */
        public Builder risks(List<RiskSpec> value) {
            this.risks = List.copyOf(value);
            return this;
        }

        /**
         * The readiness checklist; none when not set.
         *
         * @param value the targets file's checklist items
         * @return this builder
         */
        public Builder checklist(List<ChecklistSpec> value) {
            this.checklist = List.copyOf(value);
            return this;
        }

        /**
         * The release decided on.
         *
         * @param value its name, phase, planned date and owner
         * @return this builder
         */
        public Builder release(Release value) {
            this.release = Objects.requireNonNull(value, "release");
            return this;
        }

        /**
         * The policy; the fail-closed default when not set.
         *
         * @param value the targets file's policy
         * @return this builder
         */
        public Builder policy(Policy value) {
            this.policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /**
         * Builds the engine.
         *
         * @return the engine; immutable, it may decide any number of times
         */
        public DecisionEngine build() {
            return new DecisionEngine(this);
        }
    }
}
