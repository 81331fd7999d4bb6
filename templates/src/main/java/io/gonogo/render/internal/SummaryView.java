package io.gonogo.render.internal;

import io.gonogo.core.Change;
import io.gonogo.core.Condition;
import io.gonogo.core.Decision;
import io.gonogo.core.Numbers;
import io.gonogo.core.Outcome;
import io.gonogo.core.Reason;
import io.gonogo.core.Regression;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The view model of {@code summary.md} and of the GitHub step summary: the decision, its blockers
 * and conditions, the targets that are not met, a line per suite, what changed since the baseline,
 * and links to the full documents; formatted and escaped for Markdown.
 *
 * <p>Bounded whatever the plan's size, so the document fits a pull-request comment (GitHub takes
 * 65,536 characters): every list shows at most a fixed number of items and counts the rest, and
 * every item is clipped to {@value #ITEM_CHARS} characters before it is escaped. The built-in
 * template's output stays under {@value #MAX_CHARS} characters.
 */
public final class SummaryView {
    /** The most characters the built-in template writes, whatever the decision. */
    public static final int MAX_CHARS = 60_000;

    /** The longest a user's text (a reason, a name) is quoted, before escaping. */
    static final int ITEM_CHARS = 300;

    /** How many blockers, conditions and changes are listed. */
    static final int LISTED = 10;

    /** How many targets that are not met are listed. */
    static final int TARGETS_LISTED = 20;

    /** How many suites get a line. */
    static final int SUITES_LISTED = 12;

    /** How many scenarios a memory or chaos line names. */
    static final int SCENARIOS_PER_LINE = 3;

    /** How many regressions are listed. */
    static final int REGRESSIONS_LISTED = 5;

    private static final Pattern SUITE = Pattern.compile("\\[suite:([^\\]]+)]");

    private static final String SEE = " (see go-no-go.md)";

    private SummaryView() {}

    /**
     * The model of {@code summary.md}.
     *
     * @param title the release name, as a heading
     * @param decision the outcome's title
     * @param why why the release may or may not ship, in a sentence or two
     * @param blockers the blockers, one list item each (empty unless NO-GO)
     * @param conditions the conditions, one list item each
     * @param tally the targets by verdict, as a sentence
     * @param notMet the targets that are not MET or EXCEEDED, one list item each, critical first
     * @param suites a line per suite: its scenarios, its targets, and the memory or chaos figures
     * @param baseline whether the decision had a baseline
     * @param baselineText which baseline, or why there was none
     * @param changes what changed since the baseline decision, one list item each
     * @param regressions the figures that moved beyond their noise, as a sentence and list items
     * @param runId the run the decision was made from
     * @param profile the profile of the run
     */
    public record Summary(
            String title,
            String decision,
            String why,
            List<String> blockers,
            List<String> conditions,
            String tally,
            List<String> notMet,
            List<String> suites,
            boolean baseline,
            String baselineText,
            List<String> changes,
            List<String> regressions,
            String runId,
            String profile) {
        /** Copies the lists. */
        public Summary {
            blockers = List.copyOf(blockers);
            conditions = List.copyOf(conditions);
            notMet = List.copyOf(notMet);
            suites = List.copyOf(suites);
            changes = List.copyOf(changes);
            regressions = List.copyOf(regressions);
        }
    }

    /**
     * The summary of {@code d}, with the per-suite counts and findings of {@code document}, the
     * go/no-go document's model of the same decision.
     */
    public static Summary of(Decision d, GoNoGoView.Document document) {
        List<String> blockers =
                d.outcome() == Outcome.NO_GO
                        ? d.reasons().stream()
                                .filter(r -> r.kind() == Reason.Kind.BLOCKER)
                                .map(r -> text(r.text()))
                                .toList()
                        : List.of();
        List<String> conditions = new ArrayList<>();
        if (d.outcome() != Outcome.NO_GO) {
            for (Condition c : d.conditions()) {
                conditions.add(
                        text(c.text()) + " Owner: " + text(c.owner()) + ", due " + c.due() + ".");
            }
        }
        return new Summary(
                Markdown.heading(clip(d.release().name())),
                d.outcome().title(),
                document.summary().why(),
                first(blockers, LISTED, "blocker", "blockers"),
                first(conditions, LISTED, "condition", "conditions"),
                tally(d.verdicts()),
                notMet(d.verdicts()),
                suites(d, document),
                d.baseline().given(),
                baselineText(d),
                changes(d.changes()),
                regressions(d.regressions()),
                Markdown.text(clip(d.runId())),
                d.profile().id());
    }

    private static String tally(List<TargetVerdict> verdicts) {
        if (verdicts.isEmpty()) {
            return "Targets: none declared.";
        }
        return "Targets: "
                + Numbers.grouped(verdicts.size())
                + " declared; "
                + counts(verdicts)
                + ".";
    }

    /** The verdicts counted, such as "1 exceeded, 2 met, 1 not measured". */
    private static String counts(List<TargetVerdict> verdicts) {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        verdicts.forEach(v -> counts.merge(v.verdict(), 1, Integer::sum));
        return counts.entrySet().stream()
                .map(
                        e ->
                                Numbers.grouped(e.getValue())
                                        + " "
                                        + e.getKey().title().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    /**
     * The targets that are not MET or EXCEEDED: critical ones first, then by how far they are from
     * passing (NOT MEASURED, MISSED, INCONCLUSIVE, ACCEPTABLE), else in the file's order.
     */
    private static List<String> notMet(List<TargetVerdict> verdicts) {
        List<TargetVerdict> notMet =
                verdicts.stream()
                        .filter(v -> v.verdict() != Verdict.MET && v.verdict() != Verdict.EXCEEDED)
                        .sorted(
                                Comparator.comparing((TargetVerdict v) -> !v.critical())
                                        .thenComparing(v -> -v.verdict().ordinal()))
                        .toList();
        List<String> lines = new ArrayList<>();
        for (TargetVerdict v : notMet) {
            if (lines.size() == TARGETS_LISTED) {
                break;
            }
            String name =
                    v.title().equals(v.target())
                            ? "**" + text(v.target()) + "**"
                            : "**" + text(v.target()) + "** (" + text(v.title()) + ")";
            lines.add(
                    Markdown.lineStart(
                            name
                                    + " "
                                    + v.verdict().title()
                                    + (v.critical() ? ", critical" : "")
                                    + ": "
                                    + v.achieved()
                                            .map(a -> Numbers.show(a) + " against ")
                                            .orElse("no figure; must be ")
                                    + text(v.pass().text())
                                    + (v.deltaPercent().isPresent()
                                            ? " ("
                                                    + Numbers.signedPercent(
                                                            v.deltaPercent().getAsDouble())
                                                    + ")"
                                            : "")
                                    + ". "
                                    + sentence(text(v.reason()))));
        }
        if (notMet.size() > TARGETS_LISTED) {
            lines.add(more(notMet.size() - TARGETS_LISTED, "target", "targets"));
        }
        return lines;
    }

    /**
     * A line per suite: how its scenarios ended (the test summary's row), how its targets stand
     * (targets whose sources name it), and for memory and chaos suites their main figures.
     */
    private static List<String> suites(Decision d, GoNoGoView.Document document) {
        Map<String, List<TargetVerdict>> bySuite = new LinkedHashMap<>();
        for (TargetVerdict v : d.verdicts()) {
            java.util.Set<String> suites = new java.util.LinkedHashSet<>();
            for (String source : v.sources()) {
                Matcher m = SUITE.matcher(source);
                if (m.find()) {
                    suites.add(m.group(1));
                }
            }
            suites.forEach(s -> bySuite.computeIfAbsent(s, k -> new ArrayList<>()).add(v));
        }
        Map<String, List<String>> findings = new LinkedHashMap<>();
        for (FindingsView.MemoryScenario m : document.memory().scenarios()) {
            findings.computeIfAbsent(m.suite(), k -> new ArrayList<>()).add(memoryFinding(m));
        }
        for (FindingsView.ChaosScenario c : document.chaos().scenarios()) {
            findings.computeIfAbsent(c.suite(), k -> new ArrayList<>()).add(chaosFinding(c));
        }
        List<GoNoGoView.TestRow> rows =
                document.tests().rows().stream()
                        .filter(r -> !r.category().equals("total"))
                        .toList();
        List<String> lines = new ArrayList<>();
        for (GoNoGoView.TestRow r : rows) {
            if (lines.size() == SUITES_LISTED) {
                lines.add(more(rows.size() - SUITES_LISTED, "suite", "suites"));
                break;
            }
            StringBuilder line = new StringBuilder();
            line.append("**")
                    .append(text(r.category()))
                    .append("**: ")
                    .append(r.planned())
                    .append(" planned, ")
                    .append(r.passed())
                    .append(" passed, ")
                    .append(r.failed())
                    .append(" failed, ")
                    .append(r.notExecuted())
                    .append(" not executed");
            if (!r.notSelected().equals("0")) {
                line.append(", ").append(r.notSelected()).append(" not selected");
            }
            List<TargetVerdict> targets = bySuite.getOrDefault(r.category(), List.of());
            if (!targets.isEmpty()) {
                line.append("; targets: ").append(counts(targets));
            }
            List<String> found = findings.getOrDefault(r.category(), List.of());
            if (!found.isEmpty()) {
                line.append("; ")
                        .append(
                                String.join(
                                        "; ",
                                        found.subList(
                                                0, Math.min(SCENARIOS_PER_LINE, found.size()))));
                if (found.size() > SCENARIOS_PER_LINE) {
                    line.append("; and ")
                            .append(found.size() - SCENARIOS_PER_LINE)
                            .append(" more scenarios");
                }
            }
            lines.add(Markdown.lineStart(line.append('.').toString()));
        }
        return lines;
    }

    /** A memory scenario's status and heap slope, such as "session-soak SUCCESSFUL, heap ...". */
    private static String memoryFinding(FindingsView.MemoryScenario m) {
        String slope =
                m.rows().stream()
                        .filter(f -> f.metric().equals("heap_slope"))
                        .findFirst()
                        .map(
                                f ->
                                        "heap slope "
                                                + f.value()
                                                + (f.interval().equals("none")
                                                        ? ""
                                                        : " " + f.interval()))
                        .orElse("no heap slope measured");
        return clipEscaped(m.id()) + " " + status(m.status()) + ", " + slope;
    }

    /** A chaos scenario's status, fault, detection and recovery time. */
    private static String chaosFinding(FindingsView.ChaosScenario c) {
        String detect = fact(c, "Time to detect");
        String recovery = fact(c, "Recovery time");
        return clipEscaped(c.id())
                + " "
                + status(c.status())
                + " ("
                + clipEscaped(c.fault())
                + "), detected in "
                + detect
                + ", recovered in "
                + recovery;
    }

    private static String fact(FindingsView.ChaosScenario c, String labelStart) {
        return c.facts().stream()
                .filter(f -> f.label().startsWith(labelStart))
                .findFirst()
                .map(GoNoGoView.Fact::value)
                .orElse("not measured");
    }

    /** The status word of a findings status such as "FAILED: the message". */
    private static String status(String status) {
        int colon = status.indexOf(':');
        return colon < 0 ? status : status.substring(0, colon);
    }

    private static String baselineText(Decision d) {
        var b = d.baseline();
        if (!b.given()) {
            return b.why().isBlank()
                    ? "No baseline was compared."
                    : "No baseline was compared: " + sentence(text(b.why()));
        }
        return text(
                b.id()
                        + (b.outcome().isEmpty() ? "" : " (" + b.outcome().replace('_', ' ') + ")")
                        + ", "
                        + b.why());
    }

    private static List<String> changes(List<Change> changes) {
        List<String> lines = new ArrayList<>();
        for (Change c : changes) {
            if (lines.size() == LISTED) {
                lines.add(more(changes.size() - LISTED, "change", "changes"));
                break;
            }
            lines.add(
                    Markdown.lineStart(
                            text(c.subject())
                                    + ": "
                                    + text(c.before())
                                    + " → "
                                    + text(c.after())
                                    + ". "
                                    + sentence(text(c.text()))));
        }
        return lines;
    }

    private static List<String> regressions(List<Regression> regressions) {
        List<String> lines = new ArrayList<>();
        for (Regression g : regressions) {
            if (lines.size() == REGRESSIONS_LISTED) {
                lines.add(more(regressions.size() - REGRESSIONS_LISTED, "figure", "figures"));
                break;
            }
            lines.add(
                    Markdown.lineStart(
                            text(g.metric() + " " + g.figure().id() + labels(g))
                                    + ": "
                                    + Numbers.show(g.baseline())
                                    + " → "
                                    + Numbers.show(g.current())
                                    + " ("
                                    + Numbers.signedPercent(g.changePercent())
                                    + ", "
                                    + g.direction().id()
                                    + ")."));
        }
        return lines;
    }

    private static String labels(Regression g) {
        return g.labels().isEmpty()
                ? ""
                : " "
                        + g.labels().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(", "));
    }

    /** The first {@code max} of {@code all} as list items, then how many more there are. */
    private static List<String> first(List<String> all, int max, String one, String many) {
        List<String> out = new ArrayList<>();
        for (String s : all.subList(0, Math.min(max, all.size()))) {
            out.add(Markdown.lineStart(sentence(s)));
        }
        if (all.size() > max) {
            out.add(more(all.size() - max, one, many));
        }
        return out;
    }

    private static String more(int n, String one, String many) {
        return "... and " + Formats.count(n, "more " + one, "more " + many) + SEE;
    }

    /** A user's text clipped to {@value #ITEM_CHARS} characters, then escaped for Markdown. */
    private static String text(String s) {
        return Markdown.text(clip(s));
    }

    private static String clip(String s) {
        return s.length() <= ITEM_CHARS ? s : s.substring(0, ITEM_CHARS - 1).stripTrailing() + "…";
    }

    /** Already escaped text clipped, with room for escapes (each at most doubles a character). */
    private static String clipEscaped(String s) {
        return s.length() <= 2 * ITEM_CHARS ? s : s.substring(0, 2 * ITEM_CHARS - 1) + "…";
    }

    private static String sentence(String s) {
        if (s.isEmpty() || ".!?…".indexOf(s.charAt(s.length() - 1)) >= 0) {
            return s;
        }
        return s + ".";
    }
}
