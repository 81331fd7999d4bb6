package io.gonogo.core;

import static io.gonogo.core.EvidenceFixtures.AS_OF;
import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.histogram;
import static io.gonogo.core.EvidenceFixtures.latency;
import static io.gonogo.core.EvidenceFixtures.noTimeouts;
import static io.gonogo.core.EvidenceFixtures.optionalScenario;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.config.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A scenario a partial run left out is NOT SELECTED: never a pass, its targets NOT MEASURED with
 * that cause, and the decision no better than with the scenario run and passing.
 */
class NotSelectedTest {
    private static final PlannedScenario RUN = scenario("health-1k");
    private static final PlannedScenario LEFT_OUT = scenario("health-5k");
    private static final PlannedScenario OPTIONAL_LEFT_OUT = optionalScenario("watch-100");

    private static Target target(PlannedScenario s) {
        return Target.builder("p99-" + s.id())
                .metric("latency")
                .where(Map.of("scenario", s.id()))
                .aggregate(io.gonogo.core.config.Aggregation.parse("p99"))
                .pass(Criterion.parse("< 10ms"))
                .build();
    }

    private static Decision decide(List<PlannedScenario> plan, List<TestOutcome> outcomes) {
        return DecisionEngine.builder()
                .overrides(List.of("--select load/health-1k"))
                .build()
                .decide(
                        List.of(target(RUN), target(LEFT_OUT)),
                        plan,
                        evidence(
                                List.of(latency(RUN, histogram(2_000, 1_000)), noTimeouts(RUN)),
                                outcomes),
                        AS_OF);
    }

    @Test
    void aRequiredScenarioLeftOutBlocksAndItsTargetIsNotMeasured() {
        Decision d =
                decide(
                        List.of(RUN, LEFT_OUT),
                        List.of(
                                passed(RUN),
                                PlannedOutcome.notSelected(
                                        LEFT_OUT,
                                        "the run was limited to --select load/health-1k")));

        assertThat(d.outcome()).isEqualTo(Outcome.NO_GO);
        assertThat(d.verdicts())
                .extracting(TargetVerdict::verdict)
                .containsExactly(Verdict.MET, Verdict.NOT_MEASURED);
        assertThat(d.verdicts().get(1).reason())
                .startsWith("not selected: scenario load/health-5k was not selected: the run was");
        assertThat(d.plan().scenarios())
                .extracting(PlannedOutcome::status)
                .containsExactly(TestStatus.SUCCESSFUL, TestStatus.NOT_SELECTED);
        assertThat(d.plan().overrides()).containsExactly("--select load/health-1k");
        assertThat(TestStatus.NOT_SELECTED.passed()).isFalse();
        assertThat(TestStatus.NOT_SELECTED.notRun()).isTrue();
    }

    @Test
    void scenariosLeftOutAlikeAreNamedTogetherInOneReason() {
        PlannedScenario other = scenario("health-10k");
        Target both =
                Target.builder("p99-health")
                        .metric("latency")
                        .where(Map.of("suite", "load"))
                        .aggregate(io.gonogo.core.config.Aggregation.parse("p99"))
                        .pass(Criterion.parse("< 10ms"))
                        .build();
        String why = "the run was limited to --select load/health-1k";
        Decision d =
                DecisionEngine.builder()
                        .build()
                        .decide(
                                List.of(both),
                                List.of(RUN, LEFT_OUT, other),
                                evidence(
                                        List.of(
                                                latency(RUN, histogram(2_000, 1_000)),
                                                noTimeouts(RUN)),
                                        List.of(
                                                passed(RUN),
                                                PlannedOutcome.notSelected(LEFT_OUT, why),
                                                PlannedOutcome.notSelected(other, why))),
                                AS_OF);

        assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(d.verdicts().get(0).reason())
                .isEqualTo(
                        "not selected: scenarios load/health-5k and load/health-10k were not"
                                + " selected: "
                                + why);
    }

    @Test
    void anOptionalScenarioLeftOutIsAConditionNeverAPass() {
        Decision d =
                DecisionEngine.builder()
                        .build()
                        .decide(
                                List.of(target(RUN)),
                                List.of(RUN, OPTIONAL_LEFT_OUT),
                                evidence(
                                        List.of(
                                                latency(RUN, histogram(2_000, 1_000)),
                                                noTimeouts(RUN)),
                                        List.of(
                                                passed(RUN),
                                                PlannedOutcome.notSelected(
                                                        OPTIONAL_LEFT_OUT, "left out"))),
                                AS_OF);

        assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
        assertThat(d.reasons())
                .extracting(Reason::text)
                .anyMatch(t -> t.contains("optional scenario load/watch-100 was not selected"));
    }

    @Test
    void runningTheScenarioLeftOutNeverMakesTheDecisionWorse() {
        Decision whole =
                DecisionEngine.builder()
                        .build()
                        .decide(
                                List.of(target(RUN), target(LEFT_OUT)),
                                List.of(RUN, LEFT_OUT),
                                evidence(
                                        List.of(
                                                latency(RUN, histogram(2_000, 1_000)),
                                                        noTimeouts(RUN),
                                                latency(LEFT_OUT, histogram(3_000, 1_000)),
                                                        noTimeouts(LEFT_OUT)),
                                        List.of(passed(RUN), passed(LEFT_OUT))),
                                AS_OF);
        Decision partial =
                decide(
                        List.of(RUN, LEFT_OUT),
                        List.of(passed(RUN), PlannedOutcome.notSelected(LEFT_OUT, "left out")));

        assertThat(whole.outcome()).isEqualTo(Outcome.GO);
        // outcomes are declared best first: the partial run's is strictly worse here
        assertThat(partial.outcome().compareTo(whole.outcome()))
                .as("the partial run's outcome against the whole run's")
                .isPositive();
    }
}
