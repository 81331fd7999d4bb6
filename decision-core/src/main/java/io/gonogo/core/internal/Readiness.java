package io.gonogo.core.internal;

import io.gonogo.core.ChecklistItem;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Risk;
import io.gonogo.core.RiskLevel;
import io.gonogo.core.RiskStatus;
import io.gonogo.core.Subject;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Verdict;
import io.gonogo.core.config.ChecklistSpec;
import io.gonogo.core.config.RiskMatrix;
import io.gonogo.core.config.RiskSpec;
import io.gonogo.core.config.RiskWhen;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges the risk register and the readiness checklist against a run's verdicts and scenario
 * outcomes. Every rule is fail-closed: missing evidence can activate a risk or open a checklist
 * item, never the reverse.
 */
public final class Readiness {
    /**
     * How bad a verdict is for a {@code when} condition: a condition holds at its verdict or worse.
     */
    private static final Map<Verdict, Integer> BADNESS =
            new EnumMap<>(
                    Map.of(
                            Verdict.EXCEEDED,
                            0,
                            Verdict.MET,
                            1,
                            Verdict.ACCEPTABLE,
                            2,
                            Verdict.INCONCLUSIVE,
                            3,
                            Verdict.MISSED,
                            4,
                            Verdict.NOT_MEASURED,
                            5));

    private final Map<String, TargetVerdict> verdicts = new LinkedHashMap<>();
    private final List<PlannedScenario> plan;
    private final TargetEvaluator evaluator;

    /**
     * Readiness judged against {@code verdicts} and the outcomes {@code evaluator} sees for {@code
     * plan}.
     */
    public Readiness(
            List<TargetVerdict> verdicts, List<PlannedScenario> plan, TargetEvaluator evaluator) {
        for (TargetVerdict v : verdicts) {
            this.verdicts.put(v.target(), v);
        }
        this.plan = List.copyOf(plan);
        this.evaluator = evaluator;
    }

    /** A declared risk with its level and whether it counts. */
    public Risk judge(RiskSpec spec, RiskMatrix matrix) {
        RiskLevel level = matrix.level(spec.probability(), spec.impact());
        String why;
        boolean counts;
        if (spec.status() == RiskStatus.CLOSED) {
            counts = false;
            why = "it is closed";
        } else {
            Optional<String> holds = holds(spec.when());
            counts = holds.isPresent();
            why =
                    counts
                            ? "it is "
                                    + spec.status().id()
                                    + (spec.when().kind() == RiskWhen.Kind.ALWAYS
                                            ? ""
                                            : " and its condition '"
                                                    + spec.when().text()
                                                    + "' holds: "
                                                    + holds.get())
                            : "its condition '"
                                    + spec.when().text()
                                    + "' does not hold: "
                                    + doesNotHold(spec.when());
        }
        return new Risk(
                spec.id(),
                spec.title(),
                spec.probability(),
                spec.impact(),
                level,
                spec.mitigation(),
                spec.owner(),
                spec.status(),
                Risk.DECLARED,
                spec.when().text(),
                counts,
                why);
    }

    /** The MEDIUM risk an ACCEPTABLE or INCONCLUSIVE verdict stands for, if it is one. */
    public static Optional<Risk> derived(TargetVerdict v, String owner) {
        String title;
        String mitigation;
        if (v.verdict() == Verdict.ACCEPTABLE) {
            title =
                    v.title()
                            + " may not hold in production: it missed its target "
                            + v.pass().text()
                            + " and is only within the acceptable band";
            mitigation = "Bring it within " + v.pass().text() + " and show it met in a new run.";
        } else if (v.verdict() == Verdict.INCONCLUSIVE) {
            title =
                    v.title()
                            + " may miss its target "
                            + v.pass().text()
                            + ": the evidence is too thin to judge it";
            mitigation = "Measure it again with enough evidence to judge it.";
        } else {
            return Optional.empty();
        }
        return Optional.of(
                new Risk(
                        Subject.target(v.target()).text(),
                        title,
                        RiskLevel.MEDIUM,
                        RiskLevel.MEDIUM,
                        RiskLevel.MEDIUM,
                        mitigation,
                        owner,
                        RiskStatus.OPEN,
                        Risk.DERIVED,
                        "",
                        true,
                        "target " + v.target() + " is " + v.verdict().title()));
    }

    /** Why {@code when} holds, or empty when it does not. */
    private Optional<String> holds(RiskWhen when) {
        switch (when.kind()) {
            case ALWAYS:
                return Optional.of("");
            case TARGET:
                {
                    TargetVerdict v = verdicts.get(when.subject());
                    Verdict actual = v == null ? Verdict.NOT_MEASURED : v.verdict();
                    return BADNESS.get(actual) >= BADNESS.get(when.targetVerdict().orElseThrow())
                            ? Optional.of("target " + when.subject() + " is " + actual.title())
                            : Optional.empty();
                }
            case SUITE:
                {
                    SuiteState s = suite(when.subject());
                    boolean holds =
                            when.suiteState().equals(RiskWhen.FAILED)
                                    ? !s.passed()
                                    : s.notExecuted();
                    return holds ? Optional.of(s.text()) : Optional.empty();
                }
            default:
                throw new IllegalStateException(when.kind().name());
        }
    }

    private String doesNotHold(RiskWhen when) {
        if (when.kind() == RiskWhen.Kind.TARGET) {
            TargetVerdict v = verdicts.get(when.subject());
            return "target "
                    + when.subject()
                    + " is "
                    + (v == null ? Verdict.NOT_MEASURED : v.verdict()).title();
        }
        return suite(when.subject()).text();
    }

    /** How a suite's planned scenarios ended. */
    private record SuiteState(
            String kind, int planned, int passedCount, int notExecutedCount, List<String> bad) {
        boolean passed() {
            return planned > 0 && passedCount == planned;
        }

        boolean notExecuted() {
            return planned == 0 || notExecutedCount > 0;
        }

        String text() {
            if (planned == 0) {
                return "the plan has no scenario of suite " + kind;
            }
            return passedCount
                    + " of "
                    + planned
                    + " planned scenario"
                    + (planned == 1 ? "" : "s")
                    + " of suite "
                    + kind
                    + " passed"
                    + (bad.isEmpty() ? "" : " (" + String.join("; ", bad) + ")");
        }
    }

    private SuiteState suite(String kind) {
        int planned = 0;
        int passed = 0;
        int notExecuted = 0;
        List<String> bad = new ArrayList<>();
        for (PlannedScenario s : plan) {
            if (!s.suite().equals(kind)) {
                continue;
            }
            planned++;
            TestStatus st = evaluator.status(s);
            if (st == TestStatus.SUCCESSFUL) {
                passed++;
            } else {
                bad.add(s.qualifiedId() + " " + TargetEvaluator.describe(st));
                if (st.notRun()) {
                    notExecuted++;
                }
            }
        }
        return new SuiteState(kind, planned, passed, notExecuted, bad);
    }

    /** A checklist item, done only when its evidence holds on {@code asOf}. */
    public ChecklistItem check(ChecklistSpec spec, LocalDate asOf) {
        ChecklistSpec.Binding b = spec.binding();
        boolean done;
        String found;
        switch (b.kind()) {
            case SUITE_PASSED -> {
                SuiteState s = suite(b.subject());
                done = s.passed();
                found = s.text();
            }
            case TARGET_MET -> {
                TargetVerdict v = verdicts.get(b.subject());
                Verdict actual = v == null ? Verdict.NOT_MEASURED : v.verdict();
                done = actual == Verdict.MET || actual == Verdict.EXCEEDED;
                found = "target " + b.subject() + " is " + actual.title();
            }
            case FILE_EXISTS -> {
                done = Files.isRegularFile(b.file().orElseThrow());
                found =
                        done
                                ? "found " + b.subject()
                                : "no file at "
                                        + b.subject()
                                        + " (looked for "
                                        + b.file().orElseThrow()
                                        + ")";
            }
            case ATTESTATION -> {
                Optional<LocalDate> on = b.attestedOn();
                done = on.isPresent() && !on.get().isAfter(asOf);
                found =
                        on.isEmpty()
                                ? b.subject() + " is named but no attested-on date is given"
                                : done
                                        ? "attested by " + b.subject() + " on " + on.get()
                                        : "attested-on "
                                                + on.get()
                                                + " is after the decision's date "
                                                + asOf;
            }
            default -> throw new IllegalStateException(b.kind().name());
        }
        return new ChecklistItem(spec.id(), spec.title(), done, b.text(), found);
    }
}
