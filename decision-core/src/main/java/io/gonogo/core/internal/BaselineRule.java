package io.gonogo.core.internal;

import io.gonogo.core.Baseline;
import io.gonogo.core.Change;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Outcome;
import io.gonogo.core.Regression;
import io.gonogo.core.Risk;
import io.gonogo.core.SuiteKindInfo;
import io.gonogo.core.TargetVerdict;
import java.util.List;
import java.util.Optional;

/**
 * The baseline rule: what moved against the baseline's evidence and what changed since its
 * decision, with a note summing both up. It never changes the outcome.
 */
public final class BaselineRule {
    private BaselineRule() {}

    /**
     * The figures of {@code evidence} that moved beyond their noise against the baseline's, each
     * judged better or worse by the direction its kind declares in {@code kinds}.
     */
    public static List<Regression> regressions(
            Optional<Baseline> baseline, EvidenceSet evidence, List<SuiteKindInfo> kinds) {
        return baseline.flatMap(Baseline::evidence)
                .map(b -> BaselineComparison.regressions(evidence, b, kinds))
                .orElse(List.of());
    }

    /** What changed since the baseline's decision. */
    public static List<Change> changes(
            Optional<Baseline> baseline,
            Outcome outcome,
            List<TargetVerdict> verdicts,
            List<Risk> risks) {
        return baseline.flatMap(Baseline::decision)
                .map(b -> BaselineComparison.changes(b, outcome, verdicts, risks))
                .orElse(List.of());
    }

    /**
     * Adds the note summing up {@code regressions} and {@code changes}, when there is a baseline.
     */
    public static void note(
            Optional<Baseline> baseline,
            List<Regression> regressions,
            List<Change> changes,
            Findings findings) {
        if (baseline.isEmpty()) {
            return;
        }
        Baseline b = baseline.get();
        long worse =
                regressions.stream().filter(r -> r.direction().equals(Regression.WORSE)).count();
        findings.note(
                "baseline",
                "compared with baseline "
                        + b.id()
                        + " ("
                        + b.ref().why()
                        + "): "
                        + (b.evidence().isEmpty()
                                ? "no evidence to compare metrics with"
                                : regressions.size()
                                        + " figure(s) moved beyond their noise, "
                                        + worse
                                        + " for the worse")
                        + (b.decision().isEmpty()
                                ? ""
                                : "; "
                                        + changes.size()
                                        + " change(s) since its decision ("
                                        + b.decision().get().outcome().title()
                                        + ")"));
    }
}
