package io.gonogo.core.internal;

import io.gonogo.core.TargetVerdict;
import io.gonogo.core.config.Target;
import java.util.List;
import java.util.Optional;

/**
 * The target rule: a critical target MISSED or NOT MEASURED blocks unless a waiver turns it into a
 * condition; a non-critical one, or one ACCEPTABLE or INCONCLUSIVE, is a condition; a plan without
 * targets is a condition too.
 */
public final class TargetRule {
    /** From this many targets on, they are judged in parallel. */
    static final int PARALLEL_TARGETS = 64;

    private TargetRule() {}

    /**
     * Judges every target, adds its reasons to {@code findings} and returns the verdicts in the
     * order of {@code targets}.
     */
    public static List<TargetVerdict> apply(
            List<Target> targets, TargetEvaluator evaluator, Waivers waived, Findings findings) {
        List<TargetVerdict> verdicts = judge(targets, evaluator);
        int good = 0;
        for (int i = 0; i < targets.size(); i++) {
            if (reason(targets.get(i), verdicts.get(i), waived, findings)) {
                good++;
            }
        }
        if (!targets.isEmpty()) {
            findings.note("targets", good + " of " + targets.size() + " targets met or exceeded");
        } else {
            findings.condition(
                    "targets", "the targets file declares no target, so nothing was judged");
        }
        return verdicts;
    }

    /**
     * The verdicts of {@code targets}, in their order. Targets are judged independently (the
     * evaluator only reads the evidence and caches merges), so a large plan, such as 1,000 targets
     * over 100,000 measurements, is judged on every core.
     */
    static List<TargetVerdict> judge(List<Target> targets, TargetEvaluator evaluator) {
        return targets.size() < PARALLEL_TARGETS
                ? targets.stream().map(evaluator::evaluate).toList()
                : targets.parallelStream().map(evaluator::evaluate).toList();
    }

    /** Adds the reason verdict {@code v} of {@code t} gives; true when it is met or exceeded. */
    private static boolean reason(Target t, TargetVerdict v, Waivers waived, Findings findings) {
        String subject = "target." + t.id();
        String text =
                "target "
                        + t.id()
                        + " ("
                        + t.title()
                        + ") "
                        + v.verdict().title()
                        + ": "
                        + v.reason();
        switch (v.verdict()) {
            case EXCEEDED, MET -> {
                WaiverRule.unusedOnTarget(t, v, waived);
                return true;
            }
            case ACCEPTABLE, INCONCLUSIVE -> {
                findings.condition(subject, text);
                WaiverRule.unusedOnTarget(t, v, waived);
            }
            case MISSED, NOT_MEASURED -> {
                String full = (t.critical() ? "critical " : "non-critical ") + text;
                Optional<String> waivedText = WaiverRule.waiveTarget(t, v, full, waived);
                if (waivedText.isPresent()) {
                    findings.condition(subject, waivedText.get());
                } else if (t.critical()) {
                    findings.block(subject, full);
                } else {
                    findings.condition(subject, full);
                }
            }
        }
        return false;
    }
}
