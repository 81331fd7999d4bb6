package io.gonogo.render.internal;

import io.gonogo.core.Decision;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Numbers;
import io.gonogo.core.PlannedOutcome;
import io.gonogo.core.RunPlan;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Verdict;
import io.gonogo.core.config.PlanSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The view model of {@code progress-report.md}: the sprint of the targets file's {@code plan}
 * section, each task done or pending (by its author's word, checked against its evidence when the
 * file binds it to evidence), the lines of its deliverables counted from the files, the tests per
 * category counted from the run, and the success metrics bound to the evaluated targets.
 */
public final class ProgressView {
    private ProgressView() {}

    /** How a task stands once its evidence is checked. */
    private record State(boolean done, String status, String how) {}

    /**
     * The model of {@code progress-report.md}.
     *
     * @param title the plan's title and the release name, as a heading
     * @param release the release name
     * @param runId the run
     * @param asOf when the release was decided
     * @param profile the profile of the run
     * @param decision the release decision's outcome
     * @param hasPlan whether the targets file has a plan (else only the tests are reported)
     * @param objective the plan's objective; empty when it states none
     * @param done the tasks done
     * @param pending the tasks pending
     * @param score how many tasks are done, as a fraction and a percentage; empty without tasks
     * @param code the deliverables of the tasks, counted
     * @param codeTotal the deliverables' total
     * @param tests the tests per category
     * @param metrics the success metrics, a row per target
     * @param next the next steps, one list item each
     * @param partial whether a partial run ({@code --select}) left scenarios out, which then have a
     *     column of their own
     */
    public record Report(
            String title,
            String release,
            String runId,
            String asOf,
            String profile,
            String decision,
            boolean hasPlan,
            String objective,
            List<TaskRow> done,
            List<TaskRow> pending,
            String score,
            List<CodeRow> code,
            CodeTotal codeTotal,
            List<CategoryRow> tests,
            List<MetricRow> metrics,
            List<String> next,
            boolean partial) {
        /** Copies the lists. */
        public Report {
            done = List.copyOf(done);
            pending = List.copyOf(pending);
            code = List.copyOf(code);
            tests = List.copyOf(tests);
            metrics = List.copyOf(metrics);
            next = List.copyOf(next);
        }
    }

    /** A task of the plan and how it stands, a row of the tasks tables. */
    public record TaskRow(
            String id,
            String title,
            String status,
            String how,
            String deliverables,
            String suites) {}

    /** A deliverable of a task, counted, a row of the code statistics table. */
    public record CodeRow(String task, String path, String files, String lines) {}

    /**
     * The total of the code statistics.
     *
     * @param files the files of every deliverable
     * @param lines the non-blank lines of every deliverable
     * @param missing which deliverables are missing, as a sentence; empty when none is
     */
    public record CodeTotal(String files, String lines, String missing) {}

    /** The tests of a category by how they ended, a row of the tests table. */
    public record CategoryRow(
            String category,
            String implemented,
            String executed,
            String passed,
            String failed,
            String notExecuted,
            String notSelected) {}

    /** A success metric: a target and its result, a row of the success metrics table. */
    public record MetricRow(String target, String criterion, String status, String result) {}

    /** The tasks of a plan, sorted into done and pending, with their deliverables counted. */
    private static final class Tasks {
        final List<TaskRow> done = new ArrayList<>();
        final List<TaskRow> pending = new ArrayList<>();
        final List<CodeRow> code = new ArrayList<>();
        long files;
        long lines;
        int missing;

        CodeTotal total() {
            return new CodeTotal(
                    Numbers.grouped(files),
                    Numbers.grouped(lines),
                    missing == 0
                            ? ""
                            : Formats.count(missing, "deliverable is", "deliverables are")
                                    + " missing: the plan names "
                                    + (missing == 1 ? "it" : "them")
                                    + " but no such file or folder exists.");
        }
    }

    /**
     * The model for {@code decision} and {@code evidence}, with the plan's deliverables as {@code
     * counted} when the decision was made.
     */
    public static Report of(
            Decision decision,
            EvidenceSet evidence,
            PlanSpec plan,
            List<RunPlan.Deliverable> counted,
            Optional<List<PlannedOutcome>> planned) {
        Tasks tasks = new Tasks();
        for (PlanSpec.Task t : plan.tasks()) {
            addTask(tasks, t, decision, evidence, counted, planned);
        }
        int n = plan.tasks().size();
        int done = tasks.done.size();
        return new Report(
                Markdown.heading(
                        plan.title().isBlank()
                                ? decision.release().name()
                                : plan.title() + ": " + decision.release().name()),
                Markdown.text(decision.release().name()),
                Markdown.text(decision.runId()),
                decision.asOf().toString(),
                decision.profile().id(),
                decision.outcome().title(),
                !plan.isEmpty(),
                plan.objective().isBlank() ? "" : Markdown.text(plan.objective()),
                tasks.done,
                tasks.pending,
                n == 0
                        ? ""
                        : done
                                + "/"
                                + n
                                + " tasks done ("
                                + Numbers.short4(done * 100.0 / n)
                                + "%)",
                tasks.code,
                tasks.total(),
                tests(evidence, planned, Kinds.of(decision)),
                metrics(decision),
                next(decision, plan, tasks.pending),
                planned.orElse(List.of()).stream()
                        .anyMatch(p -> p.status() == TestStatus.NOT_SELECTED));
    }

    /** Adds task {@code t} to {@code tasks}, as done or pending, with its deliverables counted. */
    private static void addTask(
            Tasks tasks,
            PlanSpec.Task t,
            Decision decision,
            EvidenceSet evidence,
            List<RunPlan.Deliverable> counted,
            Optional<List<PlannedOutcome>> planned) {
        State s = state(t, decision, evidence, planned);
        List<String> deliverables = new ArrayList<>();
        for (String d : t.deliverables()) {
            RunPlan.Deliverable count =
                    counted.stream()
                            .filter(c -> c.path().equals(d))
                            .findFirst()
                            .orElseGet(() -> new RunPlan.Deliverable(d, false, false, 0, 0));
            if (!count.found()) {
                tasks.missing++;
                deliverables.add(Markdown.text(d) + " (missing)");
                tasks.code.add(
                        new CodeRow(Markdown.text(t.id()), Markdown.text(d), "missing", "missing"));
            } else {
                tasks.files += count.files();
                tasks.lines += count.lines();
                deliverables.add(
                        Markdown.text(d)
                                + " ("
                                + Numbers.grouped(count.lines())
                                + " lines"
                                + (count.folder()
                                        ? " in " + Formats.count(count.files(), "file", "files")
                                        : "")
                                + ")");
                tasks.code.add(
                        new CodeRow(
                                Markdown.text(t.id()),
                                Markdown.text(d),
                                Numbers.grouped(count.files()),
                                Numbers.grouped(count.lines())));
            }
        }
        TaskRow row =
                new TaskRow(
                        Markdown.text(t.id()),
                        Markdown.text(t.title()),
                        s.status(),
                        s.how(),
                        deliverables.isEmpty() ? "none declared" : String.join(", ", deliverables),
                        t.suites().isEmpty()
                                ? "none named"
                                : String.join(
                                        ", ",
                                        t.suites().stream()
                                                .map(
                                                        k ->
                                                                Markdown.text(k)
                                                                        + " ("
                                                                        + suiteTally(
                                                                                k, evidence,
                                                                                planned)
                                                                        + ")")
                                                .toList()));
        (s.done() ? tasks.done : tasks.pending).add(row);
    }

    private static List<MetricRow> metrics(Decision decision) {
        List<MetricRow> metrics = new ArrayList<>();
        for (TargetVerdict v : decision.verdicts()) {
            metrics.add(
                    new MetricRow(
                            v.title().equals(v.target())
                                    ? Markdown.text(v.target())
                                    : Markdown.text(v.title() + " (" + v.target() + ")"),
                            Markdown.text(v.pass().text()),
                            v.verdict().title(),
                            v.achieved()
                                    .map(Numbers::show)
                                    .orElse("not measured: " + Markdown.text(v.reason()))));
        }
        return metrics;
    }

    private static List<String> next(Decision decision, PlanSpec plan, List<TaskRow> pending) {
        List<String> next = new ArrayList<>();
        for (TaskRow p : pending) {
            next.add("Finish task " + p.id() + " (" + p.title() + "): " + p.how());
        }
        decision.conditions()
                .forEach(
                        c ->
                                next.add(
                                        "Meet the release condition "
                                                + Markdown.text(c.id())
                                                + " (owner "
                                                + Markdown.text(c.owner())
                                                + ", due "
                                                + c.due()
                                                + ")."));
        long blockers =
                decision.reasons().stream()
                        .filter(r -> r.kind() == io.gonogo.core.Reason.Kind.BLOCKER)
                        .count();
        if (blockers > 0) {
            next.add(
                    "Clear the "
                            + Formats.count(blockers, "blocker", "blockers")
                            + " of the go/no-go decision (see go-no-go.md).");
        }
        plan.nextSteps().forEach(x -> next.add(Markdown.text(x)));
        return next.stream().map(Markdown::lineStart).toList();
    }

    private static State state(
            PlanSpec.Task t,
            Decision d,
            EvidenceSet evidence,
            Optional<List<PlannedOutcome>> planned) {
        Optional<PlanSpec.Status> claimed = t.status();
        if (t.doneWhen().isPresent()) {
            PlanSpec.DoneWhen w = t.doneWhen().get();
            String[] found = new String[1];
            boolean holds = holds(w, d, evidence, planned, found);
            String evidenceText = Markdown.code(w.text()) + ": " + found[0];
            if (holds) {
                return new State(true, "done", "proven by evidence, " + evidenceText);
            }
            if (claimed.orElse(PlanSpec.Status.PENDING) == PlanSpec.Status.DONE) {
                return new State(
                        false,
                        "claimed done, not proven",
                        "marked done, but its evidence does not hold, " + evidenceText);
            }
            return new State(
                    false,
                    claimed.map(PlanSpec.Status::id).orElse("pending").replace('-', ' '),
                    "done when " + evidenceText);
        }
        PlanSpec.Status s = claimed.orElse(PlanSpec.Status.PENDING);
        if (s == PlanSpec.Status.DONE) {
            for (String k : t.suites()) {
                if (!suitePassed(k, evidence, planned)) {
                    return new State(
                            false,
                            "claimed done, not proven",
                            "marked done, but its suite "
                                    + Markdown.text(k)
                                    + " did not pass ("
                                    + suiteTally(k, evidence, planned)
                                    + ").");
                }
            }
            return new State(
                    true,
                    "done",
                    t.suites().isEmpty()
                            ? "marked done by hand; no evidence is bound to it."
                            : "marked done by hand, and its suites passed.");
        }
        return new State(
                false,
                s.id().replace('-', ' '),
                "marked " + s.id().replace('-', ' ') + " by hand.");
    }

    private static boolean holds(
            PlanSpec.DoneWhen w,
            Decision d,
            EvidenceSet evidence,
            Optional<List<PlannedOutcome>> planned,
            String[] found) {
        switch (w.kind()) {
            case TARGET_MET -> {
                Optional<TargetVerdict> v =
                        d.verdicts().stream()
                                .filter(x -> x.target().equals(w.subject()))
                                .findFirst();
                found[0] =
                        v.map(
                                        x ->
                                                "target "
                                                        + Markdown.text(w.subject())
                                                        + " is "
                                                        + x.verdict().title()
                                                        + ".")
                                .orElse(
                                        "target "
                                                + Markdown.text(w.subject())
                                                + " was not evaluated in this run.");
                return v.map(x -> x.verdict() == Verdict.MET || x.verdict() == Verdict.EXCEEDED)
                        .orElse(false);
            }
            case SUITE_EXECUTED -> {
                List<TestStatus> st = statuses(w.subject(), evidence, planned);
                found[0] =
                        "suite "
                                + Markdown.text(w.subject())
                                + ": "
                                + suiteTally(w.subject(), evidence, planned)
                                + ".";
                return !st.isEmpty()
                        && st.stream()
                                .allMatch(
                                        x ->
                                                x == TestStatus.SUCCESSFUL
                                                        || x == TestStatus.FAILED
                                                        || x == TestStatus.ABORTED);
            }
            case SUITE_PASSED -> {
                found[0] =
                        "suite "
                                + Markdown.text(w.subject())
                                + ": "
                                + suiteTally(w.subject(), evidence, planned)
                                + ".";
                return suitePassed(w.subject(), evidence, planned);
            }
            default -> throw new IllegalStateException(w.kind().name());
        }
    }

    private static boolean suitePassed(
            String kind, EvidenceSet evidence, Optional<List<PlannedOutcome>> planned) {
        List<TestStatus> st = statuses(kind, evidence, planned);
        return !st.isEmpty() && st.stream().allMatch(x -> x == TestStatus.SUCCESSFUL);
    }

    /**
     * The status of every scenario of suite {@code kind}: with a plan, each planned scenario's as
     * the decision's plan gives it (see {@link PlannedOutcome}); without one, the tests the
     * evidence records.
     */
    private static List<TestStatus> statuses(
            String kind, EvidenceSet evidence, Optional<List<PlannedOutcome>> planned) {
        if (planned.isPresent()) {
            return planned.get().stream()
                    .filter(p -> p.suite().equals(kind))
                    .map(PlannedOutcome::status)
                    .toList();
        }
        return evidence.outcomes().stream()
                .filter(o -> !o.container() && o.suite().equals(kind))
                .map(TestOutcome::status)
                .toList();
    }

    private static String suiteTally(
            String kind, EvidenceSet evidence, Optional<List<PlannedOutcome>> planned) {
        List<TestStatus> st = statuses(kind, evidence, planned);
        if (st.isEmpty()) {
            return "no scenario planned";
        }
        long passed = st.stream().filter(x -> x == TestStatus.SUCCESSFUL).count();
        long failed =
                st.stream().filter(x -> x == TestStatus.FAILED || x == TestStatus.ABORTED).count();
        long notSelected = st.stream().filter(x -> x == TestStatus.NOT_SELECTED).count();
        long notRun = st.size() - passed - failed - notSelected;
        return passed
                + " of "
                + st.size()
                + " passed"
                + (failed > 0 ? ", " + failed + " failed" : "")
                + (notRun > 0 ? ", " + notRun + " not executed" : "")
                + (notSelected > 0 ? ", " + notSelected + " not selected" : "");
    }

    /**
     * The tests per category: each kind the plan declares, in its order, by its id (as the targets
     * file names it), then the tests of any other suite.
     */
    private static List<CategoryRow> tests(
            EvidenceSet evidence, Optional<List<PlannedOutcome>> planned, Kinds kinds) {
        List<CategoryRow> rows = new ArrayList<>();
        List<String> categories = new ArrayList<>(kinds.ids());
        categories.add(Kinds.OTHER);
        for (String c : categories) {
            List<TestStatus> st = new ArrayList<>();
            if (!c.equals(Kinds.OTHER)) {
                st.addAll(statuses(c, evidence, planned));
            } else {
                evidence.outcomes().stream()
                        .filter(o -> !o.container() && !kinds.declared(o.suite()))
                        .forEach(o -> st.add(o.status()));
            }
            long passed = st.stream().filter(x -> x == TestStatus.SUCCESSFUL).count();
            long failed =
                    st.stream()
                            .filter(x -> x == TestStatus.FAILED || x == TestStatus.ABORTED)
                            .count();
            long notSelected = st.stream().filter(x -> x == TestStatus.NOT_SELECTED).count();
            rows.add(
                    new CategoryRow(
                            c,
                            Numbers.grouped(st.size()),
                            Numbers.grouped(passed + failed),
                            Numbers.grouped(passed),
                            Numbers.grouped(failed),
                            Numbers.grouped(st.size() - passed - failed - notSelected),
                            Numbers.grouped(notSelected)));
        }
        return rows;
    }
}
