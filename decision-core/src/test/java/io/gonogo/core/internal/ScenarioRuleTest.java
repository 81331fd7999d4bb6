package io.gonogo.core.internal;

import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.optionalScenario;
import static io.gonogo.core.EvidenceFixtures.outcome;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Reason;
import io.gonogo.core.TestStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioRuleTest {
    private static final PlannedScenario REQUIRED = scenario("health-1k");
    private static final PlannedScenario OPTIONAL = optionalScenario("watch-100");

    private static Findings apply(List<PlannedScenario> plan, TargetEvaluator evaluator) {
        Findings findings = new Findings();
        ScenarioRule.apply(plan, evaluator, findings);
        return findings;
    }

    @Test
    void aRequiredScenarioThatFailedBlocksWithItsMessage() {
        Findings f =
                apply(
                        List.of(REQUIRED),
                        new TargetEvaluator(
                                List.of(REQUIRED),
                                evidence(
                                        List.of(),
                                        List.of(outcome(REQUIRED, TestStatus.FAILED, "503s")))));

        assertThat(f.blockers())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.kind()).isEqualTo(Reason.Kind.BLOCKER);
                            assertThat(r.subject()).isEqualTo("scenario.load.health-1k");
                            assertThat(r.text())
                                    .startsWith("required scenario load/health-1k ")
                                    .endsWith(": 503s");
                        });
        assertThat(f.conditions()).isEmpty();
    }

    @Test
    void anOptionalScenarioNotRunIsAConditionNotABlocker() {
        Findings f =
                apply(
                        List.of(OPTIONAL),
                        new TargetEvaluator(List.of(OPTIONAL), evidence(List.of(), List.of())));

        assertThat(f.blockers()).isEmpty();
        assertThat(f.conditions())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.subject()).isEqualTo("scenario.load.watch-100");
                            assertThat(r.text()).startsWith("optional scenario load/watch-100 ");
                        });
    }

    @Test
    void aScenarioThatPassedGivesNoReason() {
        Findings f =
                apply(
                        List.of(REQUIRED),
                        new TargetEvaluator(
                                List.of(REQUIRED), evidence(List.of(), List.of(passed(REQUIRED)))));

        assertThat(f.reasons()).isEmpty();
    }
}
