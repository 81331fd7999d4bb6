package io.gonogo.core;

import static io.gonogo.core.EvidenceFixtures.AS_OF;
import static io.gonogo.core.EvidenceFixtures.allPassed;
import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.histogram;
import static io.gonogo.core.EvidenceFixtures.latency;
import static io.gonogo.core.EvidenceFixtures.noTimeouts;
import static io.gonogo.core.EvidenceFixtures.optionalScenario;
import static io.gonogo.core.EvidenceFixtures.outcome;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.plus;
import static io.gonogo.core.EvidenceFixtures.scalar;
import static io.gonogo.core.EvidenceFixtures.scenario;
import static io.gonogo.core.EvidenceFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.config.Policy;
import io.gonogo.core.config.Target;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DecisionEngineTest {

    private static final Release RELEASE =
            new Release("governance 1.4", "beta", "2025-03-14", "Dana Ortiz");
    private static final DecisionEngine ENGINE = DecisionEngine.builder().release(RELEASE).build();
    private static final LocalDate AS_OF_DAY = LocalDate.of(2025, 3, 3);

    private static final PlannedScenario HEALTH = scenario("health-1k");
    private static final PlannedScenario SUBMIT = scenario("submit-5k");
    private static final PlannedScenario WATCH = optionalScenario("watch-100");

    private static final Target P99_HEALTH =
            target("p99-health", "latency", "p99", "< 2ms")
                    .title("P99 latency of health at 1K")
                    .where(Map.of("scenario", "health-1k"))
                    .build();

    private static Decision decide(
            List<Target> targets,
            List<PlannedScenario> plan,
            List<Measurement> ms,
            List<TestOutcome> outcomes) {
        return ENGINE.decide(targets, plan, evidence(ms, outcomes), AS_OF);
    }

    /** HEALTH passed with {@code count} samples of {@code us}. */
    private static Decision healthLatency(Target t, long us, long count) {
        return decide(
                List.of(t),
                List.of(HEALTH),
                List.of(latency(HEALTH, histogram(us, count)), noTimeouts(HEALTH)),
                List.of(passed(HEALTH)));
    }

    @Nested
    class Outcomes {

        @Test
        void everyTargetMetAndEveryScenarioPassedIsGo() {
            Decision d = healthLatency(P99_HEALTH, 1000, 1000);
            assertThat(d.outcome()).isEqualTo(Outcome.GO);
            assertThat(d.conditions()).isEmpty();
            assertThat(d.verdicts())
                    .extracting(TargetVerdict::verdict)
                    .containsExactly(Verdict.MET);
            assertThat(d.reasons())
                    .extracting(Reason::text)
                    .containsExactly("1 of 1 targets met or exceeded");
            assertThat(d.asOf()).isEqualTo(AS_OF);
            assertThat(d.runId()).isEqualTo(EvidenceFixtures.RUN);
            assertThat(d.release()).isEqualTo(RELEASE);
        }

        @Test
        void exactlyAtAStrictThresholdACriticalTargetIsMissedAndTheDecisionNoGo() {
            Decision d = healthLatency(P99_HEALTH, 2000, 1000);
            assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.MISSED);
            assertThat(d.outcome()).isEqualTo(Outcome.NO_GO);
            assertThat(d.reasons().get(0).kind()).isEqualTo(Reason.Kind.BLOCKER);
            assertThat(d.reasons().get(0).subject()).isEqualTo("target.p99-health");
            assertThat(d.reasons().get(0).text())
                    .startsWith("critical target p99-health (P99 latency of health at 1K) MISSED");
        }

        @Test
        void exactlyAtAnInclusiveThresholdTheTargetIsMetAndTheDecisionGo() {
            Target t = target("p99", "latency", "p99", "<= 2ms").build();
            Decision d = healthLatency(t, 2000, 1000);
            assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.MET);
            assertThat(d.outcome()).isEqualTo(Outcome.GO);
        }

        @Test
        void aStretchGoalMetIsExceededAndGo() {
            Target t =
                    target("p99", "latency", "p99", "< 2ms")
                            .stretch(Criterion.parse("< 1ms"))
                            .build();
            Decision d = healthLatency(t, 800, 1000);
            assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.EXCEEDED);
            assertThat(d.outcome()).isEqualTo(Outcome.GO);
        }

        @Test
        void anAcceptableTargetGivesGoWithConditionsAndAConditionWithOwnerAndDueDate() {
            Target t =
                    target("p99", "latency", "p99", "< 1.6ms")
                            .acceptable(Criterion.parse("< 2.04ms"))
                            .build();
            Decision d = healthLatency(t, 2000, 1000);

            assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.ACCEPTABLE);
            assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
            assertThat(d.conditions())
                    .singleElement()
                    .satisfies(
                            c -> {
                                assertThat(c.id()).isEqualTo("target.p99");
                                assertThat(c.subject()).isEqualTo("target.p99");
                                assertThat(c.owner()).isEqualTo("Dana Ortiz");
                                assertThat(c.due()).isEqualTo(AS_OF_DAY.plusDays(14));
                                assertThat(c.text())
                                        .isEqualTo(
                                                "Bring p99 within < 1.6ms (measured 2ms, +25.0%),"
                                                    + " and show it met in a new run before the due"
                                                    + " date.");
                            });
        }

        @Test
        void outsideTheAcceptableBandACriticalTargetIsNoGo() {
            Target t =
                    target("p99", "latency", "p99", "< 1.6ms")
                            .acceptable(Criterion.parse("< 2ms"))
                            .build();
            Decision d = healthLatency(t, 2000, 1000);
            assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.MISSED);
            assertThat(d.outcome()).isEqualTo(Outcome.NO_GO);
        }

        @Test
        void thePolicyNamesTheOwnerAndTheDaysToTheDueDate() {
            DecisionEngine engine =
                    DecisionEngine.builder()
                            .release(RELEASE)
                            .policy(new Policy(null, "QA lead", 7))
                            .build();
            Target t = target("p99", "latency", "p99", "< 2ms").critical(false).build();
            Decision d =
                    engine.decide(
                            List.of(t),
                            List.of(HEALTH),
                            evidence(
                                    List.of(
                                            latency(HEALTH, histogram(3000, 1000)),
                                            noTimeouts(HEALTH)),
                                    List.of(passed(HEALTH))),
                            AS_OF);
            assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
            assertThat(d.conditions())
                    .singleElement()
                    .satisfies(
                            c -> {
                                assertThat(c.owner()).isEqualTo("QA lead");
                                assertThat(c.due()).isEqualTo(LocalDate.of(2025, 3, 10));
                            });
        }

        @Test
        void withoutAnyOwnerTheConditionFallsToTheReleaseOwnerRole() {
            DecisionEngine engine = DecisionEngine.builder().build();
            Target t = target("p99", "latency", "p99", "< 2ms").critical(false).build();
            Decision d =
                    engine.decide(
                            List.of(t),
                            List.of(HEALTH),
                            evidence(
                                    List.of(
                                            latency(HEALTH, histogram(3000, 1000)),
                                            noTimeouts(HEALTH)),
                                    List.of(passed(HEALTH))),
                            AS_OF);
            assertThat(d.conditions())
                    .extracting(Condition::owner)
                    .containsExactly("release owner");
        }

        @Test
        void aNonCriticalMissedTargetGivesGoWithConditions() {
            Target t = target("p99", "latency", "p99", "< 2ms").critical(false).build();
            Decision d = healthLatency(t, 3000, 1000);
            assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
            assertThat(d.reasons().get(0).text()).startsWith("non-critical target p99");
            assertThat(d.conditions())
                    .singleElement()
                    .satisfies(c -> assertThat(c.text()).startsWith("Fix p99: "));
        }

        @Test
        void anInconclusiveTargetGivesGoWithConditions() {
            Decision d = healthLatency(P99_HEALTH, 1000, 500);
            assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
            assertThat(d.conditions())
                    .singleElement()
                    .satisfies(
                            c ->
                                    assertThat(c.text())
                                            .startsWith(
                                                    "Measure P99 latency of health at 1K again"));
        }

        @Test
        void noTargetsAtAllIsNotAPlainGo() {
            Decision d = decide(List.of(), List.of(HEALTH), List.of(), List.of(passed(HEALTH)));
            assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
        }
    }

    @Nested
    class MissingEvidence {

        @Test
        void aCriticalTargetNoPlannedScenarioProducesIsNotMeasuredAndNoGo() {
            Target t =
                    target("watch-rate", "throughput", null, ">= 50/s")
                            .where(Map.of("scenario", "watch-1k"))
                            .build();
            Decision d =
                    decide(
                            List.of(t),
                            List.of(HEALTH),
                            List.of(scalar(HEALTH, "throughput", Unit.PER_SECOND, 90)),
                            List.of(passed(HEALTH)));
            TargetVerdict v = d.verdicts().get(0);
            assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(v.reason()).contains("no scenario in the plan produces 'throughput'");
            assertThat(d.outcome()).isEqualTo(Outcome.NO_GO);
            assertThat(d.reasons().get(0).text())
                    .contains("critical target watch-rate")
                    .contains("NOT MEASURED")
                    .contains("no scenario in the plan produces");
        }

        @Test
        void aNonCriticalTargetNotMeasuredGivesGoWithConditions() {
            Target t =
                    target("watch-rate", "throughput", null, ">= 50/s")
                            .where(Map.of("scenario", "watch-1k"))
                            .critical(false)
                            .build();
            Decision d = decide(List.of(t), List.of(HEALTH), List.of(), List.of(passed(HEALTH)));
            assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
            assertThat(d.conditions())
                    .singleElement()
                    .satisfies(
                            c ->
                                    assertThat(c.text())
                                            .startsWith(
                                                    "Measure watch-rate: no producer: no"
                                                            + " scenario"));
        }

        @ParameterizedTest(name = "a required scenario {0} is NO-GO")
        @EnumSource(
                value = TestStatus.class,
                names = {"FAILED", "ABORTED", "SKIPPED", "NOT_EXECUTED"})
        void aRequiredScenarioThatDidNotPassIsNoGoAndItsTargetNotMeasured(TestStatus status) {
            Decision d =
                    decide(
                            List.of(P99_HEALTH),
                            List.of(HEALTH),
                            List.of(latency(HEALTH, histogram(1000, 5000)), noTimeouts(HEALTH)),
                            List.of(outcome(HEALTH, status, "the server stopped")));
            assertThat(d.outcome()).isEqualTo(Outcome.NO_GO);
            assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(d.verdicts().get(0).reason())
                    .startsWith(
                            (status == TestStatus.FAILED || status == TestStatus.ABORTED
                                            ? "suite crashed: "
                                            : "not executed: ")
                                    + "scenario load/health-1k ")
                    .endsWith(": the server stopped");
            assertThat(d.reasons())
                    .anySatisfy(
                            r -> {
                                assertThat(r.kind()).isEqualTo(Reason.Kind.BLOCKER);
                                assertThat(r.subject()).isEqualTo("scenario.load.health-1k");
                                assertThat(r.text()).startsWith("required scenario load/health-1k");
                            });
        }

        @Test
        void aRequiredScenarioWithNoRecordedOutcomeIsNotExecutedAndNoGo() {
            Decision d =
                    decide(
                            List.of(P99_HEALTH),
                            List.of(HEALTH),
                            List.of(latency(HEALTH, histogram(1000, 5000)), noTimeouts(HEALTH)),
                            List.of());
            assertThat(d.outcome()).isEqualTo(Outcome.NO_GO);
            assertThat(d.verdicts().get(0).reason())
                    .isEqualTo(
                            "not executed: scenario load/health-1k was not executed: no outcome was"
                                    + " recorded for it");
            assertThat(d.reasons())
                    .extracting(Reason::text)
                    .contains(
                            "required scenario load/health-1k was not executed: no outcome was"
                                    + " recorded for it");
        }

        @Test
        void anOptionalScenarioNotExecutedGivesGoWithConditions() {
            Decision d =
                    decide(
                            List.of(P99_HEALTH),
                            List.of(HEALTH, WATCH),
                            List.of(latency(HEALTH, histogram(1000, 5000)), noTimeouts(HEALTH)),
                            List.of(passed(HEALTH)));
            assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.MET);
            assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
            assertThat(d.conditions())
                    .singleElement()
                    .satisfies(
                            c -> {
                                assertThat(c.subject()).isEqualTo("scenario.load.watch-100");
                                assertThat(c.text())
                                        .contains(
                                                "optional scenario load/watch-100 was not"
                                                        + " executed");
                            });
        }

        @Test
        void aScenarioRecordedTwiceCountsAsFailedIfEitherRecordFailed() {
            List<TestOutcome> passedThenFailed =
                    List.of(passed(HEALTH), outcome(HEALTH, TestStatus.FAILED, "trial 2"));
            List<TestOutcome> failedThenPassed =
                    List.of(outcome(HEALTH, TestStatus.FAILED, "trial 1"), passed(HEALTH));
            Measurement m = latency(HEALTH, histogram(1000, 5000));
            assertThat(
                            decide(
                                            List.of(P99_HEALTH),
                                            List.of(HEALTH),
                                            List.of(m),
                                            failedThenPassed)
                                    .outcome())
                    .isEqualTo(Outcome.NO_GO);
            assertThat(
                            decide(
                                            List.of(P99_HEALTH),
                                            List.of(HEALTH),
                                            List.of(m),
                                            passedThenFailed)
                                    .outcome())
                    .isEqualTo(Outcome.NO_GO);
        }
    }

    @Nested
    class Merging {

        @Test
        void aTargetOverTwoScenariosUsesTheAddedHistogram() {
            Histogram fast = histogram(1000, 1000);
            Histogram slowTail = plus(histogram(1000, 900), 9000, 100);
            Histogram added = new Histogram(3);
            added.add(fast);
            added.add(slowTail);
            Target t =
                    target("p99-load", "latency", "p99", "< 2ms")
                            .where(Map.of("suite", "load"))
                            .build();

            Decision d =
                    decide(
                            List.of(t),
                            List.of(HEALTH, SUBMIT),
                            List.of(
                                    latency(HEALTH, fast),
                                    noTimeouts(HEALTH),
                                    latency(SUBMIT, slowTail),
                                    noTimeouts(SUBMIT)),
                            List.of(passed(HEALTH), passed(SUBMIT)));

            TargetVerdict v = d.verdicts().get(0);
            assertThat(v.achieved())
                    .contains(
                            new Quantity(added.getValueAtPercentile(99), Unit.MICROSECONDS)
                                    .to(Unit.MILLISECONDS));
            assertThat(v.samples()).isEqualTo(2000);
            assertThat(v.verdict()).isEqualTo(Verdict.MISSED);
            assertThat(d.outcome()).isEqualTo(Outcome.NO_GO);
        }
    }

    @Nested
    class Profiles {

        @Test
        void requireProfileFullCapsAQuickGoAtGoWithConditions() {
            DecisionEngine engine =
                    DecisionEngine.builder()
                            .release(RELEASE)
                            .policy(new Policy(Profile.FULL, "", 14))
                            .build();
            EvidenceSet quick =
                    evidence(
                            Profile.QUICK,
                            List.of(latency(HEALTH, histogram(1000, 1000)), noTimeouts(HEALTH)),
                            List.of(passed(HEALTH)));
            Decision d = engine.decide(List.of(P99_HEALTH), List.of(HEALTH), quick, AS_OF);
            assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
            assertThat(d.profile()).isEqualTo(Profile.QUICK);
            assertThat(d.conditions())
                    .singleElement()
                    .satisfies(
                            c -> {
                                assertThat(c.subject()).isEqualTo("policy");
                                assertThat(c.text())
                                        .contains(
                                                "requires the full profile but this run used"
                                                        + " quick");
                            });
        }

        @Test
        void requireProfileFullLeavesAFullGoAlone() {
            DecisionEngine engine =
                    DecisionEngine.builder().policy(new Policy(Profile.FULL, "", 14)).build();
            EvidenceSet full =
                    evidence(
                            Profile.FULL,
                            List.of(latency(HEALTH, histogram(1000, 1000)), noTimeouts(HEALTH)),
                            List.of(passed(HEALTH)));
            Decision d = engine.decide(List.of(P99_HEALTH), List.of(HEALTH), full, AS_OF);
            assertThat(d.outcome()).isEqualTo(Outcome.GO);
            assertThat(d.profile()).isEqualTo(Profile.FULL);
        }

        @Test
        void requireProfileNeverImprovesANoGo() {
            DecisionEngine engine =
                    DecisionEngine.builder().policy(new Policy(Profile.FULL, "", 14)).build();
            EvidenceSet quick =
                    evidence(
                            Profile.QUICK,
                            List.of(latency(HEALTH, histogram(5000, 1000)), noTimeouts(HEALTH)),
                            List.of(passed(HEALTH)));
            assertThat(engine.decide(List.of(P99_HEALTH), List.of(HEALTH), quick, AS_OF).outcome())
                    .isEqualTo(Outcome.NO_GO);
        }
    }

    @Nested
    class Monotonicity {
        private static final PlannedScenario SLOW = scenario("slow-2k");
        private static final List<PlannedScenario> PLAN = List.of(HEALTH, SUBMIT, SLOW, WATCH);
        private static final List<Target> TARGETS =
                List.of(
                        target("p99-load", "latency", "p99", "< 2ms")
                                .acceptable(Criterion.parse("< 4ms"))
                                .where(Map.of("suite", "load"))
                                .build(),
                        target("p50-health", "latency", "p50", "< 1ms")
                                .where(Map.of("scenario", "health-1k"))
                                .critical(false)
                                .build(),
                        target("throughput", "throughput", null, ">= 1000/s")
                                .where(Map.of("suite", "load"))
                                .build(),
                        target("mean-throughput", "throughput", "mean", ">= 1200/s")
                                .critical(false)
                                .build(),
                        target("success", "success_rate", null, ">= 99%")
                                .acceptable(Criterion.parse(">= 98%"))
                                .where(Map.of("scenario", "submit-5k"))
                                .critical(false)
                                .build());

        private static EvidenceSet randomSet(long seed) {
            Random r = new Random(seed);
            List<Measurement> ms = new ArrayList<>();
            List<TestOutcome> outcomes = new ArrayList<>();
            for (PlannedScenario s : PLAN) {
                Histogram h = histogram(300 + r.nextInt(900), 500 + r.nextInt(2000));
                plus(h, 1000 + r.nextInt(4000), r.nextInt(60));
                ms.add(latency(s, h));
                ms.add(noTimeouts(s));
                ms.add(scalar(s, "throughput", Unit.PER_SECOND, 800 + r.nextInt(1200)));
                ms.add(scalar(s, "success_rate", Unit.PERCENT, 97 + r.nextInt(31) / 10.0));
                if (r.nextInt(10) != 0) {
                    outcomes.add(passed(s));
                } else {
                    outcomes.add(outcome(s, TestStatus.FAILED, "seeded failure"));
                }
            }
            return evidence(ms, outcomes);
        }

        private static Outcome decideOn(EvidenceSet e) {
            return ENGINE.decide(TARGETS, PLAN, e, AS_OF).outcome();
        }

        @Test
        void removingAnyMeasurementOrOutcomeNeverImprovesTheDecision() {
            List<String> violations = new ArrayList<>();
            int[] seen = new int[Outcome.values().length];
            for (long seed = 1; seed <= 40; seed++) {
                EvidenceSet full = randomSet(seed);
                Outcome before = decideOn(full);
                seen[before.ordinal()]++;
                for (int i = 0; i < full.measurements().size(); i++) {
                    List<Measurement> fewer = new ArrayList<>(full.measurements());
                    Measurement dropped = fewer.remove(i);
                    Outcome after =
                            decideOn(
                                    new EvidenceSet(
                                            1,
                                            full.runId(),
                                            full.environment(),
                                            fewer,
                                            full.outcomes()));
                    if (after.ordinal() < before.ordinal()) {
                        violations.add(
                                "seed "
                                        + seed
                                        + ": dropping "
                                        + dropped.metric()
                                        + dropped.labels()
                                        + " turned "
                                        + before
                                        + " into "
                                        + after);
                    }
                }
                for (int i = 0; i < full.outcomes().size(); i++) {
                    List<TestOutcome> fewer = new ArrayList<>(full.outcomes());
                    TestOutcome dropped = fewer.remove(i);
                    Outcome after =
                            decideOn(
                                    new EvidenceSet(
                                            1,
                                            full.runId(),
                                            full.environment(),
                                            full.measurements(),
                                            fewer));
                    if (after.ordinal() < before.ordinal()) {
                        violations.add(
                                "seed "
                                        + seed
                                        + ": dropping the outcome of "
                                        + dropped.testId()
                                        + " turned "
                                        + before
                                        + " into "
                                        + after);
                    }
                }
            }
            // the generated sets must exercise more than one outcome, or the property says nothing
            assertThat(seen)
                    .as("outcomes seen (GO, GO_WITH_CONDITIONS, NO_GO)")
                    .satisfies(
                            s ->
                                    assertThat(
                                                    java.util.Arrays.stream(s)
                                                            .filter(n -> n > 0)
                                                            .count())
                                            .isGreaterThanOrEqualTo(2));
            assertThat(violations).isEmpty();
        }

        @Test
        void droppingTheSlowScenariosLatencyDoesNotTurnNoGoIntoGo() {
            List<PlannedScenario> plan = List.of(HEALTH, SLOW);
            Target t =
                    target("p99-load", "latency", "p99", "< 2ms")
                            .where(Map.of("suite", "load"))
                            .build();
            Measurement fast = latency(HEALTH, histogram(1000, 5000));
            Measurement slow = latency(SLOW, histogram(9000, 5000));
            Decision withBoth = decide(List.of(t), plan, List.of(fast, slow), allPassed(plan));
            Decision withoutSlow = decide(List.of(t), plan, List.of(fast), allPassed(plan));
            assertThat(withBoth.outcome()).isEqualTo(Outcome.NO_GO);
            assertThat(withoutSlow.outcome()).isEqualTo(Outcome.NO_GO);
        }
    }
}
