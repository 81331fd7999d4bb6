package io.gonogo;

import io.gonogo.core.Decision;
import io.gonogo.core.Numbers;
import io.gonogo.core.PlannedOutcome;
import io.gonogo.core.Reason;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Verdict;
import io.gonogo.core.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The closing summary of a run: {@link #of} sized to fit one terminal screen, {@link #json} for
 * scripts.
 */
public final class Summary {
    /** The version of the form {@link #json} writes. */
    public static final int JSON_SCHEMA_VERSION = 1;

    private static final int MAX_TARGET_LINES = 12;
    private static final int MAX_REASON_LINES = 6;

    private Summary() {}

    /**
     * The summary of {@code result}: decision, scenarios, targets, blockers and files.
     *
     * @param result the run to summarise
     * @return the text printed on stdout after a run, lines ending in {@code \n}
     */
    public static String of(RunResult result) {
        Decision d = result.decision();
        StringBuilder sb = new StringBuilder();
        sb.append("\n")
                .append("DECISION: ")
                .append(d.outcome().title())
                .append("   (")
                .append(d.release().name())
                .append(", profile ")
                .append(d.profile().id())
                .append(")\n");
        scenarios(result, sb);
        targets(d, sb);
        reasons(d, sb);
        files(result.files(), sb);
        sb.append("\nexit code ").append(result.exitCode()).append("\n");
        return sb.toString();
    }

    /**
     * The summary of {@code result} as one JSON object, for scripts (as k6's {@code
     * --summary-export}): the decision, the exit code, the counts of targets by verdict, of
     * scenarios by how they ended, of blockers and conditions, every target that is not MET or
     * EXCEEDED, and the documents written. Keys in this order:
     *
     * <pre>{@code
     * {
     *   "schemaVersion" : 1,
     *   "decision" : "NO-GO",            // GO, GO WITH CONDITIONS or NO-GO
     *   "outcome" : "NO_GO",             // the same as an identifier
     *   "exitCode" : 1,
     *   "release" : "shop 2.4", "profile" : "quick", "runId" : "run-...",
     *   "counts" : {
     *     "targets" : {"declared" : 5, "exceeded" : 0, "met" : 4, "acceptable" : 0,
     *                  "missed" : 1, "inconclusive" : 0, "notMeasured" : 0},
     *     "scenarios" : {"planned" : 2, "passed" : 1, "failed" : 1, "notExecuted" : 0,
     *                    "notSelected" : 0},
     *     "blockers" : 2, "conditions" : 0 },
     *   "notMet" : [ {"id" : "...", "title" : "...", "verdict" : "MISSED", "critical" : true,
     *                 "achieved" : "1.2ms", "criterion" : "< 1ms", "reason" : "..."} ],
     *   "files" : [ "reports/go-no-go.md", ... ]   // charts left out
     * }
     * }</pre>
     *
     * @param result the run to summarise
     * @return the JSON document, one object
     */
    public static String json(RunResult result) {
        Decision d = result.decision();
        int[] verdicts = new int[Verdict.values().length];
        d.verdicts().forEach(v -> verdicts[v.verdict().ordinal()]++);
        ScenarioCounts sc = ScenarioCounts.of(result);
        List<NotMet> notMet = new ArrayList<>();
        for (TargetVerdict v : d.verdicts()) {
            if (v.verdict() != Verdict.MET && v.verdict() != Verdict.EXCEEDED) {
                notMet.add(
                        new NotMet(
                                v.target(),
                                v.title(),
                                v.verdict().name(),
                                v.critical(),
                                v.achieved().map(Numbers::show),
                                v.pass().text(),
                                v.reason()));
            }
        }
        return Json.write(
                new JsonSummary(
                        JSON_SCHEMA_VERSION,
                        d.outcome().title(),
                        d.outcome().name(),
                        result.exitCode(),
                        d.release().name(),
                        d.profile().id(),
                        d.runId(),
                        new Counts(
                                new TargetCounts(
                                        d.verdicts().size(),
                                        verdicts[Verdict.EXCEEDED.ordinal()],
                                        verdicts[Verdict.MET.ordinal()],
                                        verdicts[Verdict.ACCEPTABLE.ordinal()],
                                        verdicts[Verdict.MISSED.ordinal()],
                                        verdicts[Verdict.INCONCLUSIVE.ordinal()],
                                        verdicts[Verdict.NOT_MEASURED.ordinal()]),
                                sc,
                                d.reasons().stream()
                                        .filter(r -> r.kind() == Reason.Kind.BLOCKER)
                                        .count(),
                                d.conditions().size()),
                        notMet,
                        result.files().stream()
                                .filter(f -> !isChart(f))
                                .map(Path::toString)
                                .toList()));
    }

    record JsonSummary(
            int schemaVersion,
            String decision,
            String outcome,
            int exitCode,
            String release,
            String profile,
            String runId,
            Counts counts,
            List<NotMet> notMet,
            List<String> files) {}

    record Counts(TargetCounts targets, ScenarioCounts scenarios, long blockers, int conditions) {}

    record TargetCounts(
            int declared,
            int exceeded,
            int met,
            int acceptable,
            int missed,
            int inconclusive,
            int notMeasured) {}

    record NotMet(
            String id,
            String title,
            String verdict,
            boolean critical,
            Optional<String> achieved,
            String criterion,
            String reason) {}

    /**
     * How the planned scenarios ended: as the decision's plan records them (a planned scenario that
     * recorded nothing counts as not executed), else the scenarios and results entries the evidence
     * records; the tests an imported JUnit report lists are not scenarios.
     */
    record ScenarioCounts(
            long planned, long passed, long failed, long notExecuted, long notSelected) {
        static ScenarioCounts of(RunResult result) {
            List<TestStatus> statuses =
                    result.decision().plan().declared()
                            ? result.decision().plan().scenarios().stream()
                                    .map(PlannedOutcome::status)
                                    .toList()
                            : result.evidence().outcomes().stream()
                                    .filter(o -> !o.container() && !o.scenario().isEmpty())
                                    .map(TestOutcome::status)
                                    .toList();
            long passed = statuses.stream().filter(st -> st == TestStatus.SUCCESSFUL).count();
            long failed =
                    statuses.stream()
                            .filter(st -> st == TestStatus.FAILED || st == TestStatus.ABORTED)
                            .count();
            long notSelected =
                    statuses.stream().filter(st -> st == TestStatus.NOT_SELECTED).count();
            return new ScenarioCounts(
                    statuses.size(),
                    passed,
                    failed,
                    statuses.size() - passed - failed - notSelected,
                    notSelected);
        }
    }

    private static void scenarios(RunResult result, StringBuilder sb) {
        ScenarioCounts c = ScenarioCounts.of(result);
        sb.append(
                String.format(
                        Locale.ROOT,
                        "scenarios: %d planned, %d passed, %d failed, %d not executed%s%n",
                        c.planned(),
                        c.passed(),
                        c.failed(),
                        c.notExecuted(),
                        c.notSelected() > 0 ? ", " + c.notSelected() + " not selected" : ""));
    }

    private static void targets(Decision d, StringBuilder sb) {
        sb.append("targets:\n");
        int shown = 0;
        for (TargetVerdict v : d.verdicts()) {
            if (shown++ == MAX_TARGET_LINES) {
                sb.append("  ... ")
                        .append(d.verdicts().size() - MAX_TARGET_LINES)
                        .append(" more in go-no-go.md\n");
                break;
            }
            String achieved = v.achieved().map(Numbers::show).orElse("-");
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "  %-13s %-24s %10s  %-10s %s%n",
                            v.verdict().title(),
                            clip(v.target(), 24),
                            achieved,
                            v.pass().text(),
                            v.deltaPercent().isPresent()
                                    ? Numbers.signedPercent(v.deltaPercent().getAsDouble())
                                    : ""));
        }
        if (d.verdicts().isEmpty()) {
            sb.append("  none declared\n");
        }
    }

    private static void reasons(Decision d, StringBuilder sb) {
        List<Reason> important =
                d.reasons().stream().filter(r -> r.kind() != Reason.Kind.NOTE).toList();
        if (!important.isEmpty()) {
            sb.append("why:\n");
            int n = 0;
            for (Reason r : important) {
                if (n++ == MAX_REASON_LINES) {
                    sb.append("  ... ")
                            .append(important.size() - MAX_REASON_LINES)
                            .append(" more in go-no-go.md\n");
                    break;
                }
                sb.append("  ")
                        .append(r.kind() == Reason.Kind.BLOCKER ? "BLOCKER   " : "CONDITION ")
                        .append(clip(r.text(), 160))
                        .append("\n");
            }
        }
    }

    /**
     * The documents by name relative to the output folder; charts (one per scenario) only by count,
     * so the summary fits a screen.
     */
    private static void files(List<Path> files, StringBuilder sb) {
        if (!files.isEmpty()) {
            Path dir =
                    files.stream()
                            .filter(f -> !isChart(f))
                            .findFirst()
                            .orElse(files.get(0))
                            .getParent();
            List<String> names = new ArrayList<>();
            int charts = 0;
            for (Path f : files) {
                if (isChart(f)) {
                    charts++;
                } else {
                    names.add(
                            dir != null && f.startsWith(dir)
                                    ? dir.relativize(f).toString()
                                    : f.toString());
                }
            }
            sb.append("reports in ")
                    .append(dir == null ? "." : dir.toString())
                    .append(": ")
                    .append(String.join(", ", names));
            if (charts > 0) {
                sb.append(
                        String.format(
                                Locale.ROOT,
                                ", and %d chart%s in charts/",
                                charts,
                                charts == 1 ? "" : "s"));
            }
        }
    }

    private static boolean isChart(Path file) {
        Path parent = file.getParent();
        return parent != null
                && parent.getFileName() != null
                && parent.getFileName().toString().equals("charts")
                && file.getFileName().toString().endsWith(".svg");
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
