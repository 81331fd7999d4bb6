package io.gonogo.core;

import io.gonogo.core.config.ChecklistSpec;
import io.gonogo.core.config.PlanSpec;
import io.gonogo.core.config.Policy;
import io.gonogo.core.config.RiskSpec;
import io.gonogo.core.config.Target;
import io.gonogo.core.config.TargetsFile;
import io.gonogo.core.config.WaiverSpec;
import io.gonogo.core.internal.BaselineComparison;
import io.gonogo.core.internal.Readiness;
import io.gonogo.core.internal.TargetEvaluator;
import io.gonogo.core.internal.Waivers;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    /** From this many targets on, they are judged in parallel. */
    private static final int PARALLEL_TARGETS = 64;

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

    private DecisionEngine(Builder b) {
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

    /** A builder with the default policy. */
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
                                kinds));
    }

    private Decision judge(
            List<Target> targets, List<PlannedScenario> plan, EvidenceSet evidence, Instant asOf) {
        Objects.requireNonNull(asOf, "asOf");
        LocalDate today = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        Waivers waived = new Waivers(waivers, targets, risks, today);
        TargetEvaluator evaluator = new TargetEvaluator(plan, evidence, baseline, noBaseline);
        List<Reason> blockers = new ArrayList<>();
        List<Reason> conditionsWhy = new ArrayList<>();
        List<Reason> notes = new ArrayList<>();

        for (PlannedScenario s : plan) {
            TestStatus st = evaluator.status(s);
            if (st == TestStatus.SUCCESSFUL) {
                continue;
            }
            String msg = evaluator.message(s);
            String text =
                    (s.optional() ? "optional" : "required")
                            + " scenario "
                            + s.qualifiedId()
                            + " "
                            + TargetEvaluator.describe(st)
                            + (msg.isEmpty() ? "" : ": " + msg);
            Reason r =
                    new Reason(
                            s.optional() ? Reason.Kind.CONDITION : Reason.Kind.BLOCKER,
                            "scenario." + s.suite() + "." + s.id(),
                            text);
            (s.optional() ? conditionsWhy : blockers).add(r);
        }

        // targets are judged independently (the evaluator only reads the evidence and caches
        // merges):
        // a large plan, such as 1,000 targets over 100,000 measurements, is judged on every core
        List<TargetVerdict> judged =
                targets.size() < PARALLEL_TARGETS
                        ? targets.stream().map(evaluator::evaluate).toList()
                        : targets.parallelStream().map(evaluator::evaluate).toList();
        List<TargetVerdict> verdicts = new ArrayList<>();
        int good = 0;
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            TargetVerdict v = judged.get(i);
            verdicts.add(v);
            String subject = "target." + t.id();
            String text =
                    "target "
                            + t.id()
                            + " ("
                            + t.title()
                            + ") "
                            + v.verdict().title()
                            + ": "
                            + v.reason();
            switch (v.verdict()) {
                case EXCEEDED, MET -> good++;
                case ACCEPTABLE, INCONCLUSIVE ->
                        conditionsWhy.add(new Reason(Reason.Kind.CONDITION, subject, text));
                case MISSED, NOT_MEASURED -> {
                    String full = (t.critical() ? "critical " : "non-critical ") + text;
                    Optional<WaiverSpec> w = waived.inForce(subject);
                    if (w.isPresent()) {
                        // a waiver never makes a target pass: its blocker becomes a written
                        // condition
                        conditionsWhy.add(
                                new Reason(
                                        Reason.Kind.CONDITION,
                                        subject,
                                        full + "; " + Waivers.clause(w.get())));
                        waived.effect(
                                w.get(),
                                (t.critical()
                                                ? "turns the blocker of critical target "
                                                : "keeps non-critical target ")
                                        + t.id()
                                        + " ("
                                        + v.verdict().title()
                                        + ") "
                                        + (t.critical() ? "into" : "as")
                                        + " a written condition due "
                                        + w.get().expires());
                    } else {
                        (t.critical() ? blockers : conditionsWhy)
                                .add(
                                        new Reason(
                                                t.critical()
                                                        ? Reason.Kind.BLOCKER
                                                        : Reason.Kind.CONDITION,
                                                subject,
                                                full));
                    }
                }
            }
            if (v.verdict() != Verdict.MISSED && v.verdict() != Verdict.NOT_MEASURED) {
                waived.inForce(subject)
                        .ifPresent(
                                w ->
                                        waived.effect(
                                                w,
                                                "changes nothing: target "
                                                        + t.id()
                                                        + " is "
                                                        + v.verdict().title()
                                                        + ", which does not block"));
            }
        }
        if (!targets.isEmpty()) {
            notes.add(
                    new Reason(
                            Reason.Kind.NOTE,
                            "targets",
                            good + " of " + targets.size() + " targets met or exceeded"));
        } else {
            conditionsWhy.add(
                    new Reason(
                            Reason.Kind.CONDITION,
                            "targets",
                            "the targets file declares no target, so nothing was judged"));
        }
        String owner =
                !policy.conditionOwner().isEmpty()
                        ? policy.conditionOwner()
                        : !release.owner().isEmpty() ? release.owner() : "release owner";
        LocalDate due = today.plusDays(policy.conditionDueDays());
        Map<String, Condition> ownConditions = new HashMap<>();

        Readiness readiness = new Readiness(verdicts, plan, evaluator);
        List<Risk> allRisks = new ArrayList<>();
        for (RiskSpec spec : risks) {
            Risk r = readiness.judge(spec, policy.riskMatrix());
            allRisks.add(r);
            String subject = "risk." + r.id();
            String text = r.level().name() + " risk " + r.id() + " (" + r.title() + ")";
            if (!r.counts()) {
                notes.add(
                        new Reason(
                                Reason.Kind.NOTE, subject, text + " does not count: " + r.why()));
                waived.inForce(subject)
                        .ifPresent(
                                w ->
                                        waived.effect(
                                                w,
                                                "changes nothing: risk "
                                                        + r.id()
                                                        + " does not count"));
                continue;
            }
            Optional<WaiverSpec> w = waived.inForce(subject);
            if (w.isPresent()) {
                waived.effect(
                        w.get(),
                        r.level() == RiskLevel.HIGH
                                ? "turns HIGH risk "
                                        + r.id()
                                        + " from a blocker into a written condition due "
                                        + w.get().expires()
                                : "changes nothing: risk "
                                        + r.id()
                                        + " is "
                                        + r.level().name()
                                        + ", which does not block");
            }
            switch (r.level()) {
                case HIGH -> {
                    if (w.isPresent()) {
                        conditionsWhy.add(
                                new Reason(
                                        Reason.Kind.CONDITION,
                                        subject,
                                        text
                                                + " counts: "
                                                + r.why()
                                                + "; "
                                                + Waivers.clause(w.get())));
                        ownConditions.put(
                                subject,
                                new Condition(
                                        subject,
                                        subject,
                                        "Risk "
                                                + r.id()
                                                + " ("
                                                + r.title()
                                                + ") is waived by "
                                                + w.get().id()
                                                + " (approved by "
                                                + w.get().approver()
                                                + ") until "
                                                + w.get().expires()
                                                + ": "
                                                + sentence(w.get().justification())
                                                + (r.mitigation().isBlank()
                                                        ? " Mitigate it before the waiver expires."
                                                        : " Mitigate it before the waiver expires: "
                                                                + sentence(r.mitigation())),
                                        r.owner().isBlank() ? owner : r.owner(),
                                        w.get().expires()));
                    } else {
                        blockers.add(
                                new Reason(
                                        Reason.Kind.BLOCKER,
                                        subject,
                                        text + " counts: " + r.why()));
                    }
                }
                case MEDIUM -> {
                    conditionsWhy.add(
                            new Reason(
                                    Reason.Kind.CONDITION, subject, text + " counts: " + r.why()));
                    ownConditions.put(
                            subject,
                            new Condition(
                                    subject,
                                    subject,
                                    "Mitigate risk "
                                            + r.id()
                                            + " ("
                                            + r.title()
                                            + ")"
                                            + (r.mitigation().isBlank()
                                                    ? "."
                                                    : ": " + sentence(r.mitigation())),
                                    r.owner().isBlank() ? owner : r.owner(),
                                    spec.due().orElse(due)));
                }
                case LOW ->
                        notes.add(
                                new Reason(
                                        Reason.Kind.NOTE,
                                        subject,
                                        text + " counts but is only watched: " + r.why()));
            }
        }
        for (TargetVerdict v : verdicts) {
            // the target's own condition already covers a derived risk, so it adds no second one
            Readiness.derived(v, owner).ifPresent(allRisks::add);
        }
        for (PlannedScenario s : plan) {
            TestStatus st = evaluator.status(s);
            if (s.optional() && (st == TestStatus.NOT_EXECUTED || st == TestStatus.SKIPPED)) {
                // its scenario reason already is a condition, so the derived risk adds no second
                // one
                allRisks.add(
                        new Risk(
                                "scenario." + s.suite() + "." + s.id(),
                                "what optional scenario "
                                        + s.qualifiedId()
                                        + " would have shown is unknown: it "
                                        + TargetEvaluator.describe(st),
                                RiskLevel.MEDIUM,
                                RiskLevel.MEDIUM,
                                RiskLevel.MEDIUM,
                                "Run it, or remove it from the plan.",
                                owner,
                                RiskStatus.OPEN.id(),
                                Risk.DERIVED,
                                "",
                                true,
                                "optional scenario "
                                        + s.qualifiedId()
                                        + " "
                                        + TargetEvaluator.describe(st)));
            }
        }

        List<ChecklistItem> items = new ArrayList<>();
        for (ChecklistSpec spec : checklist) {
            items.add(readiness.check(spec, today));
        }
        long done = items.stream().filter(ChecklistItem::done).count();
        if (!items.isEmpty()) {
            notes.add(
                    new Reason(
                            Reason.Kind.NOTE,
                            "checklist",
                            "readiness checklist: "
                                    + done
                                    + " of "
                                    + items.size()
                                    + " items done"));
        }
        if (policy.checklistMinPercent().isPresent()) {
            double min = policy.checklistMinPercent().getAsDouble();
            double share = items.isEmpty() ? 0 : 100.0 * done / items.size();
            if (items.isEmpty() || share < min) {
                List<String> open =
                        items.stream().filter(i -> !i.done()).map(ChecklistItem::id).toList();
                conditionsWhy.add(
                        new Reason(
                                Reason.Kind.CONDITION,
                                "checklist",
                                "the readiness checklist has "
                                        + done
                                        + " of "
                                        + items.size()
                                        + " items done ("
                                        + Numbers.short4(share)
                                        + "%), below the policy's minimum of "
                                        + Numbers.short4(min)
                                        + "%"
                                        + (open.isEmpty()
                                                ? ""
                                                : "; open: " + String.join(", ", open))));
            }
        }

        for (int i = 0; i < evidenceProblems.size(); i++) {
            // evidence gonogo could not read is left out of the figures, so it is never silent
            conditionsWhy.add(
                    new Reason(
                            Reason.Kind.CONDITION,
                            "evidence." + (i + 1),
                            "evidence was left out because it could not be read: "
                                    + evidenceProblems.get(i)));
        }

        Profile profile = evidence.environment().profile();
        if (policy.requireProfile().isPresent() && policy.requireProfile().get() != profile) {
            conditionsWhy.add(
                    new Reason(
                            Reason.Kind.CONDITION,
                            "policy",
                            "the policy requires the "
                                    + policy.requireProfile().get().id()
                                    + " profile but this run used "
                                    + profile.id()));
        }

        notes.addAll(waived.expiredNotes());
        Outcome outcome =
                !blockers.isEmpty()
                        ? Outcome.NO_GO
                        : !conditionsWhy.isEmpty() ? Outcome.GO_WITH_CONDITIONS : Outcome.GO;
        List<Condition> conditions = new ArrayList<>();
        Map<String, TargetVerdict> verdictById = new HashMap<>();
        for (TargetVerdict v : verdicts) {
            verdictById.putIfAbsent(v.target(), v);
        }
        for (Reason r : conditionsWhy) {
            Condition own = ownConditions.get(r.subject());
            Optional<WaiverSpec> w = waived.inForce(r.subject());
            conditions.add(
                    own != null
                            ? own
                            : w.isPresent()
                                    ? new Condition(
                                            r.subject(),
                                            r.subject(),
                                            "Waived by "
                                                    + w.get().id()
                                                    + " (approved by "
                                                    + w.get().approver()
                                                    + ") until "
                                                    + w.get().expires()
                                                    + ": "
                                                    + sentence(w.get().justification())
                                                    + " "
                                                    + conditionText(r, verdictById),
                                            owner,
                                            w.get().expires())
                                    : new Condition(
                                            r.subject(),
                                            r.subject(),
                                            conditionText(r, verdictById),
                                            owner,
                                            due));
        }
        List<Regression> regressions =
                baseline.flatMap(Baseline::evidence)
                        .map(b -> BaselineComparison.regressions(evidence, b, kinds))
                        .orElse(List.of());
        List<Change> changes =
                baseline.flatMap(Baseline::decision)
                        .map(b -> BaselineComparison.changes(b, outcome, verdicts, allRisks))
                        .orElse(List.of());
        if (baseline.isPresent()) {
            Baseline b = baseline.get();
            long worse =
                    regressions.stream()
                            .filter(r -> r.direction().equals(Regression.WORSE))
                            .count();
            notes.add(
                    new Reason(
                            Reason.Kind.NOTE,
                            "baseline",
                            "compared with baseline "
                                    + b.id()
                                    + " ("
                                    + b.ref().why()
                                    + "): "
                                    + (b.evidence().isEmpty()
                                            ? "no evidence to compare metrics with"
                                            : regressions.size()
                                                    + " figure(s) moved beyond their noise, "
                                                    + worse
                                                    + " for the worse")
                                    + (b.decision().isEmpty()
                                            ? ""
                                            : "; "
                                                    + changes.size()
                                                    + " change(s) since its decision ("
                                                    + b.decision().get().outcome().title()
                                                    + ")")));
        }
        List<Reason> reasons = new ArrayList<>(blockers);
        reasons.addAll(conditionsWhy);
        reasons.addAll(notes);
        return new Decision(
                Decision.SCHEMA_VERSION,
                outcome,
                release,
                evidence.runId(),
                profile,
                asOf,
                verdicts,
                allRisks,
                conditions,
                items,
                waived.listed(),
                reasons,
                baseline.map(Baseline::ref).orElse(BaselineRef.none(noBaseline)),
                regressions,
                changes);
    }

    private static String conditionText(Reason r, Map<String, TargetVerdict> verdictById) {
        if (r.subject().startsWith("target.")) {
            TargetVerdict v = verdictById.get(r.subject().substring("target.".length()));
            if (v != null) {
                return switch (v.verdict()) {
                    case ACCEPTABLE ->
                            "Bring "
                                    + v.title()
                                    + " within "
                                    + v.pass()
                                    + " (measured "
                                    + Numbers.show(v.achieved().orElseThrow())
                                    + (v.deltaPercent().isPresent()
                                            ? ", "
                                                    + Numbers.signedPercent(
                                                            v.deltaPercent().getAsDouble())
                                            : "")
                                    + "), and show it met in a new run before the due date.";
                    case INCONCLUSIVE ->
                            "Measure "
                                    + v.title()
                                    + " again with enough evidence to judge it: "
                                    + v.reason()
                                    + ".";
                    case NOT_MEASURED -> "Measure " + v.title() + ": " + v.reason() + ".";
                    default -> "Fix " + v.title() + ": " + v.reason() + ".";
                };
            }
        }
        if (r.subject().startsWith("scenario.")) {
            return "Make " + r.text() + " pass, or mark it optional with a reason.";
        }
        if (r.subject().equals("checklist")) {
            return "Complete the readiness checklist: " + r.text() + ".";
        }
        if (r.subject().startsWith("evidence.")) {
            return "Fix the suite or file that published unreadable evidence, and run again: "
                    + r.text()
                    + ".";
        }
        if (r.subject().equals("policy")) {
            return "Repeat the run in the profile the policy requires before release: "
                    + r.text()
                    + ".";
        }
        return capitalise(r.text()) + ".";
    }

    private static String sentence(String s) {
        String t = s.strip();
        return t.isEmpty() || ".!?".indexOf(t.charAt(t.length() - 1)) >= 0 ? t : t + ".";
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
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

        private Builder() {}

        /**
         * What the plan's suite kinds declare about themselves: the direction of each metric they
         * publish (for comparisons with the baseline) and how documents present them; stored in the
         * decision's plan. None when not set.
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
         */
        public Builder sprint(PlanSpec plan, Path baseDir) {
            this.sprint = Objects.requireNonNull(plan, "plan");
            this.sprintDir = Objects.requireNonNull(baseDir, "baseDir");
            return this;
        }

        /**
         * Who signs the go/no-go document besides the release owner, in order; none when not set.
         */
        public Builder approvers(List<String> value) {
            this.approvers = List.copyOf(value);
            return this;
        }

        /**
         * Problems met while gathering the evidence (a report entry that could not be read, see
         * {@code EvidenceCollector.problems()}); each becomes a written condition, so evidence left
         * out is never silent. None when not set.
         */
        public Builder evidenceProblems(List<String> value) {
            this.evidenceProblems = List.copyOf(value);
            return this;
        }

        /** The baseline relative criteria, regressions and "what changed" compare with. */
        public Builder baseline(Baseline value) {
            this.baseline = Objects.requireNonNull(value, "baseline");
            return this;
        }

        /**
         * No baseline, for the reason {@code why} (such as "the history folder holds no GO
         * decision"), which the NOT MEASURED verdict of every relative target quotes.
         */
        public Builder noBaseline(String why) {
            this.baseline = null;
            this.noBaseline = Objects.requireNonNull(why, "why");
            return this;
        }

        /** The waivers of targets and risks; none when not set. */
        public Builder waivers(List<WaiverSpec> value) {
            this.waivers = List.copyOf(value);
            return this;
        }

        /**
         * Release, policy, risk register, checklist, waivers, sprint plan and approvers, all from
         * {@code file}.
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

        /** The declared risk register; none when not set. */
        public Builder risks(List<RiskSpec> value) {
            this.risks = List.copyOf(value);
            return this;
        }

        /** The readiness checklist; none when not set. */
        public Builder checklist(List<ChecklistSpec> value) {
            this.checklist = List.copyOf(value);
            return this;
        }

        /** The release decided on. */
        public Builder release(Release value) {
            this.release = Objects.requireNonNull(value, "release");
            return this;
        }

        /** The policy; the fail-closed default when not set. */
        public Builder policy(Policy value) {
            this.policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /** Builds the engine. */
        public DecisionEngine build() {
            return new DecisionEngine(this);
        }
    }
}
