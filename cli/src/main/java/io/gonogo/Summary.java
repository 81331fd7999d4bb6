package io.gonogo;

import io.gonogo.core.Decision;
import io.gonogo.core.Numbers;
import io.gonogo.core.PlannedOutcome;
import io.gonogo.core.Reason;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The closing summary of a run, sized to fit one terminal screen. */
public final class Summary {
    private static final int MAX_TARGET_LINES = 12;
    private static final int MAX_REASON_LINES = 6;

    private Summary() {}

    /** The summary of {@code result}: decision, scenarios, targets, blockers and files. */
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
     * How the planned scenarios ended: as the decision's plan records them (a planned scenario that
     * recorded nothing counts as not executed), else the scenarios and results entries the evidence
     * records; the tests an imported JUnit report lists are not scenarios.
     */
    private static void scenarios(RunResult result, StringBuilder sb) {
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
        long notSelected = statuses.stream().filter(st -> st == TestStatus.NOT_SELECTED).count();
        long notRun = statuses.size() - passed - failed - notSelected;
        sb.append(
                String.format(
                        Locale.ROOT,
                        "scenarios: %d planned, %d passed, %d failed, %d not executed%s%n",
                        statuses.size(),
                        passed,
                        failed,
                        notRun,
                        notSelected > 0 ? ", " + notSelected + " not selected" : ""));
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
