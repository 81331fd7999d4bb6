package io.gonogo.core;

import static io.gonogo.core.EvidenceFixtures.AS_OF;
import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.optionalScenario;
import static io.gonogo.core.EvidenceFixtures.outcome;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each optional scenario not executed is a derived MEDIUM risk. */
class DerivedScenarioRiskTest {
    private static final PlannedScenario HEALTH = scenario("health-1k");
    private static final PlannedScenario WATCH = optionalScenario("watch-100");

    @Test
    void anOptionalScenarioNotExecutedIsADerivedMediumRiskWithoutASecondCondition() {
        Decision d =
                DecisionEngine.builder()
                        .build()
                        .decide(
                                List.of(),
                                List.of(HEALTH, WATCH),
                                evidence(
                                        List.of(),
                                        List.of(
                                                passed(HEALTH),
                                                outcome(WATCH, TestStatus.SKIPPED, "disabled"))),
                                AS_OF);
        assertThat(d.risks())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.id()).isEqualTo("scenario.load.watch-100");
                            assertThat(r.level()).isEqualTo(RiskLevel.MEDIUM);
                            assertThat(r.source()).isEqualTo(Risk.DERIVED);
                            assertThat(r.counts()).isTrue();
                        });
        assertThat(d.conditions())
                .extracting(Condition::subject)
                .containsOnlyOnce("scenario.load.watch-100");
    }

    @Test
    void anOptionalScenarioThatPassedOrARequiredOneIsNoDerivedRisk() {
        Decision d =
                DecisionEngine.builder()
                        .build()
                        .decide(
                                List.of(),
                                List.of(HEALTH, WATCH),
                                evidence(List.of(), List.of(passed(WATCH))),
                                AS_OF);
        assertThat(d.risks()).isEmpty();
    }
}
