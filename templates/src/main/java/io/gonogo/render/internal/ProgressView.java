package io.gonogo.render.internal;

import io.gonogo.core.Decision;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Numbers;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Verdict;
import io.gonogo.core.config.PlanSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The view model of {@code progress-report.md}: the sprint of the targets file's {@code plan}
 * section, each task done or pending (by its author's word, checked against its evidence when the
 * file binds it to evidence), the lines of its deliverables counted from the files, the tests per
 * category counted from the run, and the success metrics bound to the evaluated targets.
 */
public final class ProgressView {
    private static final List<String> CATEGORIES =
            List.of("load", "memory", "chaos", "benchmark", "other");

    private ProgressView() {}

    /** How a task stands once its evidence is checked. */
    private record State(boolean done, String status, String how) {}

    /**
     * The model for {@code decision} and {@code evidence}, with the plan's deliverables under
     * {@code baseDir}.
     */
    public static Map<String, Object> of(
            Decision decision,
            EvidenceSet evidence,
            PlanSpec plan,
            Path baseDir,
            Optional<List<PlannedScenario>> planned) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "title",
                Markdown.heading(
                        plan.title().isBlank()
                                ? decision.release().name()
                                : plan.title() + ": " + decision.release().name()));
        m.put("release", Markdown.text(decision.release().name()));
        m.put("runId", Markdown.text(decision.runId()));
        m.put("asOf", decision.asOf().toString());
        m.put("profile", decision.profile().id());
        m.put("hasPlan", !plan.isEmpty());
        m.put("objective", plan.objective().isBlank() ? "" : Markdown.text(plan.objective()));
        List<Map<String, Object>> done = new ArrayList<>();
        List<Map<String, Object>> pending = new ArrayList<>();
        List<Map<String, Object>> code = new ArrayList<>();
        long totalLines = 0;
        long totalFiles = 0;
        int missing = 0;
        for (PlanSpec.Task t : plan.tasks()) {
            State s = state(t, decision, evidence, planned);
            List<String> deliverables = new ArrayList<>();
            for (String d : t.deliverables()) {
                Path p = baseDir.resolve(d).normalize();
                long[] count = count(p);
                if (count == null) {
                    missing++;
                    deliverables.add(Markdown.text(d) + " (missing)");
                    code.add(
                            map(
                                    "task",
                                    Markdown.text(t.id()),
                                    "path",
                                    Markdown.text(d),
                                    "files",
                                    "missing",
                                    "lines",
                                    "missing"));
                } else {
                    totalFiles += count[0];
                    totalLines += count[1];
                    deliverables.add(
                            Markdown.text(d)
                                    + " ("
                                    + Numbers.grouped(count[1])
                                    + " lines"
                                    + (Files.isDirectory(p)
                                            ? " in " + Formats.count(count[0], "file", "files")
                                            : "")
                                    + ")");
                    code.add(
                            map(
                                    "task",
                                    Markdown.text(t.id()),
                                    "path",
                                    Markdown.text(d),
                                    "files",
                                    Numbers.grouped(count[0]),
                                    "lines",
                                    Numbers.grouped(count[1])));
                }
            }
            Map<String, Object> row =
                    map(
                            "id",
                            Markdown.text(t.id()),
                            "title",
                            Markdown.text(t.title()),
                            "status",
                            s.status(),
                            "how",
                            s.how(),
                            "deliverables",
                            deliverables.isEmpty()
                                    ? "none declared"
                                    : String.join(", ", deliverables),
                            "suites",
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
            (s.done() ? done : pending).add(row);
        }
        int n = plan.tasks().size();
        m.put("done", done);
        m.put("pending", pending);
        m.put(
                "score",
                n == 0
                        ? ""
                        : done.size()
                                + "/"
                                + n
                                + " tasks done ("
                                + Numbers.short4(done.size() * 100.0 / n)
                                + "%)");
        m.put("code", code);
        m.put(
                "codeTotal",
                map(
                        "files",
                        Numbers.grouped(totalFiles),
                        "lines",
                        Numbers.grouped(totalLines),
                        "missing",
                        missing == 0
                                ? ""
                                : Formats.count(missing, "deliverable is", "deliverables are")
                                        + " missing: the plan names "
                                        + (missing == 1 ? "it" : "them")
                                        + " but no such file or folder exists."));
        m.put("tests", tests(evidence, planned));
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (TargetVerdict v : decision.verdicts()) {
            metrics.add(
                    map(
                            "target",
                            v.title().equals(v.target())
                                    ? Markdown.text(v.target())
                                    : Markdown.text(v.title() + " (" + v.target() + ")"),
                            "criterion",
                            Markdown.text(v.pass().text()),
                            "status",
                            v.verdict().title(),
                            "result",
                            v.achieved()
                                    .map(Numbers::show)
                                    .orElse("not measured: " + Markdown.text(v.reason()))));
        }
        m.put("metrics", metrics);
        List<String> next = new ArrayList<>();
        for (Map<String, Object> p : pending) {
            next.add("Finish task " + p.get("id") + " (" + p.get("title") + "): " + p.get("how"));
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
        m.put("next", next.stream().map(Markdown::lineStart).toList());
        m.put("decision", decision.outcome().title());
        return m;
    }

    private static State state(
            PlanSpec.Task t,
            Decision d,
            EvidenceSet evidence,
            Optional<List<PlannedScenario>> planned) {
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
            Optional<List<PlannedScenario>> planned,
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
            String kind, EvidenceSet evidence, Optional<List<PlannedScenario>> planned) {
        List<TestStatus> st = statuses(kind, evidence, planned);
        return !st.isEmpty() && st.stream().allMatch(x -> x == TestStatus.SUCCESSFUL);
    }

    /**
     * The status of every planned scenario of {@code kind} (NOT EXECUTED when none was recorded).
     */
    private static List<TestStatus> statuses(
            String kind, EvidenceSet evidence, Optional<List<PlannedScenario>> planned) {
        if (planned.isPresent()) {
            return planned.get().stream()
                    .filter(p -> p.suite().equals(kind))
                    .map(
                            p ->
                                    evidence.scenarioOutcome(kind, p.id())
                                            .map(TestOutcome::status)
                                            .orElse(TestStatus.NOT_EXECUTED))
                    .toList();
        }
        return evidence.outcomes().stream()
                .filter(o -> !o.container() && o.suite().equals(kind))
                .map(TestOutcome::status)
                .toList();
    }

    private static String suiteTally(
            String kind, EvidenceSet evidence, Optional<List<PlannedScenario>> planned) {
        List<TestStatus> st = statuses(kind, evidence, planned);
        if (st.isEmpty()) {
            return "no scenario planned";
        }
        long passed = st.stream().filter(x -> x == TestStatus.SUCCESSFUL).count();
        long failed =
                st.stream().filter(x -> x == TestStatus.FAILED || x == TestStatus.ABORTED).count();
        long notRun = st.size() - passed - failed;
        return passed
                + " of "
                + st.size()
                + " passed"
                + (failed > 0 ? ", " + failed + " failed" : "")
                + (notRun > 0 ? ", " + notRun + " not executed" : "");
    }

    private static List<Map<String, Object>> tests(
            EvidenceSet evidence, Optional<List<PlannedScenario>> planned) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String c : CATEGORIES) {
            List<TestStatus> st = new ArrayList<>();
            if (!c.equals("other")) {
                st.addAll(statuses(c, evidence, planned));
            } else {
                evidence.outcomes().stream()
                        .filter(
                                o ->
                                        !o.container()
                                                && !List.of("load", "memory", "chaos", "benchmark")
                                                        .contains(o.suite()))
                        .forEach(o -> st.add(o.status()));
            }
            long passed = st.stream().filter(x -> x == TestStatus.SUCCESSFUL).count();
            long failed =
                    st.stream()
                            .filter(x -> x == TestStatus.FAILED || x == TestStatus.ABORTED)
                            .count();
            rows.add(
                    map(
                            "category",
                            c,
                            "implemented",
                            Numbers.grouped(st.size()),
                            "executed",
                            Numbers.grouped(passed + failed),
                            "passed",
                            Numbers.grouped(passed),
                            "failed",
                            Numbers.grouped(failed),
                            "notExecuted",
                            Numbers.grouped(st.size() - passed - failed)));
        }
        return rows;
    }

    /**
     * Files and non-blank lines of a file, or of every regular file under a folder; null when
     * missing.
     */
    private static long[] count(Path p) {
        try {
            if (Files.isRegularFile(p)) {
                return new long[] {1, lines(p)};
            }
            if (Files.isDirectory(p)) {
                long files = 0;
                long lines = 0;
                try (Stream<Path> walk = Files.walk(p)) {
                    for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                        files++;
                        lines += lines(f);
                    }
                }
                return new long[] {files, lines};
            }
            return null;
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    private static long lines(Path f) throws IOException {
        long n = 0;
        boolean blank = true;
        for (byte b : Files.readAllBytes(f)) {
            if (b == '\n') {
                n += blank ? 0 : 1;
                blank = true;
            } else if (b != ' ' && b != '\t' && b != '\r') {
                blank = false;
            }
        }
        return n + (blank ? 0 : 1);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
