package io.gonogo.core;

import static io.gonogo.core.EvidenceFixtures.AS_OF;
import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.scalar;
import static io.gonogo.core.EvidenceFixtures.scenario;
import static io.gonogo.core.EvidenceFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.config.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Noise-aware verdicts: a figure's interval decides between MET and INCONCLUSIVE. */
class IntervalVerdictsTest {
    private static final PlannedScenario BENCH = scenario("bench");
    private static final PlannedScenario BENCH2 = scenario("bench2");
    private static final DecisionEngine ENGINE = DecisionEngine.builder().build();

    /** A benchmark score in microseconds per operation, below 10us to pass. */
    private static final Target SCORE = target("score", "score", "max", "< 10us").build();

    private static Measurement score(PlannedScenario s, double value, double low, double high) {
        Measurement m = scalar(s, "score", Unit.MICROSECONDS, value);
        return new Measurement(
                m.metric(),
                m.labels(),
                m.unit(),
                m.value(),
                m.quality(),
                m.source(),
                Interval.of(low, high, 0.999, "jmh-score-error"));
    }

    private static Decision decide(Target t, List<PlannedScenario> plan, Measurement... ms) {
        return ENGINE.decide(
                List.of(t), plan, evidence(List.of(ms), EvidenceFixtures.allPassed(plan)), AS_OF);
    }

    @Test
    void anIntervalWhollyOnThePassingSideIsMetAndCited() {
        TargetVerdict v =
                decide(SCORE, List.of(BENCH), score(BENCH, 8, 7.5, 8.5)).verdicts().get(0);
        assertThat(v.verdict()).isEqualTo(Verdict.MET);
        assertThat(v.interval()).contains(Interval.of(7.5, 8.5, 0.999, "jmh-score-error"));
        assertThat(v.reason())
                .contains(
                        "99.9% interval [7.5, 8.5] us (jmh-score-error) lies wholly on the passing"
                                + " side");
    }

    @Test
    void anIntervalThatStraddlesTheThresholdMakesAPassingFigureInconclusive() {
        Decision d = decide(SCORE, List.of(BENCH), score(BENCH, 9, 7, 11));
        TargetVerdict v = d.verdicts().get(0);
        assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(v.reason())
                .contains(
                        "would pass, yet its 99.9% interval [7, 11] us (jmh-score-error) straddles"
                                + " the threshold 10us");
        assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
        assertThat(d.risks()).extracting(Risk::id).containsExactly("target.score");
    }

    @Test
    void aMissingFigureStaysMissedWhenItsIntervalReachesThePassingSide() {
        // fail-closed: less certainty may not lift a figure that misses
        Decision d = decide(SCORE, List.of(BENCH), score(BENCH, 11, 9, 13));
        assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.MISSED);
        assertThat(d.verdicts().get(0).reason())
                .contains("straddles the threshold 10us, so it might pass on a rerun");
        assertThat(d.outcome()).isEqualTo(Outcome.NO_GO);
    }

    @Test
    void aSingleFigureWithoutAnIntervalIsReportedAsMeasuredAndSaysSo() {
        TargetVerdict v =
                decide(SCORE, List.of(BENCH), scalar(BENCH, "score", Unit.MICROSECONDS, 9.9))
                        .verdicts()
                        .get(0);
        assertThat(v.verdict()).isEqualTo(Verdict.MET);
        assertThat(v.interval()).isEmpty();
        assertThat(v.reason())
                .isEqualTo("max 9.9us (the single measurement, no interval) meets < 10us");
    }

    @Test
    void theIntervalIsConvertedIntoTheThresholdsUnit() {
        Target ms = target("score-ms", "score", "max", "< 0.01ms").build();
        TargetVerdict v = decide(ms, List.of(BENCH), score(BENCH, 9, 7, 11)).verdicts().get(0);
        assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(v.interval().orElseThrow().high())
                .isCloseTo(0.011, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theWorstOfSeveralFiguresCarriesTheWorstBounds() {
        List<PlannedScenario> plan = List.of(BENCH, BENCH2);
        Target t = target("score", "score", null, "< 10us").build();
        TargetVerdict v =
                decide(t, plan, score(BENCH, 8, 7.9, 8.1), score(BENCH2, 9, 8, 10.5))
                        .verdicts()
                        .get(0);
        assertThat(v.interval()).contains(Interval.of(8, 10.5, 0.999, "jmh-score-error"));
        assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void aRelativeTargetJudgesItsIntervalAgainstTheResolvedLimit() {
        Target rel = target("score", "score", "max", "<= +10% vs baseline").build();
        EvidenceSet base =
                new EvidenceSet(
                        1,
                        "b",
                        EvidenceFixtures.environment(Profile.QUICK),
                        List.of(scalar(BENCH, "score", Unit.MICROSECONDS, 10)),
                        List.of(passed(BENCH)));
        Decision d =
                DecisionEngine.builder()
                        .baseline(
                                Baseline.of(
                                        java.nio.file.Path.of("b.json"),
                                        Optional.empty(),
                                        Optional.of(base)))
                        .build()
                        .decide(
                                List.of(rel),
                                List.of(BENCH),
                                evidence(
                                        List.of(score(BENCH, 10.5, 10, 11.5)),
                                        List.of(passed(BENCH))),
                                AS_OF);
        assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(d.verdicts().get(0).reason())
                .contains("straddles the threshold 11us", "against baseline b");
    }

    @Test
    void wideningAnIntervalNeverImprovesTheDecision() {
        Random r = new Random(5);
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double v = 5 + r.nextDouble() * 10;
            double half = r.nextDouble() * 3;
            double more = r.nextDouble() * 3;
            Target t = target("score", "score", "max", "< 10us").critical(r.nextBoolean()).build();
            Outcome narrow =
                    decide(t, List.of(BENCH), score(BENCH, v, v - half, v + half)).outcome();
            Outcome wide =
                    decide(t, List.of(BENCH), score(BENCH, v, v - half - more, v + half + more))
                            .outcome();
            if (wide.ordinal() < narrow.ordinal()) {
                violations.add(
                        v + " +-" + half + " widened by " + more + ": " + narrow + " -> " + wide);
            }
        }
        assertThat(violations).isEmpty();
    }
}
