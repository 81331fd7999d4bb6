package io.gonogo.render.internal;

import io.gonogo.core.ChecklistItem;
import io.gonogo.core.Condition;
import io.gonogo.core.Decision;
import io.gonogo.core.Environment;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.Numbers;
import io.gonogo.core.Outcome;
import io.gonogo.core.PlannedOutcome;
import io.gonogo.core.Quality;
import io.gonogo.core.Quantity;
import io.gonogo.core.Reason;
import io.gonogo.core.Release;
import io.gonogo.core.Risk;
import io.gonogo.core.RiskLevel;
import io.gonogo.core.Scalar;
import io.gonogo.core.SuiteKindInfo;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.Unit;
import io.gonogo.core.Verdict;
import io.gonogo.core.config.Aggregation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The view model of {@code go-no-go.md}: every value the template prints, already formatted in
 * {@link java.util.Locale#ROOT} and escaped for Markdown, in a {@link Document} of one record per
 * section, whose components are strings, booleans, lists and the records of the rows.
 *
 * <p>All deciding, counting and formatting happens here; the template only lays the values out. The
 * same decision and evidence always give an equal model, in the same order.
 */
public final class GoNoGoView {
    /** How many measured verdicts the executive summary quotes. */
    static final int KEY_FIGURES = 5;

    /**
     * How many conditions (and blockers) the executive summary, the recommendations and the
     * rationale list one by one; the rest are counted there and listed once, in full, under
     * Conditions for proceeding (blockers under Rationale). A run with hundreds of conditions would
     * otherwise repeat each of them four times.
     */
    static final int LISTED = 10;

    /** The category of tests from any other suite or JUnit container. */
    static final String OTHER = Kinds.OTHER;

    /** The marker of a percentile read from fewer samples than it needs. */
    static final String LOW_SAMPLE_MARK = "†";

    private static final double[] LOAD_PERCENTILES = {50, 95, 99, 99.9};

    private GoNoGoView() {}

    /** A labelled value: a line of the header, a row of the dashboard or environment table. */
    public record Fact(String label, String value) {}

    /**
     * The model of {@code go-no-go.md}, one component per section.
     *
     * @param title the release name, as a heading
     * @param runId the run the decision was made from
     * @param profile the profile of the run
     * @param facts the header's facts about the release
     * @param summary the executive summary
     * @param dashboard the dashboard's rows
     * @param tests the test execution summary
     * @param targets performance against targets
     * @param risks the risk analysis
     * @param checklist the readiness checklist
     * @param load the load scenarios
     * @param memory the memory and resource findings
     * @param chaos the chaos findings
     * @param tables a section per kind shown as a table of its metrics, in the plan's order
     * @param recommendations the recommendations, one list item each
     * @param formal the formal decision
     * @param conditions the conditions for proceeding
     * @param reasons the rationale, by kind of reason
     * @param approval who signs
     * @param appendix the evidence files and charts
     * @param environment the environment of the run
     * @param shards the load generator shards the figures came from, for a sharded run
     * @param waivers the waivers
     * @param baseline what changed since the baseline, and the regressions
     * @param benchmarks every benchmark score, a row each (JMH results and the benchmark suite)
     */
    public record Document(
            String title,
            String runId,
            String profile,
            List<Fact> facts,
            ExecutiveSummary summary,
            List<Fact> dashboard,
            TestSummary tests,
            Targets targets,
            RiskAnalysis risks,
            Checklist checklist,
            LoadScenarios load,
            FindingsView.MemoryFindings memory,
            FindingsView.ChaosFindings chaos,
            List<MetricsTables.Section> tables,
            List<String> recommendations,
            FormalDecision formal,
            List<ConditionRow> conditions,
            List<ReasonGroup> reasons,
            List<Signer> approval,
            Appendix appendix,
            List<Fact> environment,
            ShardsView shards,
            RulesView.Waivers waivers,
            RulesView.Baseline baseline,
            List<ComparisonView.StandaloneRow> benchmarks) {
        /** Copies the lists. */
        public Document {
            benchmarks = List.copyOf(benchmarks);
            facts = List.copyOf(facts);
            dashboard = List.copyOf(dashboard);
            tables = List.copyOf(tables);
            recommendations = List.copyOf(recommendations);
            conditions = List.copyOf(conditions);
            reasons = List.copyOf(reasons);
            approval = List.copyOf(approval);
            environment = List.copyOf(environment);
        }
    }

    /**
     * The executive summary.
     *
     * @param decision the outcome's title
     * @param why why the release may or may not ship, in a sentence or two
     * @param blockers the blockers, one list item each (empty unless NO-GO)
     * @param conditions the conditions, one list item each
     * @param figures the key figures, one list item each
     */
    public record ExecutiveSummary(
            String decision,
            String why,
            List<String> blockers,
            List<String> conditions,
            List<String> figures) {
        /** Copies the lists. */
        public ExecutiveSummary {
            blockers = List.copyOf(blockers);
            conditions = List.copyOf(conditions);
            figures = List.copyOf(figures);
        }
    }

    /**
     * The test execution summary.
     *
     * @param rows the counts per category, with a total row when there are several
     * @param absent which suite kinds are missing, as a sentence; empty when none is
     * @param scenarios every test, a row each
     * @param plannedFrom what "planned" counts, as a sentence
     */
    public record TestSummary(
            List<TestRow> rows,
            String absent,
            List<ScenarioRow> scenarios,
            String plannedFrom,
            boolean partial) {
        /** Copies the lists. */
        public TestSummary {
            rows = List.copyOf(rows);
            scenarios = List.copyOf(scenarios);
        }
    }

    /** The tests of a category by how they ended, a row of the test counts table. */
    public record TestRow(
            String category,
            String planned,
            String executed,
            String passed,
            String failed,
            String notExecuted,
            String notSelected) {}

    /** A test and how it ended, a row of the tests table. */
    public record ScenarioRow(
            String suite, String name, String status, String duration, String message) {}

    /**
     * Performance against targets.
     *
     * @param rows a row per target
     * @param reasons each verdict's reason, one list item each
     */
    public record Targets(List<TargetRow> rows, List<String> reasons) {
        /** Copies the lists. */
        public Targets {
            rows = List.copyOf(rows);
            reasons = List.copyOf(reasons);
        }
    }

    /** A target and its verdict, a row of the targets table. */
    public record TargetRow(
            String target,
            String metric,
            String criterion,
            String achieved,
            String delta,
            String verdict,
            String critical) {}

    /**
     * The risk analysis.
     *
     * @param levels the risks by level, high first (empty when there is no risk)
     * @param why why each risk counts or not, one list item each
     */
    public record RiskAnalysis(List<RiskGroup> levels, List<String> why) {
        /** Copies the lists. */
        public RiskAnalysis {
            levels = List.copyOf(levels);
            why = List.copyOf(why);
        }
    }

    /**
     * The risks of one level.
     *
     * @param label the level, capitalised
     * @param rows a row per risk of this level
     * @param none what the level says when it has no risk
     */
    public record RiskGroup(String label, List<RiskRow> rows, String none) {
        /** Copies the list. */
        public RiskGroup {
            rows = List.copyOf(rows);
        }
    }

    /** A risk, a row of its level's table. */
    public record RiskRow(
            String id,
            String risk,
            String probability,
            String impact,
            String mitigation,
            String owner,
            String status) {}

    /**
     * The readiness checklist.
     *
     * @param rows a row per item
     * @param score items done over items; empty when there is no item
     * @param open how many items are open
     */
    public record Checklist(List<ChecklistRow> rows, String score, String open) {
        /** Copies the list. */
        public Checklist {
            rows = List.copyOf(rows);
        }
    }

    /** A checklist item, a row of the checklist table. */
    public record ChecklistRow(String item, String done, String evidence, String found) {}

    /**
     * The load scenarios.
     *
     * @param rows a row per load scenario and label set
     * @param lowSample whether a percentile is marked as read from too few samples
     * @param flags the quality flags of the rows, one list item each
     * @param merged whether a row merges repeated runs
     * @param charts the Markdown images of the load charts
     * @param notCharted the scenarios without a latency chart; empty when every one has one
     * @param chartLimit how many latency charts are drawn at most
     */
    public record LoadScenarios(
            List<LoadRow> rows,
            boolean lowSample,
            List<String> flags,
            boolean merged,
            List<String> charts,
            String notCharted,
            String chartLimit) {
        /** Copies the lists. */
        public LoadScenarios {
            rows = List.copyOf(rows);
            flags = List.copyOf(flags);
            charts = List.copyOf(charts);
        }
    }

    /** A load scenario's figures, a row of the load table; latencies in milliseconds. */
    public record LoadRow(
            String scenario,
            String requests,
            String throughput,
            String successRate,
            String min,
            String mean,
            String p50,
            String p95,
            String p99,
            String p999,
            String max,
            String window) {}

    /**
     * The formal decision.
     *
     * @param statement the decision as one sentence
     * @param asOf when it was decided
     * @param profile the profile of the run
     * @param runId the run it was made from
     */
    public record FormalDecision(String statement, String asOf, String profile, String runId) {}

    /** A condition for proceeding, a row of its table. */
    public record ConditionRow(String id, String text, String owner, String due) {}

    /**
     * The reasons of one kind, in the rationale.
     *
     * @param label the kind, as a heading
     * @param items the reasons, one list item each
     */
    public record ReasonGroup(String label, List<String> items) {
        /** Copies the list. */
        public ReasonGroup {
            items = List.copyOf(items);
        }
    }

    /** Who signs the document, a row of the approval table. */
    public record Signer(String role, String name) {}

    /**
     * The appendix.
     *
     * @param files links to the evidence files
     * @param charts links to the charts
     * @param measurements how many measurements the evidence holds
     * @param outcomes how many test outcomes the evidence holds
     */
    public record Appendix(
            List<String> files, List<String> charts, String measurements, String outcomes) {
        /** Copies the lists. */
        public Appendix {
            files = List.copyOf(files);
            charts = List.copyOf(charts);
        }
    }

    /** The model of {@code go-no-go.md} for {@code decision}, made from {@code evidence} alone. */
    public static Document of(Decision decision, EvidenceSet evidence) {
        return of(
                decision,
                evidence,
                Optional.empty(),
                List.of(),
                Charts.of(evidence, "transport", Kinds.of(decision)),
                List.of());
    }

    /**
     * The model of {@code go-no-go.md}: {@code planned} are the scenarios the plan declared (empty
     * when unknown: planned then counts the tests the evidence records), {@code approvers} who
     * signs besides the release owner, {@code charts} the charts drawn from the evidence, {@code
     * files} the evidence files beside the document (relative paths).
     */
    public static Document of(
            Decision decision,
            EvidenceSet evidence,
            Optional<List<PlannedOutcome>> planned,
            List<String> approvers,
            Charts charts,
            List<String> files) {
        List<TestOutcome> tests =
                withPlannedNotExecuted(
                        evidence.outcomes().stream().filter(o -> !o.container()).toList(),
                        planned,
                        evidence);
        Tally total = Tally.of(tests);
        Set<String> allFiles = new TreeSet<>(files);
        evidence.measurements().forEach(x -> x.source().attachment().ifPresent(allFiles::add));
        List<String> attached = List.copyOf(allFiles);
        return new Document(
                Markdown.heading(decision.release().name()),
                Markdown.text(decision.runId()),
                decision.profile().id(),
                facts(decision),
                summary(decision, total),
                dashboard(decision, total),
                tests(tests, total, planned.isPresent(), charts.index().kinds()),
                targets(decision.verdicts()),
                risks(decision.risks()),
                checklist(decision.checklist()),
                load(charts),
                FindingsView.memory(decision, evidence, planned, charts, attached),
                FindingsView.chaos(decision, evidence, planned, charts),
                MetricsTables.of(decision, evidence, planned, charts),
                recommendations(decision, tests),
                formal(decision),
                conditions(decision.conditions()),
                reasons(decision.reasons()),
                approval(decision, approvers),
                appendix(evidence, charts, attached),
                environment(evidence.environment(), decision.plan().overrides()),
                ShardsView.of(decision.plan().shards()),
                RulesView.waivers(decision.waivers()),
                RulesView.baseline(decision),
                ComparisonView.benchmarkScores(evidence, charts.index().kinds()));
    }

    /**
     * The tests of the evidence, with each planned scenario in its place with the outcome the
     * decision's plan gives it (NOT EXECUTED when none was recorded, see {@link PlannedOutcome}),
     * so that "planned" counts the plan even when discovery failed.
     */
    private static List<TestOutcome> withPlannedNotExecuted(
            List<TestOutcome> tests, Optional<List<PlannedOutcome>> planned, EvidenceSet evidence) {
        if (planned.isEmpty()) {
            return tests;
        }
        List<TestOutcome> all = new ArrayList<>();
        Set<String> plannedKeys = new java.util.HashSet<>();
        for (PlannedOutcome p : planned.get()) {
            plannedKeys.add(p.suite() + "/" + p.id());
            all.add(p.outcome());
        }
        for (TestOutcome o : tests) {
            if (!plannedKeys.contains(o.suite() + "/" + o.scenario())) {
                all.add(o);
            }
        }
        return all;
    }

    // ---- dashboard

    private static List<Fact> dashboard(Decision d, Tally tests) {
        List<Fact> rows = new ArrayList<>();
        rows.add(new Fact("Decision", d.outcome().title()));
        long met =
                d.verdicts().stream()
                        .filter(v -> v.verdict() == Verdict.MET || v.verdict() == Verdict.EXCEEDED)
                        .count();
        rows.add(
                new Fact(
                        "Targets met or exceeded",
                        d.verdicts().isEmpty()
                                ? "none declared"
                                : met + "/" + d.verdicts().size()));
        rows.add(
                new Fact(
                        "Tests passed",
                        tests.planned == 0
                                ? "none planned"
                                : Numbers.grouped(tests.passed)
                                        + "/"
                                        + Numbers.grouped(tests.planned)
                                        + " planned ("
                                        + Numbers.grouped(tests.failed)
                                        + " failed, "
                                        + Numbers.grouped(tests.notExecuted)
                                        + " not executed"
                                        + (tests.notSelected > 0
                                                ? ", "
                                                        + Numbers.grouped(tests.notSelected)
                                                        + " not selected"
                                                : "")
                                        + ")"));
        rows.add(
                new Fact(
                        "Risks counting (high/medium/low)",
                        d.risks().isEmpty() ? "none declared" : countingRisks(d.risks())));
        rows.add(
                new Fact(
                        "Readiness checklist",
                        d.checklist().isEmpty()
                                ? "no items declared"
                                : d.checklist().stream().filter(ChecklistItem::done).count()
                                        + "/"
                                        + d.checklist().size()
                                        + " done"));
        rows.add(
                new Fact(
                        "Blockers",
                        Long.toString(
                                d.reasons().stream()
                                        .filter(r -> r.kind() == Reason.Kind.BLOCKER)
                                        .count())));
        rows.add(new Fact("Conditions", Integer.toString(d.conditions().size())));
        rows.add(new Fact("Profile", d.profile().id()));
        return rows;
    }

    /** How many risks count at each level, high/medium/low. */
    private static String countingRisks(List<Risk> risks) {
        return List.of(RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW).stream()
                .map(
                        l ->
                                Long.toString(
                                        risks.stream()
                                                .filter(r -> r.level() == l && r.counts())
                                                .count()))
                .collect(Collectors.joining("/"));
    }

    // ---- recommendations, formal decision, approval

    private static List<String> recommendations(Decision d, List<TestOutcome> tests) {
        List<String> out = new ArrayList<>();
        for (Reason r : d.reasons()) {
            if (r.kind() == Reason.Kind.BLOCKER) {
                out.add("Clear the blocker: " + sentence(Markdown.text(r.text())));
            }
        }
        List<Condition> conditions = d.conditions();
        for (Condition c : conditions.subList(0, Math.min(LISTED, conditions.size()))) {
            out.add(
                    "Meet the condition "
                            + Markdown.text(c.id())
                            + " (owner "
                            + Markdown.text(c.owner())
                            + ", due "
                            + c.due()
                            + "): "
                            + sentence(Markdown.text(c.text())));
        }
        if (conditions.size() > LISTED) {
            out.add(
                    "Meet the "
                            + Formats.count(
                                    conditions.size() - LISTED,
                                    "other condition",
                                    "other conditions")
                            + " listed under Conditions for proceeding, each by its owner and due"
                            + " date.");
        }
        for (ChecklistItem i : d.checklist()) {
            if (!i.done()) {
                out.add(
                        "Complete the checklist item "
                                + Markdown.text(i.title())
                                + ": its evidence ("
                                + Markdown.text(i.evidence())
                                + ") does not hold yet"
                                + (i.found().isBlank()
                                        ? "."
                                        : "; found: " + sentence(Markdown.text(i.found()))));
            }
        }
        for (TargetVerdict v : d.verdicts()) {
            if (v.quality().contains(Quality.LOW_SAMPLES)) {
                out.add(
                        "Re-measure "
                                + Markdown.text(v.target())
                                + " with more samples: its figure rests on too few"
                                + " to be trusted.");
            }
        }
        if (d.profile() == io.gonogo.core.Profile.QUICK) {
            out.add(
                    "Confirm the figures with the full profile before release: this run used the"
                            + " quick profile, whose durations are shorter than a release needs.");
        }
        if (out.isEmpty()) {
            out.add("None: no blocker, condition, open checklist item or weak figure stands.");
        }
        return items(out);
    }

    private static FormalDecision formal(Decision d) {
        Release r = d.release();
        String what =
                Markdown.text(r.name())
                        + (r.phase().isBlank() ? "" : " (" + Markdown.text(r.phase()) + ")");
        String statement =
                switch (d.outcome()) {
                    case GO -> "GO: " + what + " may ship.";
                    case GO_WITH_CONDITIONS ->
                            "GO WITH CONDITIONS: "
                                    + what
                                    + " may ship once the conditions below are"
                                    + " met by their owners on or before their due dates.";
                    case NO_GO ->
                            "NO-GO: "
                                    + what
                                    + " must not ship until every blocker below is cleared and a"
                                    + " new run decides again.";
                };
        return new FormalDecision(
                statement, d.asOf().toString(), d.profile().id(), Markdown.text(d.runId()));
    }

    private static List<Signer> approval(Decision d, List<String> approvers) {
        List<Signer> rows = new ArrayList<>();
        if (!d.release().owner().isBlank()) {
            rows.add(new Signer("Release owner", Markdown.text(d.release().owner())));
        }
        for (String a : approvers) {
            rows.add(new Signer("Approver", Markdown.text(a)));
        }
        if (rows.isEmpty()) {
            rows.add(new Signer("Release owner", "(name, to be filled in when signing)"));
            rows.add(new Signer("Approver", "(name, to be filled in when signing)"));
        }
        return rows;
    }

    private static Appendix appendix(EvidenceSet evidence, Charts charts, List<String> files) {
        Set<String> all = new TreeSet<>(files);
        for (Measurement m : evidence.measurements()) {
            m.source().attachment().ifPresent(all::add);
        }
        List<String> links =
                all.stream()
                        .map(f -> "[" + Markdown.text(f) + "](" + f.replace(" ", "%20") + ")")
                        .toList();
        List<String> chartLinks =
                charts.files().keySet().stream()
                        .map(f -> Charts.FOLDER + "/" + f)
                        .map(f -> "[" + f + "](" + f + ")")
                        .toList();
        return new Appendix(
                links,
                chartLinks,
                Numbers.grouped(evidence.measurements().size()),
                Numbers.grouped(evidence.outcomes().size()));
    }

    // ---- header

    /** How the command line's {@code --as-of} is recorded among the plan's overrides. */
    private static final String AS_OF = "--as-of ";

    private static List<Fact> facts(Decision d) {
        Release r = d.release();
        List<Fact> facts = new ArrayList<>();
        addFact(facts, "Phase", Markdown.text(r.phase()));
        addFact(facts, "Release date", Markdown.text(r.date()));
        addFact(facts, "Owner", Markdown.text(r.owner()));
        addFact(facts, "Profile", d.profile().id());
        addFact(facts, "Run id", Markdown.text(d.runId()));
        String asOf = d.asOf().toString();
        for (String o : d.plan().overrides()) {
            if (o.startsWith(AS_OF)) {
                // evaluated at another instant than the run's end: waivers, attestations and due
                // dates were judged at that instant
                asOf +=
                        ", given with --as-of "
                                + Markdown.text(
                                        o.substring(o.indexOf(' ', AS_OF.length())).strip());
            }
        }
        addFact(facts, "Decided as of", asOf);
        return facts;
    }

    private static void addFact(List<Fact> facts, String label, String value) {
        if (!value.isEmpty()) {
            facts.add(new Fact(label, value));
        }
    }

    // ---- executive summary

    private static ExecutiveSummary summary(Decision d, Tally tests) {
        List<String> blockers = texts(d.reasons(), Reason.Kind.BLOCKER);
        List<String> conditions = new ArrayList<>();
        if (d.outcome() != Outcome.NO_GO) {
            for (Condition cond : d.conditions()) {
                conditions.add(
                        sentence(Markdown.text(cond.text()))
                                + " Owner: "
                                + Markdown.text(cond.owner())
                                + ", due "
                                + cond.due()
                                + ".");
            }
        }
        return new ExecutiveSummary(
                d.outcome().title(),
                why(d.outcome(), blockers.size(), d.conditions().size()),
                d.outcome() == Outcome.NO_GO
                        ? items(
                                firstListed(
                                        escapeAll(blockers),
                                        "more blocker is",
                                        "more blockers are",
                                        "listed under Rationale."))
                        : List.of(),
                items(
                        firstListed(
                                conditions,
                                "more condition is",
                                "more conditions are",
                                "listed under Conditions for proceeding, with owners and due"
                                        + " dates.")),
                items(keyFigures(d, tests)));
    }

    /**
     * Why the release may or may not ship, in one sentence of plain text: the executive summary's
     * first line, and the banner of the HTML pages.
     */
    static String why(Decision d) {
        return why(
                d.outcome(),
                (int) d.reasons().stream().filter(r -> r.kind() == Reason.Kind.BLOCKER).count(),
                d.conditions().size());
    }

    /**
     * Why the release may or may not ship, from its {@code b} blockers and {@code c} conditions.
     */
    private static String why(Outcome outcome, int b, int c) {
        return switch (outcome) {
            case NO_GO ->
                    b == 0
                            ? "The release must not ship, but the decision records no"
                                    + " blocker that says why."
                            : "The release must not ship: "
                                    + Formats.count(b, "blocker stands", "blockers stand")
                                    + " against it"
                                    + (c == 0
                                            ? "."
                                            : ", and "
                                                    + Formats.count(c, "condition", "conditions")
                                                    + " would still apply once "
                                                    + (b == 1 ? "it is" : "they are")
                                                    + " cleared.");
            case GO_WITH_CONDITIONS ->
                    c == 0
                            ? "The release may ship under conditions, but the decision"
                                    + " records none."
                            : "The release may ship only under "
                                    + Formats.count(c, "written condition", "written conditions")
                                    + ", each with an owner and a due date; no blocker"
                                    + " stands against it.";
            case GO -> "The release may ship: no blocker and no condition stands against it.";
        };
    }

    /** The key figures of the executive summary: the tallies, then the first measured targets. */
    private static List<String> keyFigures(Decision d, Tally tests) {
        List<String> figures = new ArrayList<>();
        figures.add(targetTally(d.verdicts()));
        figures.add(
                tests.planned == 0
                        ? "Tests: none recorded."
                        : "Tests: "
                                + Numbers.grouped(tests.planned)
                                + " planned, "
                                + Numbers.grouped(tests.executed)
                                + " executed, "
                                + Numbers.grouped(tests.passed)
                                + " passed, "
                                + Numbers.grouped(tests.failed)
                                + " failed, "
                                + Numbers.grouped(tests.notExecuted)
                                + " not executed"
                                + (tests.notSelected > 0
                                        ? ", "
                                                + Numbers.grouped(tests.notSelected)
                                                + " not selected"
                                        : "")
                                + ".");
        if (!d.risks().isEmpty()) {
            figures.add(riskTally(d.risks()));
        }
        if (!d.checklist().isEmpty()) {
            figures.add(
                    "Readiness checklist: "
                            + d.checklist().stream().filter(ChecklistItem::done).count()
                            + "/"
                            + d.checklist().size()
                            + " items done.");
        }
        List<TargetVerdict> measured =
                d.verdicts().stream().filter(v -> v.achieved().isPresent()).toList();
        for (TargetVerdict v : measured.subList(0, Math.min(KEY_FIGURES, measured.size()))) {
            figures.add(
                    targetName(v)
                            + ": "
                            + Numbers.show(v.achieved().orElseThrow())
                            + " against "
                            + Markdown.text(v.pass().text())
                            + (v.deltaPercent().isPresent()
                                    ? " ("
                                            + Numbers.signedPercent(v.deltaPercent().getAsDouble())
                                            + ")"
                                    : "")
                            + ", "
                            + v.verdict().title()
                            + ".");
        }
        if (measured.size() > KEY_FIGURES) {
            figures.add(
                    Formats.count(
                                    measured.size() - KEY_FIGURES,
                                    "more measured target is",
                                    "more measured targets are")
                            + " listed under Performance vs targets.");
        }
        return figures;
    }

    private static String riskTally(List<Risk> risks) {
        List<String> parts = new ArrayList<>();
        for (RiskLevel level : List.of(RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW)) {
            long all = risks.stream().filter(r -> r.level() == level).count();
            long counting = risks.stream().filter(r -> r.level() == level && r.counts()).count();
            if (all > 0) {
                parts.add(
                        all
                                + " "
                                + level.id()
                                + (counting == all ? "" : " (" + counting + " counting)"));
            }
        }
        return "Risks: " + String.join(", ", parts) + ".";
    }

    private static String targetTally(List<TargetVerdict> verdicts) {
        if (verdicts.isEmpty()) {
            return "Targets: none declared.";
        }
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (TargetVerdict v : verdicts) {
            counts.merge(v.verdict(), 1, Integer::sum);
        }
        return "Targets: "
                + Numbers.grouped(verdicts.size())
                + " declared; "
                + counts.entrySet().stream()
                        .map(
                                e ->
                                        Numbers.grouped(e.getValue())
                                                + " "
                                                + e.getKey().title().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", "))
                + ".";
    }

    // ---- test execution summary

    /** Counts of tests by how they ended; skipped counts as not executed, aborted as failed. */
    private static final class Tally {
        long planned;
        long executed;
        long passed;
        long failed;
        long notExecuted;
        long notSelected;

        static Tally of(List<TestOutcome> tests) {
            Tally t = new Tally();
            for (TestOutcome o : tests) {
                t.planned++;
                switch (o.status()) {
                    case SUCCESSFUL -> {
                        t.executed++;
                        t.passed++;
                    }
                    case FAILED, ABORTED -> {
                        t.executed++;
                        t.failed++;
                    }
                    case SKIPPED, NOT_EXECUTED -> t.notExecuted++;
                    case NOT_SELECTED -> t.notSelected++;
                }
            }
            return t;
        }

        TestRow row(String category) {
            return new TestRow(
                    category,
                    Numbers.grouped(planned),
                    Numbers.grouped(executed),
                    Numbers.grouped(passed),
                    Numbers.grouped(failed),
                    Numbers.grouped(notExecuted),
                    Numbers.grouped(notSelected));
        }
    }

    private static String category(TestOutcome o, Kinds kinds) {
        return kinds.declared(o.suite()) ? o.suite() : OTHER;
    }

    private static TestSummary tests(
            List<TestOutcome> tests, Tally total, boolean fromPlan, Kinds kinds) {
        List<TestRow> rows = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        List<String> categories = new ArrayList<>(kinds.ids());
        categories.add(OTHER);
        for (String category : categories) {
            List<TestOutcome> mine =
                    tests.stream().filter(o -> category(o, kinds).equals(category)).toList();
            if (!mine.isEmpty()) {
                rows.add(Tally.of(mine).row(category));
            } else if (!category.equals(OTHER)) {
                absent.add(category);
            }
        }
        if (rows.size() > 1) {
            rows.add(total.row("total"));
        }
        List<ScenarioRow> scenarios = new ArrayList<>();
        for (TestOutcome o : tests) {
            boolean ran = !o.status().notRun();
            scenarios.add(
                    new ScenarioRow(
                            Markdown.text(o.suite().isEmpty() ? OTHER : o.suite()),
                            Markdown.text(o.scenario().isEmpty() ? o.displayName() : o.scenario()),
                            Formats.status(o.status()),
                            ran || o.durationMillis() > 0
                                    ? Formats.duration(o.durationMillis())
                                    : Formats.NONE,
                            o.message().isBlank() ? Formats.NONE : Markdown.text(o.message())));
        }
        String absentSentence =
                rows.isEmpty() || absent.isEmpty()
                        ? ""
                        : fromPlan
                                ? "No " + joinWords(absent) + " suite is in this plan."
                                : "No " + joinWords(absent) + " tests are in this run.";
        return new TestSummary(
                rows,
                absentSentence,
                scenarios,
                fromPlan
                        ? "Planned counts the scenarios the targets file declares, whether or not"
                                + " they were discovered, plus any other test the run discovered."
                        : "Planned counts the tests this run's evidence records (the plan was not"
                                + " given to the renderer).",
                total.notSelected > 0);
    }

    // ---- performance vs targets

    private static Targets targets(List<TargetVerdict> verdicts) {
        List<TargetRow> rows = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (TargetVerdict v : verdicts) {
            rows.add(
                    new TargetRow(
                            targetName(v),
                            metric(v),
                            criterion(v),
                            v.achieved().map(Numbers::show).orElse(Formats.NONE),
                            v.deltaPercent().isPresent()
                                    ? Numbers.signedPercent(v.deltaPercent().getAsDouble())
                                    : Formats.NONE,
                            v.verdict().title(),
                            v.critical() ? "yes" : "no"));
            StringBuilder r = new StringBuilder();
            r.append(Markdown.text(v.target()))
                    .append(" (")
                    .append(v.verdict().title())
                    .append("): ")
                    .append(sentence(Markdown.text(v.reason())));
            if (!v.quality().isEmpty()) {
                r.append(" Flags: ")
                        .append(
                                new TreeSet<>(v.quality())
                                        .stream()
                                                .map(q -> q.name().replace('_', ' '))
                                                .collect(Collectors.joining(", ")))
                        .append('.');
            }
            if (!v.sources().isEmpty()) {
                r.append(v.verdict() == Verdict.NOT_MEASURED ? " Expected from: " : " Sources: ")
                        .append(
                                v.sources().stream()
                                        .map(Markdown::code)
                                        .collect(Collectors.joining(", ")))
                        .append('.');
            }
            reasons.add(r.toString());
        }
        return new Targets(rows, items(reasons));
    }

    private static String targetName(TargetVerdict v) {
        return v.title().equals(v.target())
                ? Markdown.text(v.target())
                : Markdown.text(v.title() + " (" + v.target() + ")");
    }

    private static String metric(TargetVerdict v) {
        String where =
                new TreeMap<>(v.where())
                        .entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(", "));
        return Markdown.text(
                v.metric()
                        + (v.aggregate().isEmpty() ? "" : " " + v.aggregate())
                        + (where.isEmpty() ? "" : " where " + where));
    }

    private static String criterion(TargetVerdict v) {
        List<String> extra = new ArrayList<>();
        v.acceptable().ifPresent(a -> extra.add("acceptable " + a.text()));
        v.stretch().ifPresent(s -> extra.add("stretch " + s.text()));
        return Markdown.text(
                v.pass().text() + (extra.isEmpty() ? "" : " (" + String.join(", ", extra) + ")"));
    }

    // ---- risk analysis

    private static RiskAnalysis risks(List<Risk> risks) {
        List<RiskGroup> levels = new ArrayList<>();
        for (RiskLevel level : List.of(RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW)) {
            List<RiskRow> rows = new ArrayList<>();
            for (Risk r : risks) {
                if (r.level() != level) {
                    continue;
                }
                String status =
                        r.status()
                                + (Risk.DERIVED.equals(r.source()) ? ", derived" : "")
                                + (r.counts() ? "" : ", does not count");
                rows.add(
                        new RiskRow(
                                Markdown.text(r.id()),
                                Markdown.text(r.title()),
                                r.probability().id(),
                                r.impact().id(),
                                r.mitigation().isBlank()
                                        ? Formats.NONE
                                        : Markdown.text(r.mitigation()),
                                r.owner().isBlank() ? Formats.NONE : Markdown.text(r.owner()),
                                status));
            }
            String name = level.name().charAt(0) + level.id().substring(1);
            levels.add(new RiskGroup(name, rows, "No " + level.id() + " risks."));
        }
        List<String> why = new ArrayList<>();
        for (Risk r : risks) {
            String rule =
                    !r.counts()
                            ? "Does not count"
                            : switch (r.level()) {
                                case HIGH -> "Blocks the release";
                                case MEDIUM ->
                                        Risk.DERIVED.equals(r.source())
                                                ? "A condition, through its target"
                                                : "A condition";
                                case LOW -> "Watched";
                            };
            why.add(
                    Markdown.text(r.id())
                            + ": "
                            + rule
                            + (r.why().isEmpty() ? "." : ": " + sentence(Markdown.text(r.why())))
                            + (r.when().isEmpty() || r.why().contains(r.when())
                                    ? ""
                                    : " Active when: " + Markdown.code(r.when()) + "."));
        }
        return new RiskAnalysis(risks.isEmpty() ? List.of() : levels, items(why));
    }

    // ---- readiness checklist

    private static Checklist checklist(List<ChecklistItem> items) {
        List<ChecklistRow> rows = new ArrayList<>();
        long done = 0;
        for (ChecklistItem i : items) {
            done += i.done() ? 1 : 0;
            rows.add(
                    new ChecklistRow(
                            i.title().equals(i.id())
                                    ? Markdown.text(i.id())
                                    : Markdown.text(i.title() + " (" + i.id() + ")"),
                            i.done() ? "done" : "open",
                            Markdown.text(i.evidence()),
                            i.found().isEmpty() ? Formats.NONE : Markdown.text(i.found())));
        }
        String score = items.isEmpty() ? "" : done + "/" + items.size();
        return new Checklist(rows, score, Long.toString(items.size() - done));
    }

    // ---- load scenarios

    /**
     * The scalars of the evidence indexed once for the load table (one row per latency label set,
     * tens of thousands of rows for a large run): by metric and exact labels, and by metric and
     * scenario, each list in evidence order.
     */
    private static final class Scalars {
        private record Exact(String metric, Map<String, String> labels) {}

        private record InScenario(String metric, String scenario) {}

        private final Map<Exact, List<Measurement>> exact = new HashMap<>();
        private final Map<InScenario, List<Measurement>> byScenario = new HashMap<>();

        /** Indexes the scalars of {@code metrics} among {@code all}. */
        Scalars(List<Measurement> all, Set<String> metrics) {
            for (Measurement m : all) {
                if (m.value() instanceof Scalar && metrics.contains(m.metric())) {
                    exact.computeIfAbsent(new Exact(m.metric(), m.labels()), k -> new ArrayList<>())
                            .add(m);
                    String scenario = m.labels().get("scenario");
                    if (scenario != null) {
                        byScenario
                                .computeIfAbsent(
                                        new InScenario(m.metric(), scenario),
                                        k -> new ArrayList<>())
                                .add(m);
                    }
                }
            }
        }

        List<Measurement> exact(String metric, Map<String, String> labels) {
            return exact.getOrDefault(new Exact(metric, labels), List.of());
        }

        List<Measurement> inScenario(String metric, String scenario) {
            return scenario == null
                    ? List.of()
                    : byScenario.getOrDefault(new InScenario(metric, scenario), List.of());
        }
    }

    private static LoadScenarios load(Charts charts) {
        EvidenceIndex index = charts.index();
        // the table reads the load suite's throughput and success rate only (hashing the labels of
        // every scalar of a large run, its error counts above all, cost more than the table)
        Scalars scalars =
                new Scalars(
                        index.presenting(SuiteKindInfo.Presentation.REQUEST_LOAD),
                        Set.of("throughput", "success_rate"));
        // one row per load scenario and label set: its trials and shards merged (distributions
        // merge only when labels and unit agree, as histogram values are in that unit)
        List<Latencies.Merged> byLabels = index.requestLatencies();
        Map<String, Long> rowsPerScenario =
                byLabels.stream()
                        .collect(
                                Collectors.groupingBy(
                                        k -> k.labels.get("scenario"), Collectors.counting()));
        List<LoadRow> rows = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        boolean anyLowSample = false;
        boolean anyMerged = false;
        for (Latencies.Merged row : byLabels) {
            boolean single = rowsPerScenario.get(row.labels.get("scenario")) == 1;
            String name = rowName(row.labels, row.trials.size(), row.shards.size());
            rows.add(loadRow(row, name, scalars, single));
            anyMerged |= row.merged();
            long n = row.histogram().getTotalCount();
            for (double p : LOAD_PERCENTILES) {
                anyLowSample |= n > 0 && lowSample(n, p);
            }
            if (!row.quality.isEmpty()) {
                flags.add(
                        name
                                + ": "
                                + row.quality.stream()
                                        .map(q -> q.name().replace('_', ' '))
                                        .collect(Collectors.joining(", "))
                                + ".");
            }
        }
        List<String> notCharted = charts.notCharted();
        return new LoadScenarios(
                rows,
                anyLowSample,
                items(flags),
                anyMerged,
                loadCharts(charts),
                notCharted.isEmpty() ? "" : Markdown.text(String.join(", ", notCharted)),
                Integer.toString(Charts.MAX_LATENCY_CHARTS));
    }

    /** The throughput and p99 charts, then the latency chart of each load scenario that has one. */
    private static List<String> loadCharts(Charts charts) {
        List<String> images = new ArrayList<>();
        charts.image("throughput").ifPresent(images::add);
        charts.image("p99").ifPresent(images::add);
        // (only a scenario with latencies has a latency chart)
        for (String scenario :
                charts.index().requestLatencies().stream()
                        .map(x -> x.labels.get("scenario"))
                        .distinct()
                        .toList()) {
            charts.image("latency/" + scenario).ifPresent(images::add);
        }
        return images;
    }

    /** Whether {@code n} samples are too few to trust percentile {@code p}. */
    private static boolean lowSample(long n, double p) {
        return n < new Aggregation(Aggregation.Kind.PERCENTILE, p).minimumSamples();
    }

    /** The row of the load table of one scenario and label set, its repeated runs merged. */
    private static LoadRow loadRow(
            Latencies.Merged row, String name, Scalars scalars, boolean single) {
        Histogram h = row.histogram();
        long n = h.getTotalCount();
        String throughput;
        String window;
        String successRate;
        if (row.merged()) {
            OptionalDouble tp = mergedThroughput(scalars, row.labels);
            throughput =
                    tp.isPresent()
                            ? Numbers.show(new Quantity(tp.getAsDouble(), Unit.PER_SECOND))
                            : Formats.NONE;
            long perRun = n / Math.max(1, row.trials.size());
            window =
                    tp.isEmpty() || tp.getAsDouble() <= 0 || n == 0
                            ? Formats.NONE
                            : Formats.duration(Math.round(perRun / tp.getAsDouble() * 1000));
            OptionalDouble sr = mergedMean(scalars, "success_rate", row.labels);
            successRate =
                    sr.isPresent()
                            ? Numbers.show(new Quantity(sr.getAsDouble(), Unit.PERCENT))
                            : Formats.NONE;
        } else {
            throughput = scalar(scalars, "throughput", row.labels, single);
            window = window(scalars, row.labels, single, n);
            successRate = scalar(scalars, "success_rate", row.labels, single);
        }
        List<String> pcts = new ArrayList<>();
        long[] atPercentiles = n == 0 ? null : Charts.valuesAtPercentiles(h, LOAD_PERCENTILES);
        for (int i = 0; i < LOAD_PERCENTILES.length; i++) {
            pcts.add(
                    n == 0
                            ? Formats.NONE
                            : ms(atPercentiles[i], row.unit)
                                    + (lowSample(n, LOAD_PERCENTILES[i]) ? LOW_SAMPLE_MARK : ""));
        }
        return new LoadRow(
                name,
                Numbers.grouped(n),
                throughput,
                successRate,
                n == 0 ? Formats.NONE : ms(h.getMinValue(), row.unit),
                n == 0 ? Formats.NONE : ms(Charts.mean(h), row.unit),
                pcts.get(0),
                pcts.get(1),
                pcts.get(2),
                pcts.get(3),
                n == 0 ? Formats.NONE : ms(h.getMaxValue(), row.unit),
                window);
    }

    private static String rowName(Map<String, String> labels, int trials, int shards) {
        String extra =
                labels.entrySet().stream()
                        .filter(e -> !e.getKey().equals("suite") && !e.getKey().equals("scenario"))
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", "));
        List<String> runs = new ArrayList<>();
        if (trials > 1) {
            runs.add(trials + " trials");
        }
        if (shards > 1) {
            runs.add(shards + " shards");
        }
        String all =
                extra + (extra.isEmpty() || runs.isEmpty() ? "" : "; ") + String.join(", ", runs);
        return Markdown.text(labels.get("scenario") + (all.isEmpty() ? "" : " (" + all + ")"));
    }

    /**
     * The scalars {@code metric} of the runs merged into a row (same labels but for trial and
     * shard), grouped by trial: each trial's values in evidence order.
     */
    private static Map<String, List<Measurement>> byTrial(
            Scalars all, String metric, Map<String, String> labels) {
        Map<String, List<Measurement>> trials = new LinkedHashMap<>();
        for (Measurement m : all.inScenario(metric, labels.get("scenario"))) {
            if (Charts.withoutRepeats(m.labels()).equals(labels)) {
                trials.computeIfAbsent(m.labels().getOrDefault("trial", ""), k -> new ArrayList<>())
                        .add(m);
            }
        }
        return trials;
    }

    /**
     * Throughput of repeated runs: summed over a trial's shards, the mean across trials (requests
     * per second).
     */
    private static OptionalDouble mergedThroughput(Scalars all, Map<String, String> labels) {
        return byTrial(all, "throughput", labels).values().stream()
                .mapToDouble(
                        ms ->
                                ms.stream()
                                        .filter(m -> m.unit().dimension() == Unit.Dimension.RATE)
                                        .mapToDouble(
                                                m ->
                                                        m.unit()
                                                                .convert(
                                                                        ((Scalar) m.value())
                                                                                .value(),
                                                                        Unit.PER_SECOND))
                                        .sum())
                .average();
    }

    /**
     * The mean of the runs' values of {@code metric} (success rate, in percent), over every trial
     * and shard.
     */
    private static OptionalDouble mergedMean(
            Scalars all, String metric, Map<String, String> labels) {
        return byTrial(all, metric, labels).values().stream()
                .flatMap(List::stream)
                .filter(m -> m.unit() == Unit.PERCENT)
                .mapToDouble(m -> ((Scalar) m.value()).value())
                .average();
    }

    /**
     * The single scalar {@code metric} with exactly {@code labels}; failing that, when the scenario
     * has a single latency row, the single one whose labels all agree with {@code labels}. Anything
     * else is ambiguous and shows as not measured.
     */
    private static String scalar(
            Scalars all, String metric, Map<String, String> labels, boolean single) {
        List<Measurement> exact = all.exact(metric, labels);
        List<Measurement> found = exact;
        if (exact.isEmpty() && single) {
            found =
                    all.inScenario(metric, labels.get("scenario")).stream()
                            .filter(m -> agrees(m.labels(), labels))
                            .toList();
        }
        if (found.size() != 1) {
            return Formats.NONE;
        }
        Measurement m = found.get(0);
        return Numbers.show(new Quantity(((Scalar) m.value()).value(), m.unit()));
    }

    /** Whether every label of {@code some} has the same value in {@code labels}. */
    private static boolean agrees(Map<String, String> some, Map<String, String> labels) {
        for (Map.Entry<String, String> e : some.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static String ms(double value, Unit unit) {
        return Numbers.short4(unit.convert(value, Unit.MILLISECONDS));
    }

    /**
     * The measured window: answered requests over the reported throughput (which is defined as
     * their quotient).
     */
    private static String window(
            Scalars all, Map<String, String> labels, boolean single, long answered) {
        String t = scalar(all, "throughput", labels, single);
        if (t.equals(Formats.NONE) || answered == 0) {
            return Formats.NONE;
        }
        // labels always name the scenario, so every candidate is among the scenario's throughput
        // scalars
        List<Measurement> found =
                all.inScenario("throughput", labels.get("scenario")).stream()
                        .filter(
                                m ->
                                        m.unit().dimension() == Unit.Dimension.RATE
                                                && (m.labels().equals(labels) || single))
                        .toList();
        if (found.isEmpty()) {
            return Formats.NONE;
        }
        double perSecond =
                found.get(0)
                        .unit()
                        .convert(((Scalar) found.get(0).value()).value(), Unit.PER_SECOND);
        return perSecond <= 0
                ? Formats.NONE
                : Formats.duration(Math.round(answered / perSecond * 1000));
    }

    // ---- conditions, reasons, environment

    private static List<ConditionRow> conditions(List<Condition> conditions) {
        List<ConditionRow> rows = new ArrayList<>();
        for (Condition c : conditions) {
            rows.add(
                    new ConditionRow(
                            Markdown.text(c.id()),
                            Markdown.text(c.text()),
                            Markdown.text(c.owner()),
                            c.due().toString()));
        }
        return rows;
    }

    /** The non-empty groups of reasons: blockers, then conditions, then notes. */
    /**
     * The first {@link #LISTED} of {@code all}, and a line counting the rest and saying where they
     * are.
     */
    private static List<String> firstListed(
            List<String> all, String moreOne, String moreMany, String where) {
        if (all.size() <= LISTED) {
            return all;
        }
        List<String> out = new ArrayList<>(all.subList(0, LISTED));
        out.add(Formats.count(all.size() - LISTED, moreOne, moreMany) + " " + where);
        return out;
    }

    private static List<ReasonGroup> reasons(List<Reason> reasons) {
        List<ReasonGroup> groups = new ArrayList<>();
        for (Reason.Kind kind : Reason.Kind.values()) {
            List<String> all = escapeAll(texts(reasons, kind));
            // blockers and notes in full: this is where they are listed; conditions are listed in
            // full (with owners and due dates) under Conditions for proceeding
            List<String> items =
                    items(
                            kind == Reason.Kind.CONDITION
                                    ? firstListed(
                                            all,
                                            "more condition is",
                                            "more conditions are",
                                            "listed under Conditions for proceeding.")
                                    : all);
            if (!items.isEmpty()) {
                groups.add(
                        new ReasonGroup(
                                switch (kind) {
                                    case BLOCKER -> "Blockers";
                                    case CONDITION -> "Conditions";
                                    case NOTE -> "Notes";
                                },
                                items));
            }
        }
        return groups;
    }

    /**
     * The environment of the run, and what the command line changed in the targets file or the plan
     * ({@code --set}, {@code --sut-url}, {@code --select}) when it changed anything.
     */
    private static List<Fact> environment(Environment env, List<String> overrides) {
        List<Fact> rows = new ArrayList<>();
        rows.add(new Fact("Service under test", orUnknown(env.serviceUnderTest())));
        rows.add(new Fact("gonogo version", orUnknown(env.gonogoVersion())));
        rows.add(new Fact("Load generator JVM", orUnknown(env.jvm())));
        rows.add(new Fact("OS", orUnknown(env.os())));
        rows.add(new Fact("CPUs", env.cpus() > 0 ? Integer.toString(env.cpus()) : "unknown"));
        rows.add(
                new Fact(
                        "Load generator memory (max heap)",
                        env.memoryBytes() > 0 ? Formats.bytes(env.memoryBytes()) : "unknown"));
        rows.add(new Fact("Git commit (working directory)", orUnknown(env.gitCommit())));
        rows.add(new Fact("Started", env.startedAt().toString()));
        rows.add(new Fact("Ended", env.endedAt().toString()));
        rows.add(new Fact("Profile", env.profile().id()));
        if (!overrides.isEmpty()) {
            rows.add(
                    new Fact(
                            "Command-line overrides",
                            String.join("; ", overrides.stream().map(Markdown::text).toList())));
        }
        return rows;
    }

    // ---- helpers

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? "unknown" : Markdown.text(s);
    }

    private static List<String> texts(List<Reason> reasons, Reason.Kind kind) {
        return reasons.stream().filter(r -> r.kind() == kind).map(Reason::text).toList();
    }

    /** {@code lines} made safe to start list items. */
    private static List<String> items(List<String> lines) {
        return lines.stream().map(Markdown::lineStart).toList();
    }

    private static List<String> escapeAll(List<String> texts) {
        return texts.stream().map(t -> sentence(Markdown.text(t))).toList();
    }

    /** {@code s} ending with a full stop unless it already ends with punctuation. */
    private static String sentence(String s) {
        if (s.isEmpty() || ".!?".indexOf(s.charAt(s.length() - 1)) >= 0) {
            return s;
        }
        return s + ".";
    }

    private static String joinWords(List<String> words) {
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1))
                + " or "
                + words.get(words.size() - 1);
    }
}
