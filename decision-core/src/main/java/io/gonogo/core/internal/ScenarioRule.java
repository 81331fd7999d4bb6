package io.gonogo.core.internal;

import io.gonogo.core.PlannedScenario;
import io.gonogo.core.TestStatus;
import java.util.List;

/**
 * The scenario rule: a required scenario that did not pass blocks, an optional one that did not
 * pass is a condition.
 */
public final class ScenarioRule {
    private ScenarioRule() {}

    /** Adds a reason to {@code findings} for each scenario of {@code plan} that did not pass. */
    public static void apply(
            List<PlannedScenario> plan, TargetEvaluator evaluator, Findings findings) {
        for (PlannedScenario s : plan) {
            TestStatus st = evaluator.status(s);
            if (st == TestStatus.SUCCESSFUL) {
                continue;
            }
            String msg = evaluator.message(s);
            String text =
                    (s.optional() ? "optional" : "required")
                            + " scenario "
                            + s.qualifiedId()
                            + " "
                            + TargetEvaluator.describe(st)
                            + (msg.isEmpty() ? "" : ": " + msg);
            String subject = "scenario." + s.suite() + "." + s.id();
            if (s.optional()) {
                findings.condition(subject, text);
            } else {
                findings.block(subject, text);
            }
        }
    }
}
