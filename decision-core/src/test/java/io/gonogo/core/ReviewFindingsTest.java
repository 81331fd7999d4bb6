package io.gonogo.core;

import static io.gonogo.core.EvidenceFixtures.AS_OF;
import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.scalar;
import static io.gonogo.core.EvidenceFixtures.scenario;
import static io.gonogo.core.EvidenceFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.config.Target;
import io.gonogo.core.config.TargetsParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cases a review found: each once let a worse figure or a user mistake through. */
class ReviewFindingsTest {
    private static final PlannedScenario S = scenario("s1");

    private static Decision decide(Target t, double value) {
        return DecisionEngine.builder()
                .build()
                .decide(
                        List.of(t),
                        List.of(S),
                        evidence(
                                List.of(scalar(S, t.metric(), Unit.COUNT, value)),
                                List.of(passed(S))),
                        AS_OF);
    }

    @Test
    void aStretchGoalNeverTurnsAFailedPassCriterionIntoExceeded() {
        Target t =
                target("req", "requests", "max", "> 10").stretch(Criterion.parse(">= 10")).build();
        Decision d = decide(t, 10);
        assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.MISSED);
        assertThat(d.outcome()).isEqualTo(Outcome.NO_GO);
    }

    @Test
    void anAcceptableVerdictAgainstAZeroThresholdIsJudgedWithoutADelta() {
        Target t =
                target("errs", "errors", "sum", "<= 0")
                        .acceptable(Criterion.parse("<= 100"))
                        .build();
        Decision d = decide(t, 7);
        assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.ACCEPTABLE);
        assertThat(d.verdicts().get(0).deltaPercent()).isEmpty();
        assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
    }

    @Test
    void timeoutsBeyondWhatAPercentileMayLeaveOutMakeALatencyTargetMissed() {
        Target t = target("p99", "latency", "p99", "< 10ms").build();
        java.util.function.IntFunction<Decision> withTimeouts =
                n ->
                        DecisionEngine.builder()
                                .build()
                                .decide(
                                        List.of(t),
                                        List.of(S),
                                        evidence(
                                                List.of(
                                                        EvidenceFixtures.latency(
                                                                S,
                                                                EvidenceFixtures.histogram(
                                                                        500, 2000 - n)),
                                                        scalar(S, "requests", Unit.COUNT, 2000),
                                                        scalar(S, "errors", Unit.COUNT, n)
                                                                .withLabels(
                                                                        java.util.Map.of(
                                                                                "kind",
                                                                                "timeout"))),
                                                List.of(passed(S))),
                                        AS_OF);
        assertThat(withTimeouts.apply(10).verdicts().get(0).verdict()).isEqualTo(Verdict.MET);
        Decision worse = withTimeouts.apply(40);
        assertThat(worse.verdicts().get(0).verdict()).isEqualTo(Verdict.MISSED);
        assertThat(worse.verdicts().get(0).reason()).contains("40 of 2,000 requests timed out");
        assertThat(worse.outcome()).isEqualTo(Outcome.NO_GO);
    }

    private static String parseError(String targetYaml) {
        String yaml = "release: {name: r}\ntargets:\n" + targetYaml;
        try {
            TargetsParser.parse(Path.of("t.yaml"), yaml);
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + targetYaml);
    }

    @Test
    void aStretchGoalEqualToThePassThresholdIsRejected() {
        assertThat(
                        parseError(
                                "  - {id: a, metric: requests, aggregate: max, pass: \"> 10\","
                                        + " stretch: \">= 10\"}\n"))
                .startsWith("t.yaml:3:")
                .contains("must be strictly stricter than 'pass'");
    }

    @Test
    void negativeThresholdsAndSharesAbove100PercentAreRejectedForStandardMetrics() {
        assertThat(parseError("  - {id: a, metric: latency, aggregate: p99, pass: \"<= -5ms\"}\n"))
                .contains("negative threshold");
        assertThat(
                        parseError(
                                "  - {id: a, metric: success_rate, aggregate: min, pass: \">"
                                        + " 150%\"}\n"))
                .contains("above 100%");
    }

    @Test
    void anEmptyValueIsReportedAsEmptyNotMissing() {
        assertThat(parseError("  - {id: a, metric: latency, aggregate: p99, pass: }\n"))
                .startsWith("t.yaml:3:")
                .contains("'pass' is empty");
    }

    @Test
    void anUnquotedCriterionStartingWithGreaterThanGetsAHint() {
        assertThatThrownBy(
                        () ->
                                TargetsParser.parse(
                                        Path.of("t.yaml"),
                                        "release: {name: r}\n"
                                                + "targets:\n"
                                                + "  - id: a\n"
                                                + "    metric: success_rate\n"
                                                + "    pass: > 99.9%\n"
                                                + "    critical: true\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("quote a criterion that starts with >");
    }

    @Test
    void aWholeNumberOutOfRangeSaysSo() {
        assertThatThrownBy(
                        () ->
                                TargetsParser.parse(
                                        Path.of("t.yaml"),
                                        "release: {name: r}\n"
                                                + "policy: {condition-due-days:"
                                                + " 99999999999999999999}\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("out of range; expected a whole number between 0 and 3650");
    }

    @Test
    void anUnusableOutputFolderNameIsInvalidInput() {
        assertThatThrownBy(
                        () ->
                                TargetsParser.parse(
                                        Path.of("t.yaml"),
                                        "release: {name: r}\nreports: {out: \"a\\0b\"}\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("t.yaml:2:16: 'out' is not a usable folder name");
    }
}
