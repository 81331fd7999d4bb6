package io.gonogo.core.internal;

import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.histogram;
import static io.gonogo.core.EvidenceFixtures.latency;
import static io.gonogo.core.EvidenceFixtures.latencyTarget;
import static io.gonogo.core.EvidenceFixtures.noTimeouts;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.scenario;
import static io.gonogo.core.EvidenceFixtures.target;

import io.gonogo.core.PlannedScenario;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.config.Target;
import io.gonogo.core.config.WaiverSpec;
import java.time.LocalDate;
import java.util.List;

/** One passed scenario whose p99 latency is 2 ms, and targets met, missed and not measured. */
final class RuleFixtures {
    static final LocalDate TODAY = LocalDate.parse("2025-03-03");
    static final ConditionTerms TERMS = new ConditionTerms("Release board", TODAY.plusDays(14));
    static final PlannedScenario HEALTH = scenario("health-1k");
    static final List<PlannedScenario> PLAN = List.of(HEALTH);

    /** p99 below 5 ms: MET by 2 ms. */
    static final Target MET = latencyTarget("p99-met", "p99", "< 5ms");

    /** p99 below 1 ms, not critical: MISSED by 2 ms. */
    static final Target MISSED =
            target("p99-missed", "latency", "p99", "< 1ms").critical(false).build();

    private RuleFixtures() {}

    static TargetEvaluator evaluator() {
        return new TargetEvaluator(
                PLAN,
                evidence(
                        List.of(latency(HEALTH, histogram(2000, 1000)), noTimeouts(HEALTH)),
                        List.of(passed(HEALTH))));
    }

    static TargetVerdict verdict(Target t) {
        return evaluator().evaluate(t);
    }

    static Waivers waivers(List<Target> targets, WaiverSpec... waivers) {
        return new Waivers(List.of(waivers), targets, List.of(), TODAY);
    }

    static WaiverSpec targetWaiver(String id, String target, LocalDate expires) {
        return new WaiverSpec(
                id, WaiverSpec.Kind.TARGET, target, "fix is in 1.2", "Dana", expires, "");
    }
}
