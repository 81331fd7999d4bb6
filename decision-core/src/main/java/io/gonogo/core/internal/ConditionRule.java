package io.gonogo.core.internal;

import io.gonogo.core.Condition;
import io.gonogo.core.Numbers;
import io.gonogo.core.Reason;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.config.WaiverSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The condition rule: every condition reason becomes a written condition saying what must be done,
 * who owns it and by when: as its rule worded it, else prefixed by the waiver that made it a
 * condition and due on its expiry, else worded after its subject and due by the policy's terms (a
 * waiver in force that changed nothing, on an ACCEPTABLE or INCONCLUSIVE target, moves no date).
 */
public final class ConditionRule {
    private ConditionRule() {}

    /** The written conditions of {@code findings}' condition reasons, in their order. */
    public static List<Condition> apply(
            Findings findings, List<TargetVerdict> verdicts, Waivers waived, ConditionTerms terms) {
        Map<String, TargetVerdict> verdictById = new HashMap<>();
        for (TargetVerdict v : verdicts) {
            verdictById.putIfAbsent(v.target(), v);
        }
        List<Condition> conditions = new ArrayList<>();
        for (Reason r : findings.conditions()) {
            Optional<Condition> worded = findings.worded(r.about());
            if (worded.isPresent()) {
                conditions.add(worded.get());
                continue;
            }
            String text = text(r, verdictById);
            Optional<WaiverSpec> w = waived.appliedTo(r.about());
            conditions.add(
                    w.isPresent()
                            ? new Condition(
                                    r.subject(),
                                    r.about(),
                                    waivedBy(w.get()) + " " + text,
                                    terms.owner(),
                                    w.get().expires())
                            : new Condition(
                                    r.subject(), r.about(), text, terms.owner(), terms.due()));
        }
        return conditions;
    }

    private static String waivedBy(WaiverSpec w) {
        return "Waived by "
                + w.id()
                + " (approved by "
                + w.approver()
                + ") until "
                + w.expires()
                + ": "
                + Sentences.sentence(w.justification());
    }

    /** What must be done about condition reason {@code r}, after its subject. */
    static String text(Reason r, Map<String, TargetVerdict> verdictById) {
        return switch (r.about().kind()) {
            case TARGET -> {
                TargetVerdict v = verdictById.get(r.about().id());
                yield v != null ? forTarget(v) : Sentences.capitalise(r.text()) + ".";
            }
            case SCENARIO -> "Make " + r.text() + " pass, or mark it optional with a reason.";
            case CHECKLIST -> "Complete the readiness checklist: " + r.text() + ".";
            case EVIDENCE ->
                    "Fix the suite or file that published unreadable evidence, and run again: "
                            + r.text()
                            + ".";
            case POLICY ->
                    "Repeat the run in the profile the policy requires before release: "
                            + r.text()
                            + ".";
            default -> Sentences.capitalise(r.text()) + ".";
        };
    }

    private static String forTarget(TargetVerdict v) {
        return switch (v.verdict()) {
            case ACCEPTABLE ->
                    "Bring "
                            + v.title()
                            + " within "
                            + v.pass()
                            + " (measured "
                            + Numbers.show(v.achieved().orElseThrow())
                            + (v.deltaPercent().isPresent()
                                    ? ", " + Numbers.signedPercent(v.deltaPercent().getAsDouble())
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
