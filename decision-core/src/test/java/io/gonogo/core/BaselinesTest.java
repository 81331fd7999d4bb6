package io.gonogo.core;

import static io.gonogo.core.EvidenceFixtures.AS_OF;
import static io.gonogo.core.EvidenceFixtures.environment;
import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.histogram;
import static io.gonogo.core.EvidenceFixtures.latency;
import static io.gonogo.core.EvidenceFixtures.noTimeouts;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.scalar;
import static io.gonogo.core.EvidenceFixtures.scenario;
import static io.gonogo.core.EvidenceFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.config.Target;
import io.gonogo.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Baselines: relative criteria, the regression section and what changed since the last decision.
 */
class BaselinesTest {

    private static final PlannedScenario HEALTH = scenario("health-1k");
    private static final List<PlannedScenario> PLAN = List.of(HEALTH);
    private static final Release RELEASE = new Release("governance 1.4", "beta", "", "Dana Ortiz");
    private static final Target RELATIVE =
            target("p99-vs-base", "latency", "p99", "<= +10% vs baseline")
                    .where(Map.of("scenario", "health-1k"))
                    .build();
    private static final Target RELATIVE_WITH_ABSOLUTE =
            target("p99-capped", "latency", "p99", "<= +10% vs baseline and < 4ms")
                    .where(Map.of("scenario", "health-1k"))
                    .build();

    @TempDir Path dir;

    private static EvidenceSet baseRun(String runId, long us) {
        return new EvidenceSet(
                EvidenceSet.SCHEMA_VERSION,
                runId,
                environment(Profile.QUICK),
                List.of(latency(HEALTH, histogram(us, 2000)), noTimeouts(HEALTH)),
                List.of(passed(HEALTH)));
    }

    private static EvidenceSet run(long us) {
        return evidence(
                List.of(latency(HEALTH, histogram(us, 2000)), noTimeouts(HEALTH)),
                List.of(passed(HEALTH)));
    }

    private static Decision decide(List<Target> targets, EvidenceSet e, Optional<Baseline> b) {
        DecisionEngine.Builder eb = DecisionEngine.builder().release(RELEASE);
        b.ifPresent(eb::baseline);
        return eb.build().decide(targets, PLAN, e, AS_OF);
    }

    private Baseline baseline(EvidenceSet e) {
        return Baseline.of(dir.resolve("evidence.json"), Optional.empty(), Optional.of(e));
    }

    @Nested
    class RelativeCriteria {

        @ParameterizedTest(name = "''{0}''")
        @CsvSource(
                delimiter = '|',
                textBlock =
                        """
                        <= +10% vs baseline              | <= +10% vs baseline
                        <=+10 % vs baseline              | <= +10% vs baseline
                        >= -5% vs baseline               | >= -5% vs baseline
                        < 10% VS Baseline and < 20 ms    | < +10% vs baseline and < 20ms
                        """)
        void parsesAndWritesTheRelativeForm(String text, String canonical) {
            Criterion c = Criterion.parse(text);
            assertThat(c.isRelative()).isTrue();
            assertThat(c.text()).isEqualTo(canonical);
            assertThat(Criterion.parse(c.text())).isEqualTo(c);
        }

        @Test
        void resolvesAgainstTheBaselinesFigure() {
            Criterion c = Criterion.parse("<= +10% vs baseline").against(4, Unit.MILLISECONDS);
            assertThat(c)
                    .isEqualTo(new Criterion(Relation.LE, new Quantity(4.4, Unit.MILLISECONDS)));
            assertThat(
                            Criterion.parse(">= -5% vs baseline")
                                    .against(1000, Unit.PER_SECOND)
                                    .threshold()
                                    .value())
                    .isEqualTo(950.0);
        }

        @Test
        void rejectsMalformedRelativeForms() {
            assertThatThrownBy(() -> Criterion.parse("<= 10ms vs baseline"))
                    .hasMessageContaining("is not a relative criterion");
            assertThatThrownBy(() -> Criterion.parse("<= +10% vs baseline and > 2ms"))
                    .hasMessageContaining("points the other way");
            assertThatThrownBy(() -> Criterion.parse("<= +10% vs baseline and <= 5% vs baseline"))
                    .hasMessageContaining("has a second relative part");
        }

        @Test
        void withinTheAllowedChangeIsMetAndCitesTheBaselineIdAndValue() {
            Decision d =
                    decide(
                            List.of(RELATIVE),
                            run(4200),
                            Optional.of(baseline(baseRun("run-base", 4000))));
            TargetVerdict v = d.verdicts().get(0);
            assertThat(v.verdict()).isEqualTo(Verdict.MET);
            assertThat(v.baseline()).contains("run-base");
            assertThat(v.baselineValue().orElseThrow().unit()).isEqualTo(Unit.MILLISECONDS);
            assertThat(v.baselineValue().orElseThrow().value())
                    .isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.01));
            assertThat(v.reason()).contains("against baseline run-base", "change +5", "limit 4.4");
            assertThat(d.outcome()).isEqualTo(Outcome.GO);
        }

        @Test
        void beyondTheAllowedChangeIsMissed() {
            Decision d =
                    decide(
                            List.of(RELATIVE),
                            run(4500),
                            Optional.of(baseline(baseRun("run-base", 4000))));
            assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.MISSED);
            assertThat(d.outcome()).isEqualTo(Outcome.NO_GO);
        }

        @Test
        void bothPartsMustHold() {
            // +5% vs baseline holds, but 4.2ms is not below 4ms
            Decision d =
                    decide(
                            List.of(RELATIVE_WITH_ABSOLUTE),
                            run(4200),
                            Optional.of(baseline(baseRun("b", 4000))));
            assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.MISSED);
            assertThat(d.verdicts().get(0).reason()).contains("its absolute part < 4ms fails");
            // below 4ms, but +50% vs baseline
            Decision d2 =
                    decide(
                            List.of(RELATIVE_WITH_ABSOLUTE),
                            run(3000),
                            Optional.of(baseline(baseRun("b", 2000))));
            assertThat(d2.verdicts().get(0).verdict()).isEqualTo(Verdict.MISSED);
            Decision d3 =
                    decide(
                            List.of(RELATIVE_WITH_ABSOLUTE),
                            run(2050),
                            Optional.of(baseline(baseRun("b", 2000))));
            assertThat(d3.verdicts().get(0).verdict()).isEqualTo(Verdict.MET);
        }

        @Test
        void withoutABaselineARelativeTargetIsNotMeasuredSayingSo() {
            Decision d = decide(List.of(RELATIVE), run(4200), Optional.empty());
            TargetVerdict v = d.verdicts().get(0);
            assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(v.reason())
                    .startsWith("no baseline: no baseline given")
                    .contains("this run measured p99 4.2");
            assertThat(d.outcome()).isEqualTo(Outcome.NO_GO);
            assertThat(d.baseline().given()).isFalse();
        }

        @Test
        void aBaselineWithoutTheMetricLeavesTheTargetNotMeasured() {
            EvidenceSet other =
                    new EvidenceSet(
                            EvidenceSet.SCHEMA_VERSION,
                            "b",
                            environment(Profile.QUICK),
                            List.of(scalar(HEALTH, "throughput", Unit.PER_SECOND, 900)),
                            List.of(passed(HEALTH)));
            TargetVerdict v =
                    decide(List.of(RELATIVE), run(4200), Optional.of(baseline(other)))
                            .verdicts()
                            .get(0);
            assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(v.reason()).contains("the baseline b holds no 'latency'");
        }

        @Test
        void aDecisionAloneServesAsBaselineThroughItsAchievedValues() throws Exception {
            Decision before =
                    decide(
                            List.of(
                                    RELATIVE_WITH_ABSOLUTE.pass().isRelative()
                                            ? target("p99-vs-base", "latency", "p99", "< 10ms")
                                                    .where(Map.of("scenario", "health-1k"))
                                                    .build()
                                            : RELATIVE),
                            baseRun("run-old", 4000),
                            Optional.empty());
            Path f = Files.createDirectories(dir.resolve("old")).resolve("decision.json");
            Json.write(before, f);
            Baseline b = Baseline.load(f);
            assertThat(b.evidence()).isEmpty();
            Decision d = decide(List.of(RELATIVE), run(4300), Optional.of(b));
            assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.MET);
            assertThat(d.verdicts().get(0).reason()).contains("in the baseline decision");
            assertThat(d.baseline().why()).contains("its evidence.json is not beside it");
        }
    }

    @Nested
    class Files_ {

        @Test
        void loadsADecisionWithTheEvidenceBesideIt() {
            Decision before = decide(List.of(), baseRun("run-old", 4000), Optional.empty());
            EvidenceSet e = baseRun(before.runId(), 4000);
            Json.write(before, dir.resolve("decision.json"));
            Json.write(e, dir.resolve("evidence.json"));
            Baseline fromDecision = Baseline.load(dir.resolve("decision.json"));
            Baseline fromEvidence = Baseline.load(dir.resolve("evidence.json"));
            assertThat(fromDecision.evidence()).isPresent();
            assertThat(fromEvidence.decision()).isPresent();
            assertThat(fromDecision.id()).isEqualTo("run-old");
        }

        @Test
        void rejectsAFileThatIsNeither() throws Exception {
            Path f = dir.resolve("x.json");
            Files.writeString(f, "{\"hello\": 1}");
            assertThatThrownBy(() -> Baseline.load(f))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("neither a gonogo decision.json");
            assertThatThrownBy(() -> Baseline.load(dir.resolve("missing.json")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("the baseline file does not exist");
        }

        @Test
        void historyPicksTheLastGoDecisionNotAfterTheReferenceInstant() throws Exception {
            write("a", Outcome.GO, Instant.parse("2025-02-01T00:00:00Z"), "run-a");
            write("b", Outcome.GO, Instant.parse("2025-02-20T00:00:00Z"), "run-b");
            write("c", Outcome.NO_GO, Instant.parse("2025-03-01T00:00:00Z"), "run-c");
            write("d", Outcome.GO, Instant.parse("2025-04-01T00:00:00Z"), "run-d");
            Baseline b = Baseline.lastGo(dir, AS_OF).orElseThrow();
            assertThat(b.id()).isEqualTo("run-b");
            assertThat(b.ref().why()).contains("the last GO decision in");
            assertThat(Baseline.lastGo(dir, Instant.parse("2025-01-01T00:00:00Z"))).isEmpty();
        }

        private void write(String folder, Outcome outcome, Instant asOf, String runId)
                throws Exception {
            Path f = Files.createDirectories(dir.resolve(folder)).resolve("decision.json");
            Json.write(
                    new Decision(
                            Decision.SCHEMA_VERSION,
                            outcome,
                            RELEASE,
                            runId,
                            Profile.QUICK,
                            asOf,
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of()),
                    f);
        }

        @Test
        void aVersionOneDecisionReadsWithNoBaseline() throws Exception {
            Decision d = decide(List.of(), run(1000), Optional.empty());
            String v1 =
                    Json.write(d)
                            .replace("\"schemaVersion\" : 3", "\"schemaVersion\" : 1")
                            .replaceAll("(?s),\\s*\"plan\" : \\{.*}\\s*}\\s*$", "\n}\n")
                            .replaceAll("(?s),\\s*\"baseline\" : \\{[^}]*}", "")
                            .replaceAll("(?s),\\s*\"regressions\" : \\[ ]", "")
                            .replaceAll("(?s),\\s*\"changes\" : \\[ ]", "");
            assertThat(v1).doesNotContain("regressions").doesNotContain("\"baseline\"");
            Path f = dir.resolve("decision.json");
            Files.writeString(f, v1);
            Decision back = Json.readDecision(f);
            assertThat(back.baseline().given()).isFalse();
            assertThat(back.regressions()).isEmpty();
        }
    }

    @Nested
    class Regressions {

        @Test
        void listsEveryFigureThatMovedBeyondTheDefaultBandBothWays() {
            EvidenceSet before =
                    new EvidenceSet(
                            1,
                            "b",
                            environment(Profile.QUICK),
                            List.of(
                                    latency(HEALTH, histogram(2000, 2000)),
                                    noTimeouts(HEALTH),
                                    scalar(HEALTH, "throughput", Unit.PER_SECOND, 1000),
                                    scalar(HEALTH, "success_rate", Unit.PERCENT, 99.9)),
                            List.of(passed(HEALTH)));
            EvidenceSet now =
                    evidence(
                            List.of(
                                    latency(HEALTH, histogram(2600, 2000)),
                                    noTimeouts(HEALTH),
                                    scalar(HEALTH, "throughput", Unit.PER_SECOND, 1040),
                                    scalar(HEALTH, "success_rate", Unit.PERCENT, 99.95)),
                            List.of(passed(HEALTH)));
            Decision d = decide(List.of(), now, Optional.of(baseline(before)));
            assertThat(d.regressions())
                    .extracting(r -> r.metric() + " " + r.figure() + " " + r.direction())
                    .containsExactly("latency p50 worse", "latency p99 worse");
            Regression p99 = d.regressions().get(1);
            assertThat(p99.changePercent()).isBetween(29.0, 31.0);
            assertThat(p99.noise()).contains("default band of ±5%");
            assertThat(p99.labels()).containsEntry("scenario", "health-1k");
            assertThat(d.reasons())
                    .anySatisfy(
                            r ->
                                    assertThat(r.text())
                                            .contains(
                                                    "2 figure(s) moved beyond their noise, 2 for"
                                                            + " the worse"));
        }

        @Test
        void aFigureWithAnIntervalMovesOnlyWhenTheBaselineLiesOutsideIt() {
            Measurement then = scalar(HEALTH, "throughput", Unit.PER_SECOND, 1000);
            Measurement wide =
                    withInterval(scalar(HEALTH, "throughput", Unit.PER_SECOND, 900), 850, 1010);
            Measurement narrow =
                    withInterval(scalar(HEALTH, "throughput", Unit.PER_SECOND, 960), 950, 970);
            EvidenceSet before =
                    new EvidenceSet(
                            1,
                            "b",
                            environment(Profile.QUICK),
                            List.of(then),
                            List.of(passed(HEALTH)));
            assertThat(
                            decide(
                                            List.of(),
                                            evidence(List.of(wide), List.of(passed(HEALTH))),
                                            Optional.of(baseline(before)))
                                    .regressions())
                    .isEmpty();
            assertThat(
                            decide(
                                            List.of(),
                                            evidence(List.of(narrow), List.of(passed(HEALTH))),
                                            Optional.of(baseline(before)))
                                    .regressions())
                    .singleElement()
                    .satisfies(
                            r -> {
                                assertThat(r.direction()).isEqualTo(Regression.WORSE);
                                assertThat(r.noise()).contains("95% interval [950, 970]");
                            });
        }

        private Measurement withInterval(Measurement m, double low, double high) {
            return new Measurement(
                    m.metric(),
                    m.labels(),
                    m.unit(),
                    m.value(),
                    m.quality(),
                    m.source(),
                    Interval.of(low, high, 0.95, "t-interval"));
        }
    }

    @Nested
    class WhatChanged {

        @Test
        void listsTheOutcomeVerdictsThatMovedAndRisksOpenedOrClosed() {
            Target p99 =
                    target("p99", "latency", "p99", "< 3ms")
                            .where(Map.of("scenario", "health-1k"))
                            .build();
            Target gone =
                    target("p50", "latency", "p50", "< 3ms")
                            .where(Map.of("scenario", "health-1k"))
                            .build();
            Risk oldRisk =
                    new Risk(
                            "old",
                            "old risk",
                            RiskLevel.MEDIUM,
                            RiskLevel.MEDIUM,
                            RiskLevel.MEDIUM,
                            "",
                            "",
                            "open");
            Decision before0 =
                    decide(List.of(p99, gone), baseRun("run-old", 2000), Optional.empty());
            Decision before =
                    new Decision(
                            before0.schemaVersion(),
                            before0.outcome(),
                            before0.release(),
                            "run-old",
                            before0.profile(),
                            before0.asOf(),
                            before0.verdicts(),
                            List.of(oldRisk),
                            before0.conditions(),
                            before0.checklist(),
                            before0.waivers(),
                            before0.reasons());
            Baseline b =
                    Baseline.of(
                            dir.resolve("decision.json"), Optional.of(before), Optional.empty());
            Decision d = decide(List.of(p99), run(3500), Optional.of(b));
            assertThat(d.changes())
                    .extracting(Change::text)
                    .containsExactly(
                            "the decision moved from GO to NO-GO",
                            "target p99 moved from MET to MISSED (was 2ms, now 3.501ms)",
                            "target p50 (MET in the baseline) is no longer judged",
                            "MEDIUM risk old (old risk) closed: it no longer counts");
            assertThat(d.regressions()).isEmpty();
        }

        @Test
        void aNewlyCountingRiskIsOpened() {
            Target p99 =
                    target("p99", "latency", "p99", "< 3ms")
                            .acceptable(Criterion.parse("< 5ms"))
                            .where(Map.of("scenario", "health-1k"))
                            .build();
            Decision before = decide(List.of(p99), baseRun("run-old", 2000), Optional.empty());
            Decision d =
                    decide(
                            List.of(p99),
                            run(4000),
                            Optional.of(
                                    Baseline.of(
                                            dir.resolve("d.json"),
                                            Optional.of(before),
                                            Optional.empty())));
            assertThat(d.changes())
                    .extracting(Change::kind)
                    .containsExactly(
                            Change.Kind.OUTCOME, Change.Kind.VERDICT, Change.Kind.RISK_OPENED);
            assertThat(d.changes().get(2).subject()).isEqualTo("risk.target.p99");
        }
    }

    @Test
    void theDecisionRoundTripsThroughJsonWithItsBaselineSections() {
        EvidenceSet before = baseRun("run-base", 2000);
        Decision d = decide(List.of(RELATIVE), run(2600), Optional.of(baseline(before)));
        assertThat(d.regressions()).isNotEmpty();
        Path f = dir.resolve("out.json");
        Json.write(d, f);
        Decision back = Json.readDecision(f);
        assertThat(back.baseline()).isEqualTo(d.baseline());
        assertThat(back.regressions()).isEqualTo(d.regressions());
        assertThat(back.verdicts().get(0).baselineValue())
                .isEqualTo(d.verdicts().get(0).baselineValue());
        assertThat(Json.write(back)).isEqualTo(Json.write(d));
        assertThat(Set.of(back.schemaVersion())).containsExactly(Decision.SCHEMA_VERSION);
    }
}
