package io.gonogo.core.internal;

import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Measurement;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Scalar;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import io.gonogo.core.Verdict;
import io.gonogo.core.config.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Targets on imported summaries (a k6 summary): one scalar per statistic, labelled {@code stat}; a
 * target's aggregate picks the statistic, and a statistic a producer did not report is never taken
 * from another producer.
 */
class SummaryStatisticsTest {
    private static final PlannedScenario K6_A =
            new PlannedScenario("results", "k6-a", false, Map.of("format", "k6"));
    private static final PlannedScenario K6_B =
            new PlannedScenario("results", "k6-b", false, Map.of("format", "k6"));

    private static Measurement stat(PlannedScenario p, String stat, double ms) {
        Map<String, String> labels = new java.util.HashMap<>(p.labels());
        labels.put(TargetEvaluator.STAT, stat);
        return Measurement.of("latency", labels, Unit.MILLISECONDS, new Scalar(ms));
    }

    /**
     * What a k6 summary gives beside its statistics: {@code requests} and {@code errors} (every
     * failed request, without a kind), so a percentile's timeouts are bounded.
     */
    private static List<Measurement> counts(PlannedScenario p, double requests, double failed) {
        return List.of(
                Measurement.of("requests", p.labels(), Unit.COUNT, new Scalar(requests)),
                Measurement.of("errors", p.labels(), Unit.COUNT, new Scalar(failed)));
    }

    private static List<Measurement> with(List<Measurement> a, List<Measurement> b) {
        List<Measurement> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static TargetVerdict judge(Target t, List<PlannedScenario> plan, List<Measurement> ms) {
        List<TestOutcome> outcomes = new ArrayList<>();
        plan.forEach(p -> outcomes.add(passed(p)));
        return new TargetEvaluator(plan, evidence(ms, outcomes)).evaluate(t);
    }

    @Test
    void theAggregatePicksItsStatistic() {
        List<Measurement> ms =
                with(
                        List.of(
                                stat(K6_A, "p50", 120),
                                stat(K6_A, "p95", 300),
                                stat(K6_A, "max", 900),
                                stat(K6_A, "mean", 150)),
                        counts(K6_A, 2_000, 0));
        TargetVerdict p95 =
                judge(target("p95", "latency", "p95", "< 350ms").build(), List.of(K6_A), ms);
        assertThat(p95.verdict()).isEqualTo(Verdict.MET);
        assertThat(p95.achieved().orElseThrow().value()).isEqualTo(300);
        assertThat(p95.reason()).contains("as the tool's summary reported it");
        TargetVerdict max =
                judge(target("max", "latency", "max", "< 500ms").build(), List.of(K6_A), ms);
        assertThat(max.verdict()).isEqualTo(Verdict.MISSED);
        assertThat(max.achieved().orElseThrow().value()).isEqualTo(900);
        assertThat(
                        judge(
                                        target("mean", "latency", "mean", "< 200ms").build(),
                                        List.of(K6_A),
                                        ms)
                                .achieved()
                                .orElseThrow()
                                .value())
                .isEqualTo(150);
    }

    @Test
    void aStatisticTheSummaryLacksIsNotMeasuredAndSaysWhichItHas() {
        List<Measurement> ms = List.of(stat(K6_A, "p90", 250), stat(K6_A, "p95", 300));
        TargetVerdict v = judge(target("p99", "latency", "p99", "< 1s").build(), List.of(K6_A), ms);
        assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(v.reason())
                .contains("results/k6-a reported p90, p95 of 'latency' but not p99")
                .contains("--summary-trend-stats");
    }

    @Test
    void severalSummariesGiveTheWorstAndEachMustReportTheStatistic() {
        List<Measurement> both = List.of(stat(K6_A, "p95", 300), stat(K6_B, "p95", 420));
        TargetVerdict v =
                judge(
                        target("p95", "latency", "p95", "< 400ms").build(),
                        List.of(K6_A, K6_B),
                        both);
        assertThat(v.verdict()).isEqualTo(Verdict.MISSED);
        assertThat(v.achieved().orElseThrow().value()).isEqualTo(420);
        assertThat(v.reason()).contains("the worst of 2 summaries");

        // removing the worse producer's p95 can never make the target pass
        List<Measurement> oneLacks = List.of(stat(K6_A, "p95", 300), stat(K6_B, "p90", 200));
        assertThat(
                        judge(
                                        target("p95", "latency", "p95", "< 400ms").build(),
                                        List.of(K6_A, K6_B),
                                        oneLacks)
                                .verdict())
                .isEqualTo(Verdict.NOT_MEASURED);
    }

    @Test
    void aPercentileOfPlainScalarsIsNotMeasuredRatherThanACrash() {
        Measurement plain =
                Measurement.of("latency", K6_A.labels(), Unit.MILLISECONDS, new Scalar(5));
        TargetVerdict v =
                judge(
                        target("p99", "latency", "p99", "< 10ms").build(),
                        List.of(K6_A),
                        List.of(plain));
        assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(v.reason()).contains("single values, not as a distribution");
    }

    @Test
    void aFailedImportIsNeverPassed() {
        List<TestOutcome> failed =
                List.of(
                        new TestOutcome(
                                "[results:k6-a]",
                                "k6-a",
                                "results",
                                "k6-a",
                                false,
                                TestStatus.FAILED,
                                0,
                                "summary.json:3:1: not valid JSON"));
        TargetVerdict v =
                new TargetEvaluator(List.of(K6_A), evidence(List.of(stat(K6_A, "p95", 1)), failed))
                        .evaluate(target("p95", "latency", "p95", "< 400ms").build());
        assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(v.reason()).contains("not valid JSON");
    }
}
