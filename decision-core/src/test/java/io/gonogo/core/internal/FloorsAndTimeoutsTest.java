package io.gonogo.core.internal;

import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.histogram;
import static io.gonogo.core.EvidenceFixtures.latency;
import static io.gonogo.core.EvidenceFixtures.latencyTarget;
import static io.gonogo.core.EvidenceFixtures.noTimeouts;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.scalar;
import static io.gonogo.core.EvidenceFixtures.scenario;
import static io.gonogo.core.EvidenceFixtures.target;
import static io.gonogo.core.EvidenceFixtures.throughputOver;
import static io.gonogo.core.EvidenceFixtures.timeouts;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Interval;
import io.gonogo.core.Measurement;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Quality;
import io.gonogo.core.Scalar;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.Unit;
import io.gonogo.core.Verdict;
import io.gonogo.core.config.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a verdict needs beyond its figure: the timeouts a latency percentile leaves out, the samples
 * a min, max or mean rests on, the window a throughput was measured over, and a figure free of
 * warm-up. Each floor is shown in the verdict's reason, and a missing measurement never lifts one.
 */
class FloorsAndTimeoutsTest {
    private static final PlannedScenario S = scenario("health-1k");
    private static final Target P99 = latencyTarget("p99", "p99", "< 2ms");

    private static TargetVerdict judge(Target t, Measurement... ms) {
        return new TargetEvaluator(List.of(S), evidence(List.of(ms), List.of(passed(S))))
                .evaluate(t);
    }

    private static TargetVerdict judge(Target t, List<Measurement> ms) {
        return judge(t, ms.toArray(Measurement[]::new));
    }

    private static Measurement errors(PlannedScenario s, String kind, long count) {
        Measurement m = scalar(s, "errors", Unit.COUNT, count);
        return kind == null ? m : m.withLabels(Map.of("kind", kind));
    }

    private static Measurement requests(long n) {
        return scalar(S, "requests", Unit.COUNT, n);
    }

    @Nested
    class Timeouts {

        @Test
        void aPercentileWhoseProducerSaysNothingOfItsTimeoutsIsNotMeasured() {
            TargetVerdict v = judge(P99, latency(S, histogram(1000, 2000)));
            assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(v.reason())
                    .startsWith(TargetEvaluator.TIMEOUTS_UNKNOWN)
                    .contains("load/health-1k published no errors{kind=timeout}")
                    .contains("leaves out those that timed out")
                    .contains("measured: p99 1ms (p99 of 2,000 samples) meets < 2ms");
        }

        @Test
        void aKindOtherThanTimeoutWithoutARequestsCountSaysNothingOfTheTimeoutsEither() {
            TargetVerdict v =
                    judge(P99, latency(S, histogram(1000, 2000)), errors(S, "connect", 0));
            assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(v.reason()).startsWith(TargetEvaluator.TIMEOUTS_UNKNOWN);
        }

        @Test
        void aTimeoutCountOfZeroLetsThePercentilePass() {
            TargetVerdict v = judge(P99, latency(S, histogram(1000, 2000)), noTimeouts(S));
            assertThat(v.verdict()).isEqualTo(Verdict.MET);
            assertThat(v.reason()).isEqualTo("p99 1ms (p99 of 2,000 samples) meets < 2ms");
        }

        @Test
        void removingEveryErrorKindNeverLiftsAMissedPercentile() {
            // 100 of 2,100 requests timed out: more than the 1% p99 may leave out
            List<Measurement> all =
                    List.of(
                            latency(S, histogram(1000, 2000)),
                            requests(2100),
                            timeouts(S, 100),
                            errors(S, "connect", 0));
            TargetVerdict full = judge(P99, all);
            assertThat(full.verdict()).isEqualTo(Verdict.MISSED);
            assertThat(full.reason()).contains("100 of 2,100 requests timed out");

            TargetVerdict noKinds = judge(P99, all.subList(0, 2));
            assertThat(noKinds.verdict()).isEqualTo(Verdict.MISSED);
            assertThat(noKinds.reason())
                    .contains("100 of 2,100 requests may have timed out")
                    .contains("went unanswered or failed");

            TargetVerdict nothing = judge(P99, all.subList(0, 1));
            assertThat(nothing.verdict()).isEqualTo(Verdict.NOT_MEASURED);
        }

        @Test
        void withoutErrorKindsEveryAttemptAnsweredMeansNoneTimedOut() {
            TargetVerdict v = judge(P99, latency(S, histogram(1000, 2000)), requests(2000));
            assertThat(v.verdict()).isEqualTo(Verdict.MET);
        }

        @Test
        void unansweredRequestsWithinTheShareKeepTheVerdictAndTheReasonSaysSo() {
            TargetVerdict v = judge(P99, latency(S, histogram(1000, 2000)), requests(2010));
            assertThat(v.verdict()).isEqualTo(Verdict.MET);
            assertThat(v.reason())
                    .contains("load/health-1k published no errors{kind=timeout}")
                    .contains("at most 10 of 2,010 requests timed out")
                    .contains("within the 1% that p99 may leave out");
        }

        @Test
        void anImportersCountOfFailuresWithoutAKindBoundsTheTimeouts() {
            // JMeter and Gatling: failed requests are left out of the histogram and counted as
            // 'errors' without a kind; k6 gives no histogram, only the count of failures
            assertThat(
                            judge(
                                            P99,
                                            latency(S, histogram(1000, 1995)),
                                            requests(2000),
                                            errors(S, null, 5))
                                    .verdict())
                    .isEqualTo(Verdict.MET);
            TargetVerdict many =
                    judge(
                            P99,
                            latency(S, histogram(1000, 1950)),
                            requests(2000),
                            errors(S, null, 50));
            assertThat(many.verdict()).isEqualTo(Verdict.MISSED);
            assertThat(many.reason()).contains("50 of 2,000 requests may have timed out");
        }

        @Test
        void theSmallerBoundCounts() {
            // 40 unanswered, but only 5 failures in all: at most 5 timed out
            TargetVerdict v =
                    judge(
                            P99,
                            latency(S, histogram(1000, 1960)),
                            requests(2000),
                            errors(S, null, 5));
            assertThat(v.verdict()).isEqualTo(Verdict.MET);
            assertThat(v.reason()).contains("at most 5 of 2,000 requests timed out");
        }

        @Test
        void oneProducerSilentOnTimeoutsLeavesAMergedPercentileNotMeasured() {
            PlannedScenario other = scenario("health-5k");
            Target t = target("p99", "latency", "p99", "< 2ms").build();
            TargetVerdict v =
                    new TargetEvaluator(
                                    List.of(S, other),
                                    evidence(
                                            List.of(
                                                    latency(S, histogram(1000, 2000)),
                                                    noTimeouts(S),
                                                    latency(other, histogram(1000, 2000))),
                                            List.of(passed(S), passed(other))))
                            .evaluate(t);
            assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(v.reason()).contains("scenario load/health-5k published no");
        }
    }

    @Nested
    class Samples {

        @ParameterizedTest(name = "{0} of 12 samples")
        @ValueSource(strings = {"mean", "max", "min"})
        void aMeanMaxOrMinOfAHandfulOfSamplesIsInconclusive(String aggregate) {
            String pass = aggregate.equals("min") ? "> 0.5ms" : "< 2ms";
            Target t = target("t", "latency", aggregate, pass).build();
            TargetVerdict few = judge(t, latency(S, histogram(1000, 12)));
            assertThat(few.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(few.quality()).contains(Quality.LOW_SAMPLES);
            assertThat(few.reason())
                    .contains("would pass")
                    .contains(aggregate + " rests on 12 samples where it needs at least 100");
            TargetVerdict enough = judge(t, latency(S, histogram(1000, 100)));
            assertThat(enough.verdict()).isEqualTo(Verdict.MET);
            assertThat(enough.reason()).contains(aggregate + " of 100 samples");
        }

        @Test
        void aMaxThatMissesOnFewSamplesStaysMissed() {
            Target t = target("t", "latency", "max", "< 2ms").build();
            assertThat(judge(t, latency(S, histogram(3000, 5))).verdict())
                    .isEqualTo(Verdict.MISSED);
        }

        @Test
        void aCountOrASumNeedsNoFloor() {
            assertThat(
                            judge(
                                            target("n", "latency", "count", "> 5").build(),
                                            latency(S, histogram(1000, 12)))
                                    .verdict())
                    .isEqualTo(Verdict.MET);
        }
    }

    @Nested
    class Windows {
        private static final Target TPUT = target("tput", "throughput", null, ">= 1000/s").build();

        @Test
        void aThroughputMeasuredOverAFractionOfASecondIsInconclusive() {
            TargetVerdict v = judge(TPUT, throughputOver(S, 5000, 0.2));
            assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(v.quality()).contains(Quality.LOW_SAMPLES);
            assertThat(v.reason())
                    .contains("5000/s (the single measurement, no interval) meets >= 1000/s")
                    .contains("yet a throughput needs a measured window of at least 1s")
                    .contains("was measured over 200ms (1,000 answered requests)");
            assertThat(v.achieved()).isPresent();
        }

        @Test
        void aThroughputMeasuredOverASecondOrMoreIsJudgedAndShowsItsWindow() {
            TargetVerdict v = judge(TPUT, throughputOver(S, 5000, 10));
            assertThat(v.verdict()).isEqualTo(Verdict.MET);
            assertThat(v.reason()).endsWith("; measured over 10s (50,000 answered requests)");
            assertThat(judge(TPUT, throughputOver(S, 1000, 1)).verdict()).isEqualTo(Verdict.MET);
        }

        @Test
        void aThroughputThatMissesStaysMissedAndShowsItsWindow() {
            TargetVerdict v = judge(TPUT, throughputOver(S, 500, 0.2));
            assertThat(v.verdict()).isEqualTo(Verdict.MISSED);
            assertThat(v.reason()).contains("measured over 200ms (100 answered requests)");
        }

        @Test
        void aThroughputWithoutAHistogramBesideItCannotTellItsWindow() {
            TargetVerdict v = judge(TPUT, scalar(S, "throughput", Unit.PER_SECOND, 5000));
            assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(v.reason()).contains("has no latency histogram beside it");
        }

        @Test
        void aThroughputWithAnIntervalIsJudgedOnItsInterval() {
            // a benchmark's score error, measured over its iterations
            Measurement jmh =
                    scalar(S, "throughput", Unit.PER_SECOND, 5000)
                            .withInterval(Interval.of(4000, 6000, 0.999, "jmh-score-error"));
            TargetVerdict v = judge(TPUT, jmh);
            assertThat(v.verdict()).isEqualTo(Verdict.MET);
            assertThat(v.reason()).contains("lies wholly on the passing side");
        }

        @Test
        void everyMeasurementOfTheFigureNeedsTheWindow() {
            PlannedScenario burst = scenario("burst-1k");
            List<Measurement> ms = new ArrayList<>(throughputOver(S, 1000, 10));
            ms.addAll(throughputOver(burst, 20_000, 0.05));
            Target max =
                    target("peak", "throughput", "max", ">= 5000/s")
                            .where(Map.of("suite", "load"))
                            .build();
            TargetVerdict v =
                    new TargetEvaluator(
                                    List.of(S, burst),
                                    evidence(ms, List.of(passed(S), passed(burst))))
                            .evaluate(max);
            assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(v.reason())
                    .contains("max 20000/s")
                    .contains("scenario=burst-1k")
                    .contains("was measured over 50ms (1,000 answered requests)");
        }
    }

    @Nested
    class WarmUp {

        @Test
        void aFigureWithWarmUpSamplesIsInconclusiveWhenItWouldPass() {
            TargetVerdict v =
                    judge(
                            P99,
                            latency(S, histogram(1000, 2000), Quality.WARM_UP_INCLUDED),
                            noTimeouts(S));
            assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(v.quality()).contains(Quality.WARM_UP_INCLUDED);
            assertThat(v.reason()).contains("would pass, yet the figure includes warm-up samples");
        }

        @Test
        void aFigureWithWarmUpSamplesThatMissesStaysMissed() {
            TargetVerdict v =
                    judge(
                            P99,
                            latency(S, histogram(3000, 2000), Quality.WARM_UP_INCLUDED),
                            noTimeouts(S));
            assertThat(v.verdict()).isEqualTo(Verdict.MISSED);
        }

        @Test
        void aScalarWithWarmUpSamplesIsInconclusiveToo() {
            Measurement rate =
                    new Measurement(
                            "success_rate",
                            S.labels(),
                            Unit.PERCENT,
                            new Scalar(100),
                            java.util.Set.of(Quality.WARM_UP_INCLUDED),
                            null);
            TargetVerdict v = judge(target("ok", "success_rate", null, ">= 99%").build(), rate);
            assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(v.reason()).contains("warm-up");
        }
    }
}
