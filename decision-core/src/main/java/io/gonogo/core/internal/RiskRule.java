package io.gonogo.core.internal;

import io.gonogo.core.Condition;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Risk;
import io.gonogo.core.RiskLevel;
import io.gonogo.core.RiskStatus;
import io.gonogo.core.Subject;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestStatus;
import io.gonogo.core.config.RiskMatrix;
import io.gonogo.core.config.RiskSpec;
import io.gonogo.core.config.WaiverSpec;
import java.util.List;
import java.util.Optional;

/**
 * The risk rule: a HIGH risk that counts blocks unless a waiver turns it into a condition, a MEDIUM
 * one is a condition, a LOW one a note, one that does not count a note. Every ACCEPTABLE or
 * INCONCLUSIVE target and every optional scenario not run also stands for a derived MEDIUM risk,
 * listed without a second reason (its target or scenario already gives one).
 */
public final class RiskRule {
    private RiskRule() {}

    /** Judges each declared risk of {@code risks}, listing it and adding its reason. */
    public static void declared(
            List<RiskSpec> risks,
            RiskMatrix matrix,
            Readiness readiness,
            Waivers waived,
            ConditionTerms terms,
            Findings findings) {
        for (RiskSpec spec : risks) {
            Risk r = readiness.judge(spec, matrix);
            findings.risk(r);
            reason(spec, r, WaiverRule.waiveRisk(r, waived), terms, findings);
        }
    }

    private static void reason(
            RiskSpec spec,
            Risk r,
            Optional<WaiverSpec> waiver,
            ConditionTerms terms,
            Findings findings) {
        Subject subject = Subject.risk(r.id());
        String text = r.level().name() + " risk " + r.id() + " (" + r.title() + ")";
        if (!r.counts()) {
            findings.note(subject, text + " does not count: " + r.why());
            return;
        }
        String counts = text + " counts: " + r.why();
        switch (r.level()) {
            case HIGH -> {
                if (waiver.isPresent()) {
                    WaiverSpec w = waiver.get();
                    findings.condition(
                            subject, counts + "; " + Waivers.clause(w), waived(r, w, terms));
                } else {
                    findings.block(subject, counts);
                }
            }
            case MEDIUM ->
                    findings.condition(
                            subject,
                            counts,
                            new Condition(
                                    subject.text(),
                                    subject,
                                    "Mitigate risk "
                                            + r.id()
                                            + " ("
                                            + r.title()
                                            + ")"
                                            + (r.mitigation().isBlank()
                                                    ? "."
                                                    : ": " + Sentences.sentence(r.mitigation())),
                                    ownerOf(r, terms),
                                    spec.due().orElse(terms.due())));
            case LOW -> findings.note(subject, text + " counts but is only watched: " + r.why());
        }
    }

    /** The written condition of HIGH risk {@code r} waived by {@code w}. */
    private static Condition waived(Risk r, WaiverSpec w, ConditionTerms terms) {
        Subject subject = Subject.risk(r.id());
        return new Condition(
                subject.text(),
                subject,
                "Risk "
                        + r.id()
                        + " ("
                        + r.title()
                        + ") is waived by "
                        + w.id()
                        + " (approved by "
                        + w.approver()
                        + ") until "
                        + w.expires()
                        + ": "
                        + Sentences.sentence(w.justification())
                        + (r.mitigation().isBlank()
                                ? " Mitigate it before the waiver expires."
                                : " Mitigate it before the waiver expires: "
                                        + Sentences.sentence(r.mitigation())),
                ownerOf(r, terms),
                w.expires());
    }

    private static String ownerOf(Risk r, ConditionTerms terms) {
        return r.owner().isBlank() ? terms.owner() : r.owner();
    }

    /**
     * Lists the derived MEDIUM risk of each ACCEPTABLE or INCONCLUSIVE verdict, then of each
     * optional scenario of {@code plan} not executed or skipped.
     */
    public static void derived(
            List<TargetVerdict> verdicts,
            List<PlannedScenario> plan,
            TargetEvaluator evaluator,
            ConditionTerms terms,
            Findings findings) {
        for (TargetVerdict v : verdicts) {
            Readiness.derived(v, terms.owner()).ifPresent(findings::risk);
        }
        for (PlannedScenario s : plan) {
            TestStatus st = evaluator.status(s);
            if (s.optional() && st.notRun()) {
                findings.risk(unknown(s, st, terms.owner()));
            }
        }
    }

    /** The derived risk that what optional scenario {@code s}, not run, would show is unknown. */
    static Risk unknown(PlannedScenario s, TestStatus st, String owner) {
        return new Risk(
                Subject.scenario(s.suite(), s.id()).text(),
                "what optional scenario "
                        + s.qualifiedId()
                        + " would have shown is unknown: it "
                        + TargetEvaluator.describe(st),
                RiskLevel.MEDIUM,
                RiskLevel.MEDIUM,
                RiskLevel.MEDIUM,
                "Run it, or remove it from the plan.",
                owner,
                RiskStatus.OPEN,
                Risk.DERIVED,
                "",
                true,
                "optional scenario " + s.qualifiedId() + " " + TargetEvaluator.describe(st));
    }
}
