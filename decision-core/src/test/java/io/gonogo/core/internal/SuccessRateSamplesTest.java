package io.gonogo.core.internal;

import static io.gonogo.core.EvidenceFixtures.AS_OF;
import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.histogram;
import static io.gonogo.core.EvidenceFixtures.latency;
import static io.gonogo.core.EvidenceFixtures.latencyTarget;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.scenario;
import static io.gonogo.core.EvidenceFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.DecisionEngine;
import io.gonogo.core.Measurement;
import io.gonogo.core.Outcome;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Quality;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.Unit;
import io.gonogo.core.Verdict;
import io.gonogo.core.config.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A success-rate target of p% needs about 10 / (1 - p) attempts (10,000 for 99.9%) before its
 * figure can be told apart from the threshold; with fewer, or without a {@code requests} count, a
 * passing figure is INCONCLUSIVE, never MET.
 */
class SuccessRateSamplesTest {

    private static final PlannedScenario SUBMIT = scenario("submit-5k");

    private static Measurement m(String metric, Unit unit, double v, Map<String, String> extra) {
        Map<String, String> labels = new HashMap<>(SUBMIT.labels());
        labels.put("suite", SUBMIT.suite());
        labels.put("scenario", SUBMIT.id());
        labels.putAll(extra);
        return new Measurement(
                metric,
                labels,
                unit,
                new Scalar(v),
                Set.of(),
                new Source("r", "0", SUBMIT.testId(), ""));
    }

    private static TargetVerdict judge(Target t, Measurement... ms) {
        return new TargetEvaluator(List.of(SUBMIT), evidence(List.of(ms), List.of(passed(SUBMIT))))
                .evaluate(t);
    }

    private static Target rate(String pass) {
        return target("ok", "success_rate", null, pass).build();
    }

    @ParameterizedTest(name = "{0} at {1}% on {2} attempts is {3}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    > 99.9%  | 100    | 9999   | INCONCLUSIVE
                    > 99.9%  | 100    | 10000  | MET
                    >= 99.9% | 99.95  | 10000  | MET
                    >= 99.9% | 99.95  | 9000   | INCONCLUSIVE
                    >= 99%   | 99.5   | 1000   | MET
                    >= 99%   | 99.5   | 999    | INCONCLUSIVE
                    >= 95%   | 96     | 200    | MET
                    >= 95%   | 96     | 199    | INCONCLUSIVE
                    >= 99.9% | 99.8   | 50     | MISSED
                    >= 99.9% | 99.8   | 1000000| MISSED
                    """)
    void aPassingRateNeedsTenOverOneMinusPAttempts(
            String pass, double value, long attempts, Verdict expected) {
        TargetVerdict v =
                judge(
                        rate(pass),
                        m("success_rate", Unit.PERCENT, value, Map.of()),
                        m("requests", Unit.COUNT, attempts, Map.of()));
        assertThat(v.verdict()).as(v.reason()).isEqualTo(expected);
        if (expected == Verdict.INCONCLUSIVE) {
            assertThat(v.quality()).contains(Quality.LOW_SAMPLES);
            assertThat(v.reason()).contains("attempts (10 / (1 - p))", "rests on");
            assertThat(v.achieved()).isPresent();
        }
    }

    @Test
    void withoutARequestsCountAPassingRateIsInconclusiveAndSaysSo() {
        TargetVerdict v = judge(rate("> 99.9%"), m("success_rate", Unit.PERCENT, 100, Map.of()));
        assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(v.reason())
                .contains("needs at least 10,000 attempts", "has no 'requests' count beside it");
    }

    @Test
    void aCountWithOtherLabelsDoesNotVouchForARate() {
        // the count of one operation says nothing about another operation's rate
        TargetVerdict v =
                judge(
                        rate(">= 99%"),
                        m("success_rate", Unit.PERCENT, 99.5, Map.of("operation", "submit")),
                        m("success_rate", Unit.PERCENT, 99.6, Map.of("operation", "get")),
                        m("requests", Unit.COUNT, 50_000, Map.of("operation", "submit")),
                        m("requests", Unit.COUNT, 20, Map.of("operation", "get")));
        assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(v.reason())
                .contains("operation=get")
                .contains("rests on 20 attempts")
                .doesNotContain("operation=submit");
    }

    @Test
    void aHundredPercentThresholdNeedsNoCount() {
        // any failure misses it, so the number of attempts cannot change the verdict
        assertThat(judge(rate(">= 100%"), m("success_rate", Unit.PERCENT, 100, Map.of())).verdict())
                .isEqualTo(Verdict.MET);
        assertThat(
                        judge(rate(">= 100%"), m("success_rate", Unit.PERCENT, 99.99, Map.of()))
                                .verdict())
                .isEqualTo(Verdict.MISSED);
    }

    @Test
    void removingTheCountNeverImprovesAVerdict() {
        for (double value : new double[] {90, 99, 99.5, 99.9, 99.95, 100}) {
            for (long attempts : new long[] {1, 100, 999, 1000, 10_000, 100_000}) {
                for (String pass : List.of(">= 99%", "> 99.9%", ">= 99.9%", ">= 100%")) {
                    Measurement rate = m("success_rate", Unit.PERCENT, value, Map.of());
                    Verdict with =
                            judge(rate(pass), rate, m("requests", Unit.COUNT, attempts, Map.of()))
                                    .verdict();
                    Verdict without = judge(rate(pass), rate).verdict();
                    assertThat(rank(without))
                            .as(
                                    pass + " at " + value + "% on " + attempts + ": " + with
                                            + " -> " + without)
                            .isLessThanOrEqualTo(rank(with));
                }
            }
        }
    }

    /**
     * How good a verdict is for the decision: 2 passes, 1 is a condition, 0 blocks a critical
     * target.
     */
    private static int rank(Verdict v) {
        return switch (v) {
            case EXCEEDED, MET -> 2;
            case ACCEPTABLE, INCONCLUSIVE -> 1;
            case MISSED, NOT_MEASURED -> 0;
        };
    }

    @Test
    void aCriticalRateOnTooFewAttemptsIsGoWithConditionsNotGo() {
        Target t = rate("> 99.9%");
        var d =
                DecisionEngine.builder()
                        .build()
                        .decide(
                                List.of(t),
                                List.of(SUBMIT),
                                evidence(
                                        List.of(
                                                m("success_rate", Unit.PERCENT, 100, Map.of()),
                                                m("requests", Unit.COUNT, 2000, Map.of())),
                                        List.of(passed(SUBMIT))),
                                AS_OF);
        assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
        assertThat(d.conditions())
                .singleElement()
                .satisfies(c -> assertThat(c.text()).contains("Measure", "10,000 attempts"));
    }

    @Test
    void timeoutsWithoutARequestsCountMakeALatencyPercentileMissed() {
        Target p99 = latencyTarget("p99", "p99", "< 5ms");
        List<Measurement> ms =
                new ArrayList<>(
                        List.of(
                                latency(SUBMIT, histogram(1000, 5000)),
                                m("errors", Unit.COUNT, 80, Map.of("kind", "timeout"))));
        TargetVerdict without =
                new TargetEvaluator(List.of(SUBMIT), evidence(ms, List.of(passed(SUBMIT))))
                        .evaluate(p99);
        assertThat(without.verdict()).isEqualTo(Verdict.MISSED);
        assertThat(without.reason()).contains("80 requests timed out and no 'requests' count");
        // with a count, 80 timeouts of 100,000 fit in the 1% p99 leaves out
        ms.add(m("requests", Unit.COUNT, 100_000, Map.of()));
        assertThat(
                        new TargetEvaluator(List.of(SUBMIT), evidence(ms, List.of(passed(SUBMIT))))
                                .evaluate(p99)
                                .verdict())
                .isEqualTo(Verdict.MET);
    }

    @Test
    void aReasonNamesAtMostThreeLabelSetsAndCountsTheRest() {
        assertThat(TargetEvaluator.firstFew(java.util.List.of("a", "b", "c"))).isEqualTo("a; b; c");
        assertThat(TargetEvaluator.firstFew(java.util.List.of("a", "b", "c", "d", "e")))
                .isEqualTo("a; b; c; and 2 more");
    }
}
