package io.gonogo.core.internal;

import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.histogram;
import static io.gonogo.core.EvidenceFixtures.latency;
import static io.gonogo.core.EvidenceFixtures.latencyTarget;
import static io.gonogo.core.EvidenceFixtures.measurement;
import static io.gonogo.core.EvidenceFixtures.noTimeouts;
import static io.gonogo.core.EvidenceFixtures.outcome;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.plus;
import static io.gonogo.core.EvidenceFixtures.scalar;
import static io.gonogo.core.EvidenceFixtures.scenario;
import static io.gonogo.core.EvidenceFixtures.target;
import static io.gonogo.core.EvidenceFixtures.throughputOver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gonogo.core.Criterion;
import io.gonogo.core.Measurement;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Quality;
import io.gonogo.core.Quantity;
import io.gonogo.core.Series;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import io.gonogo.core.Verdict;
import io.gonogo.core.config.Target;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetEvaluatorTest {

    // Below 2048 an HdrHistogram with 3 significant digits records every microsecond exactly,
    // so a distribution of 2000us samples reports exactly 2ms at every percentile.
    private static final long EXACT_2MS_IN_US = 2000;

    private static final PlannedScenario HEALTH = scenario("health-1k");
    private static final PlannedScenario SUBMIT = scenario("submit-5k");

    private static TargetVerdict evaluate(
            Target t,
            List<PlannedScenario> plan,
            List<Measurement> ms,
            List<TestOutcome> outcomes) {
        return new TargetEvaluator(plan, evidence(ms, outcomes)).evaluate(t);
    }

    /** One passed scenario whose latency is {@code count} samples of {@code us}. */
    private static TargetVerdict latencyVerdict(Target t, long us, long count) {
        return evaluate(
                t,
                List.of(HEALTH),
                List.of(latency(HEALTH, histogram(us, count)), noTimeouts(HEALTH)),
                List.of(passed(HEALTH)));
    }

    /** One passed scenario whose throughput is {@code perSecond}, measured over 10 s. */
    private static TargetVerdict throughputVerdict(Target t, double perSecond) {
        return evaluate(
                t, List.of(HEALTH), throughputOver(HEALTH, perSecond, 10), List.of(passed(HEALTH)));
    }

    private static TargetVerdict scalarVerdict(Target t, String metric, Unit unit, double value) {
        return evaluate(
                t,
                List.of(HEALTH),
                List.of(scalar(HEALTH, metric, unit, value)),
                List.of(passed(HEALTH)));
    }

    @Nested
    class Thresholds {

        @ParameterizedTest(name = "p99 {0} against 2000us is {1}")
        @CsvSource(
                delimiter = '|',
                textBlock =
                        """
                        < 2ms       | MISSED
                        <= 2ms      | MET
                        < 2000us    | MISSED
                        <= 2000us   | MET
                        < 0.002s    | MISSED
                        <= 0.002s   | MET
                        < 2000000ns | MISSED
                        < 2001us    | MET
                        < 2.001ms   | MET
                        <= 1.999ms  | MISSED
                        """)
        void judgesATargetInAnyDurationUnitAgainstAMicrosecondDistribution(
                String pass, Verdict expected) {
            TargetVerdict v =
                    latencyVerdict(latencyTarget("p99", "p99", pass), EXACT_2MS_IN_US, 1000);

            assertThat(v.verdict()).isEqualTo(expected);
            Unit shown = Criterion.parse(pass).threshold().unit();
            assertThat(v.achieved())
                    .hasValueSatisfying(
                            q -> {
                                assertThat(q.unit()).isEqualTo(shown);
                                assertThat(q.valueIn(Unit.MICROSECONDS))
                                        .isCloseTo(2000.0, within(1e-6));
                            });
            assertThat(v.samples()).isEqualTo(1000);
        }

        @Test
        void exactlyAtAStrictThresholdIsMissedAndAtAnInclusiveOneIsMet() {
            assertThat(
                            latencyVerdict(
                                            latencyTarget("a", "p99", "< 2ms"),
                                            EXACT_2MS_IN_US,
                                            1000)
                                    .verdict())
                    .isEqualTo(Verdict.MISSED);
            assertThat(
                            latencyVerdict(
                                            latencyTarget("b", "p99", "<= 2ms"),
                                            EXACT_2MS_IN_US,
                                            1000)
                                    .verdict())
                    .isEqualTo(Verdict.MET);
        }

        @ParameterizedTest(name = "throughput 5000/s against {0} is {1}")
        @CsvSource(
                delimiter = '|',
                textBlock =
                        """
                        >= 5000/s     | MET
                        >= 5000 req/s | MET
                        > 5000/s      | MISSED
                        > 4999 ops/s  | MET
                        >= 5001/s     | MISSED
                        """)
        void judgesThroughputPerSecond(String pass, Verdict expected) {
            Target t = target("tput", "throughput", null, pass).build();
            assertThat(throughputVerdict(t, 5000).verdict()).isEqualTo(expected);
        }

        @ParameterizedTest(name = "success rate {0}% against >= 99.9% is {1}")
        @CsvSource(
                delimiter = '|',
                textBlock =
                        """
                        99.9   | MET
                        100    | MET
                        99.89  | MISSED
                        """)
        void judgesSuccessRateInPercent(double value, Verdict expected) {
            Target t = target("ok", "success_rate", null, ">= 99.9%").build();
            // 10,000 attempts: what >= 99.9% needs to be told apart from its threshold
            TargetVerdict v =
                    evaluate(
                            t,
                            List.of(HEALTH),
                            List.of(
                                    scalar(HEALTH, "success_rate", Unit.PERCENT, value),
                                    scalar(HEALTH, "requests", Unit.COUNT, 10_000)),
                            List.of(passed(HEALTH)));
            assertThat(v.verdict()).as(v.reason()).isEqualTo(expected);
            assertThat(v.achieved()).contains(new Quantity(value, Unit.PERCENT));
        }

        @Test
        void strictSuccessRateFailsAtExactlyTheThreshold() {
            Target t = target("ok", "success_rate", null, "> 99.9%").build();
            assertThat(scalarVerdict(t, "success_rate", Unit.PERCENT, 99.9).verdict())
                    .isEqualTo(Verdict.MISSED);
        }

        @Test
        void convertsAScalarInAnotherUnitOfTheSameDimension() {
            Target t = target("heap", "heap_used", "max", "< 512MiB").build();
            TargetVerdict v = scalarVerdict(t, "heap_used", Unit.BYTES, 512.0 * 1024 * 1024);
            assertThat(v.verdict()).isEqualTo(Verdict.MISSED);
            assertThat(v.achieved()).contains(new Quantity(512, Unit.MEBIBYTES));
            assertThat(scalarVerdict(t, "heap_used", Unit.MEGABYTES, 536).verdict())
                    .isEqualTo(Verdict.MET);
        }
    }

    @Nested
    class Bands {

        private Target banded(String pass, String acceptable, String stretch) {
            var b = target("p99", "latency", "p99", pass);
            if (acceptable != null) {
                b.acceptable(Criterion.parse(acceptable));
            }
            if (stretch != null) {
                b.stretch(Criterion.parse(stretch));
            }
            return b.build();
        }

        @Test
        void insideTheAcceptableBandIsAcceptable() {
            TargetVerdict v = latencyVerdict(banded("< 1.6ms", "< 2.04ms", null), 2000, 1000);
            assertThat(v.verdict()).isEqualTo(Verdict.ACCEPTABLE);
            assertThat(v.deltaPercent()).hasValueCloseTo(25.0, within(1e-9));
            assertThat(v.reason())
                    .contains("misses < 1.6ms by +25.0%")
                    .contains("within the acceptable band < 2.04ms");
        }

        @Test
        void exactlyAtAStrictAcceptableBoundIsMissedAndAtAnInclusiveOneAcceptable() {
            assertThat(latencyVerdict(banded("< 2ms", "< 2.04ms", null), 2040, 1000).verdict())
                    .isEqualTo(Verdict.MISSED);
            assertThat(latencyVerdict(banded("< 2ms", "<= 2.04ms", null), 2040, 1000).verdict())
                    .isEqualTo(Verdict.ACCEPTABLE);
        }

        @Test
        void outsideTheAcceptableBandIsMissedAndTheReasonNamesTheBand() {
            TargetVerdict v = latencyVerdict(banded("< 2ms", "< 2.04ms", null), 2047, 1000);
            assertThat(v.verdict()).isEqualTo(Verdict.MISSED);
            assertThat(v.reason())
                    .contains("misses < 2ms")
                    .contains("and the acceptable band < 2.04ms");
        }

        @Test
        void meetingTheStretchCriterionIsExceeded() {
            TargetVerdict v = latencyVerdict(banded("< 2ms", "< 3ms", "< 1ms"), 900, 1000);
            assertThat(v.verdict()).isEqualTo(Verdict.EXCEEDED);
            assertThat(v.reason()).contains("meets the stretch goal < 1ms");
        }

        @Test
        void meetingPassButNotAStrictStretchIsMet() {
            assertThat(latencyVerdict(banded("< 2ms", null, "< 1ms"), 1000, 1000).verdict())
                    .isEqualTo(Verdict.MET);
            assertThat(latencyVerdict(banded("< 2ms", null, "<= 1ms"), 1000, 1000).verdict())
                    .isEqualTo(Verdict.EXCEEDED);
        }

        @Test
        void throughputAboveItsStretchIsExceeded() {
            Target t =
                    target("tput", "throughput", null, ">= 5000/s")
                            .acceptable(Criterion.parse(">= 4000/s"))
                            .stretch(Criterion.parse(">= 8000/s"))
                            .build();
            assertThat(throughputVerdict(t, 8000).verdict()).isEqualTo(Verdict.EXCEEDED);
            assertThat(throughputVerdict(t, 4500).verdict()).isEqualTo(Verdict.ACCEPTABLE);
            assertThat(throughputVerdict(t, 3999).verdict()).isEqualTo(Verdict.MISSED);
        }
    }

    @Nested
    class Delta {

        @Test
        void isSignedRelativeToTheThresholdForALatency() {
            TargetVerdict v = latencyVerdict(latencyTarget("p99", "p99", "< 2ms"), 1500, 1000);
            assertThat(v.deltaPercent()).hasValueCloseTo(-25.0, within(1e-9));
            TargetVerdict worse = latencyVerdict(latencyTarget("p99", "p99", "< 1ms"), 1500, 1000);
            assertThat(worse.deltaPercent()).hasValueCloseTo(50.0, within(1e-9));
            assertThat(worse.reason()).contains("by +50.0%");
        }

        @Test
        void isNegativeWhenAThroughputIsBelowItsThreshold() {
            Target t = target("tput", "throughput", null, ">= 5000/s").build();
            TargetVerdict v = throughputVerdict(t, 4000);
            assertThat(v.verdict()).isEqualTo(Verdict.MISSED);
            assertThat(v.deltaPercent()).hasValueCloseTo(-20.0, within(1e-9));
            assertThat(v.reason()).contains("misses >= 5000/s by -20.0%");
        }

        @Test
        void isZeroExactlyAtTheThresholdAndAbsentForAZeroThreshold() {
            assertThat(
                            latencyVerdict(latencyTarget("p99", "p99", "<= 2ms"), 2000, 1000)
                                    .deltaPercent())
                    .hasValueCloseTo(0.0, within(1e-12));
            Target noErrors = target("errors", "errors", "sum", "<= 0").build();
            TargetVerdict v = scalarVerdict(noErrors, "errors", Unit.COUNT, 0);
            assertThat(v.verdict()).isEqualTo(Verdict.MET);
            assertThat(v.deltaPercent()).isEmpty();
        }
    }

    @Nested
    class Samples {

        @Test
        void aP99ThatWouldPassOnFewerThan1000SamplesIsInconclusive() {
            TargetVerdict v = latencyVerdict(latencyTarget("p99", "p99", "< 2ms"), 1000, 999);
            assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(v.quality()).contains(Quality.LOW_SAMPLES);
            assertThat(v.reason())
                    .contains("would pass")
                    .contains("999 samples where it needs at least 1,000");
            assertThat(v.achieved()).isPresent();
        }

        @Test
        void aP99OnExactly1000SamplesIsJudged() {
            TargetVerdict v = latencyVerdict(latencyTarget("p99", "p99", "< 2ms"), 1000, 1000);
            assertThat(v.verdict()).isEqualTo(Verdict.MET);
            assertThat(v.quality()).doesNotContain(Quality.LOW_SAMPLES);
        }

        @Test
        void aP999NeedsTenThousandSamples() {
            assertThat(latencyVerdict(latencyTarget("p", "p99.9", "< 2ms"), 1000, 9_999).verdict())
                    .isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(latencyVerdict(latencyTarget("p", "p99.9", "< 2ms"), 1000, 10_000).verdict())
                    .isEqualTo(Verdict.MET);
        }

        @Test
        void aFigureThatMissesOnFewSamplesStaysMissed() {
            TargetVerdict v = latencyVerdict(latencyTarget("p99", "p99", "< 2ms"), 3000, 10);
            assertThat(v.verdict()).isEqualTo(Verdict.MISSED);
            assertThat(v.quality()).contains(Quality.LOW_SAMPLES);
        }

        @Test
        void aGeneratorBoundMeasurementMakesAPassingFigureInconclusive() {
            TargetVerdict v =
                    evaluate(
                            latencyTarget("p99", "p99", "< 2ms"),
                            List.of(HEALTH),
                            List.of(
                                    latency(HEALTH, histogram(1000, 5000), Quality.GENERATOR_BOUND),
                                    noTimeouts(HEALTH)),
                            List.of(passed(HEALTH)));
            assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(v.reason()).contains("load generator");
        }

        @Test
        void aLowSamplesFlagOnAScalarMakesItInconclusiveRatherThanFailingTheEvaluation() {
            // a collector may flag any measurement; a scalar target has no aggregation to cite
            Target t = target("tput", "throughput", null, ">= 100/s").build();
            TargetVerdict v =
                    evaluate(
                            t,
                            List.of(HEALTH),
                            List.of(
                                    scalar(
                                            HEALTH,
                                            "throughput",
                                            Unit.PER_SECOND,
                                            500,
                                            Quality.LOW_SAMPLES)),
                            List.of(passed(HEALTH)));
            assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        }

        @Test
        void zeroSamplesAreNotMeasured() {
            TargetVerdict v =
                    evaluate(
                            latencyTarget("p99", "p99", "< 2ms"),
                            List.of(HEALTH),
                            List.of(latency(HEALTH, new Histogram(3)), noTimeouts(HEALTH)),
                            List.of(passed(HEALTH)));
            assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(v.reason()).contains("zero samples");
            assertThat(v.achieved()).isEmpty();
        }
    }

    @Nested
    class NotMeasured {

        @Test
        void saysNoScenarioProducesTheMetricWhenThePlanHasNone() {
            Target t =
                    target("p99", "latency", "p99", "< 2ms")
                            .where(Map.of("scenario", "watch-1k"))
                            .build();
            TargetVerdict v =
                    evaluate(
                            t,
                            List.of(HEALTH),
                            List.of(latency(HEALTH, histogram(1000, 1000)), noTimeouts(HEALTH)),
                            List.of(passed(HEALTH)));
            assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(v.reason())
                    .startsWith("no producer: no scenario in the plan produces 'latency'")
                    .contains("watch-1k");
        }

        @Test
        void namesAFailedScenarioAndIgnoresItsFigures() {
            TargetVerdict v =
                    evaluate(
                            latencyTarget("p99", "p99", "< 2ms"),
                            List.of(HEALTH),
                            List.of(latency(HEALTH, histogram(1000, 5000)), noTimeouts(HEALTH)),
                            List.of(outcome(HEALTH, TestStatus.FAILED, "connection refused")));
            assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(v.reason())
                    .isEqualTo("suite crashed: scenario load/health-1k failed: connection refused");
            assertThat(v.sources()).containsExactly(HEALTH.testId());
        }

        @Test
        void namesAScenarioWithNoRecordedOutcomeAsNotExecuted() {
            TargetVerdict v =
                    evaluate(
                            latencyTarget("p99", "p99", "< 2ms"),
                            List.of(HEALTH),
                            List.of(latency(HEALTH, histogram(1000, 5000)), noTimeouts(HEALTH)),
                            List.of());
            assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(v.reason())
                    .isEqualTo(
                            "not executed: scenario load/health-1k was not executed: no outcome was"
                                    + " recorded for it");
        }

        @Test
        void saysWhichPassedScenarioPublishedNoSuchMetric() {
            TargetVerdict v =
                    evaluate(
                            latencyTarget("p99", "p99", "< 2ms"),
                            List.of(HEALTH),
                            List.of(scalar(HEALTH, "throughput", Unit.PER_SECOND, 5000)),
                            List.of(passed(HEALTH)));
            assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(v.reason()).contains("scenario load/health-1k published no 'latency'");
        }

        @Test
        void aDeclaredProducerThatPublishedNothingMakesTheTargetNotMeasured() {
            // DESIGN.md: "if an expected producer is missing, the verdict is NOT MEASURED"
            Target t =
                    target("p99", "latency", "p99", "< 2ms").where(Map.of("suite", "load")).build();
            TargetVerdict v =
                    evaluate(
                            t,
                            List.of(HEALTH, SUBMIT),
                            List.of(latency(HEALTH, histogram(1000, 5000)), noTimeouts(HEALTH)),
                            List.of(passed(HEALTH), passed(SUBMIT)));
            assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(v.reason()).contains("submit-5k");
        }

        @Test
        void aMeasurementInTheWrongDimensionIsNotMeasured() {
            Target t = target("tput", "throughput", null, ">= 100/s").build();
            TargetVerdict v = scalarVerdict(t, "throughput", Unit.MILLISECONDS, 500);
            assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(v.reason()).contains("measured in ms but the target is in /s");
        }

        @Test
        void aSeriesIsNotMeasuredWithAReason() {
            Target t = target("heap", "heap_used", "max", "< 512MiB").build();
            Measurement series =
                    measurement(
                            HEALTH,
                            "heap_used",
                            Unit.MEBIBYTES,
                            new Series(
                                    List.of(new Series.Point(1, 100), new Series.Point(2, 200))));
            TargetVerdict v =
                    evaluate(t, List.of(HEALTH), List.of(series), List.of(passed(HEALTH)));
            assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(v.reason()).contains("time series");
        }
    }

    @Nested
    class Merging {

        @Test
        void aPercentileOverTwoScenariosComesFromTheAddedHistogramsNotAnAverage() {
            Histogram a = histogram(1000, 1000);
            Histogram b = plus(histogram(1000, 980), 5000, 20);
            Histogram added = new Histogram(3);
            added.add(a);
            added.add(b);
            long expectedUs = added.getValueAtPercentile(99);
            double averageOfP99s = (a.getValueAtPercentile(99) + b.getValueAtPercentile(99)) / 2.0;

            Target t =
                    target("p99", "latency", "p99", "< 2ms").where(Map.of("suite", "load")).build();
            TargetVerdict v =
                    evaluate(
                            t,
                            List.of(HEALTH, SUBMIT),
                            List.of(
                                    latency(HEALTH, a),
                                    noTimeouts(HEALTH),
                                    latency(SUBMIT, b),
                                    noTimeouts(SUBMIT)),
                            List.of(passed(HEALTH), passed(SUBMIT)));

            assertThat(v.achieved())
                    .hasValueSatisfying(
                            q ->
                                    assertThat(q.valueIn(Unit.MICROSECONDS))
                                            .isCloseTo(expectedUs, within(1e-6)));
            assertThat((double) expectedUs).isNotCloseTo(averageOfP99s, within(100.0));
            assertThat(v.samples()).isEqualTo(2000);
            assertThat(v.verdict()).isEqualTo(Verdict.MET);
            assertThat(v.reason()).contains("2,000 samples merged from 2 distributions");
            assertThat(v.sources()).containsExactly(HEALTH.testId(), SUBMIT.testId());
        }

        @Test
        void aFilterSelectsOnlyTheScenariosItNames() {
            Target t =
                    target("p99", "latency", "p99", "< 2ms")
                            .where(Map.of("scenario", "health-1k"))
                            .build();
            TargetVerdict v =
                    evaluate(
                            t,
                            List.of(HEALTH, SUBMIT),
                            List.of(
                                    latency(HEALTH, histogram(1000, 1000)), noTimeouts(HEALTH),
                                    latency(SUBMIT, histogram(9000, 1000)), noTimeouts(SUBMIT)),
                            List.of(passed(HEALTH), outcome(SUBMIT, TestStatus.FAILED, "boom")));
            assertThat(v.verdict()).isEqualTo(Verdict.MET);
            assertThat(v.samples()).isEqualTo(1000);
        }

        @Test
        void scalarsWithoutAnAggregateUseTheWorstValue() {
            Target t =
                    target("tput", "throughput", null, ">= 4000/s")
                            .where(Map.of("suite", "load"))
                            .build();
            TargetVerdict v =
                    evaluate(
                            t,
                            List.of(HEALTH, SUBMIT),
                            List.of(
                                    scalar(HEALTH, "throughput", Unit.PER_SECOND, 5000),
                                    scalar(SUBMIT, "throughput", Unit.PER_SECOND, 3000)),
                            List.of(passed(HEALTH), passed(SUBMIT)));
            assertThat(v.verdict()).isEqualTo(Verdict.MISSED);
            assertThat(v.achieved()).contains(new Quantity(3000, Unit.PER_SECOND));
            assertThat(v.reason()).contains("the worst, as no aggregate was given");
        }
    }

    @Test
    void reportsEachScenarioStatusWithNotExecutedForAMissingOutcome() {
        TargetEvaluator e =
                new TargetEvaluator(
                        List.of(HEALTH, SUBMIT),
                        evidence(
                                List.of(),
                                List.of(outcome(HEALTH, TestStatus.ABORTED, "assumption"))));
        assertThat(e.status(HEALTH)).isEqualTo(TestStatus.ABORTED);
        assertThat(e.message(HEALTH)).isEqualTo("assumption");
        assertThat(e.status(SUBMIT)).isEqualTo(TestStatus.NOT_EXECUTED);
        assertThat(e.outcome(SUBMIT)).isEmpty();
    }

    @Test
    void aScenarioThatFailedInAnyTrialDoesNotCountAsPassed() {
        // merged shards or repeated trials may record one scenario twice; the worst status must win
        TargetEvaluator e =
                new TargetEvaluator(
                        List.of(HEALTH),
                        evidence(
                                List.of(),
                                List.of(
                                        passed(HEALTH),
                                        outcome(HEALTH, TestStatus.FAILED, "trial 2 crashed"))));
        assertThat(e.status(HEALTH)).isEqualTo(TestStatus.FAILED);
    }
}
