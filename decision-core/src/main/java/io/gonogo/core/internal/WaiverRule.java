package io.gonogo.core.internal;

import io.gonogo.core.Risk;
import io.gonogo.core.RiskLevel;
import io.gonogo.core.Subject;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.Verdict;
import io.gonogo.core.config.Target;
import io.gonogo.core.config.WaiverSpec;
import java.util.Optional;

/**
 * The waiver rule: a waiver in force never makes a target pass or a risk go away; it turns the
 * blocker of a critical target MISSED or NOT MEASURED, or of a HIGH risk that counts, into a
 * written condition due on its expiry date, and changes nothing elsewhere. Each application records
 * in {@link Waivers} what the waiver changed.
 */
public final class WaiverRule {
    private WaiverRule() {}

    /**
     * The condition text of target {@code t}, MISSED or NOT MEASURED with reason text {@code full},
     * when a waiver in force covers it; empty when none does.
     */
    public static Optional<String> waiveTarget(
            Target t, TargetVerdict v, String full, Waivers waived) {
        Optional<WaiverSpec> found = waived.inForce(Subject.target(t.id()));
        found.ifPresent(
                w ->
                        waived.applied(
                                w,
                                (t.critical()
                                                ? "turns the blocker of critical target "
                                                : "keeps non-critical target ")
                                        + t.id()
                                        + " ("
                                        + v.verdict().title()
                                        + ") "
                                        + (t.critical() ? "into" : "as")
                                        + " a written condition due "
                                        + w.expires()));
        return found.map(w -> full + "; " + Waivers.clause(w));
    }

    /** Records that a waiver of target {@code t}, whose verdict does not block, changes nothing. */
    public static void unusedOnTarget(Target t, TargetVerdict v, Waivers waived) {
        waived.inForce(Subject.target(t.id()))
                .ifPresent(
                        w ->
                                waived.effect(
                                        w,
                                        "changes nothing: target "
                                                + t.id()
                                                + " is "
                                                + v.verdict().title()
                                                + ", which does not block"
                                                + (v.verdict() == Verdict.ACCEPTABLE
                                                                || v.verdict()
                                                                        == Verdict.INCONCLUSIVE
                                                        ? "; its condition stays due by the"
                                                                + " policy's terms"
                                                        : "")));
    }

    /**
     * The waiver in force for risk {@code r}, if any, recording what it changes: a HIGH risk that
     * counts becomes a written condition, anything else stays as it is.
     */
    public static Optional<WaiverSpec> waiveRisk(Risk r, Waivers waived) {
        Optional<WaiverSpec> found = waived.inForce(Subject.risk(r.id()));
        found.ifPresent(
                w -> {
                    String effect = riskEffect(r, w);
                    if (effect.startsWith("changes nothing")) {
                        waived.effect(w, effect);
                    } else {
                        waived.applied(w, effect);
                    }
                });
        return found;
    }

    private static String riskEffect(Risk r, WaiverSpec w) {
        if (!r.counts()) {
            return "changes nothing: risk " + r.id() + " does not count";
        }
        return r.level() == RiskLevel.HIGH
                ? "turns HIGH risk "
                        + r.id()
                        + " from a blocker into a written condition due "
                        + w.expires()
                : "changes nothing: risk "
                        + r.id()
                        + " is "
                        + r.level().name()
                        + ", which does not block";
    }

    /** Adds a note for each waiver that expired before the decision's date. */
    public static void expired(Waivers waived, Findings findings) {
        findings.notes(waived.expiredNotes());
    }
}
