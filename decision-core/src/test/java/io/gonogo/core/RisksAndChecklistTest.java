package io.gonogo.core;

import static io.gonogo.core.EvidenceFixtures.AS_OF;
import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.histogram;
import static io.gonogo.core.EvidenceFixtures.latency;
import static io.gonogo.core.EvidenceFixtures.noTimeouts;
import static io.gonogo.core.EvidenceFixtures.outcome;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.config.RiskMatrix;
import io.gonogo.core.config.TargetsFile;
import io.gonogo.core.config.TargetsParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The risk register and the readiness checklist, as the engine judges them. */
class RisksAndChecklistTest {

    private static final PlannedScenario HEALTH = scenario("health-1k");
    private static final PlannedScenario SUBMIT = scenario("submit-5k");
    private static final List<PlannedScenario> PLAN = List.of(HEALTH, SUBMIT);

    private static final String HEAD =
            """
            release: {name: governance 1.4, owner: Dana Ortiz}
            sut: embedded
            suites: {load: {}}
            targets:
              - id: p99-health
                metric: latency
                where: {scenario: health-1k}
                aggregate: p99
                pass: "< 2ms"
                acceptable: "< 4ms"
            """;

    @TempDir Path dir;

    private TargetsFile file(String rest) {
        try {
            Path f = dir.resolve("targets.yaml");
            Files.writeString(f, HEAD + rest);
            return TargetsParser.parse(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Health at {@code us} microseconds; both scenarios passed. */
    private static EvidenceSet run(long us) {
        return evidence(
                List.of(
                        latency(HEALTH, histogram(us, 2000)), noTimeouts(HEALTH),
                        latency(SUBMIT, histogram(500, 2000)), noTimeouts(SUBMIT)),
                List.of(passed(HEALTH), passed(SUBMIT)));
    }

    private static Decision decide(TargetsFile f, EvidenceSet e) {
        return DecisionEngine.builder().targetsFile(f).build().decide(f.targets(), PLAN, e, AS_OF);
    }

    private static final long MET_US = 1000;
    private static final long ACCEPTABLE_US = 3000;

    @Nested
    class Risks {

        @Test
        void aHighRiskThatCountsGivesNoGo() {
            Decision d =
                    decide(
                            file(
                                    """
                                    risks:
                                      - {id: db, title: database fails over, probability: high, impact: high}
                                    """),
                            run(MET_US));
            assertThat(d.outcome()).isEqualTo(Outcome.NO_GO);
            assertThat(d.risks())
                    .singleElement()
                    .satisfies(
                            r -> {
                                assertThat(r.level()).isEqualTo(RiskLevel.HIGH);
                                assertThat(r.counts()).isTrue();
                            });
            assertThat(d.reasons())
                    .anySatisfy(
                            r -> {
                                assertThat(r.kind()).isEqualTo(Reason.Kind.BLOCKER);
                                assertThat(r.subject()).isEqualTo("risk.db");
                            });
        }

        @Test
        void aClosedHighRiskDoesNotCount() {
            Decision d =
                    decide(
                            file(
                                    """
                                    risks:
                                      - {id: db, title: database fails over, probability: high, impact: high, status: closed}
                                    """),
                            run(MET_US));
            assertThat(d.outcome()).isEqualTo(Outcome.GO);
            assertThat(d.risks())
                    .singleElement()
                    .satisfies(
                            r -> {
                                assertThat(r.level()).isEqualTo(RiskLevel.HIGH);
                                assertThat(r.counts()).isFalse();
                                assertThat(r.why()).isEqualTo("it is closed");
                            });
        }

        @Test
        void anAcceptedHighRiskStillCountsAsOnlyAWaiverMayAcceptIt() {
            Decision d =
                    decide(
                            file(
                                    """
                                    risks:
                                      - {id: db, title: database fails over, probability: high, impact: medium, status: accepted}
                                    """),
                            run(MET_US));
            assertThat(d.outcome()).isEqualTo(Outcome.NO_GO);
        }

        @Test
        void aWhenThatDoesNotHoldDeactivatesARisk() {
            TargetsFile f =
                    file(
                            """
                            risks:
                              - id: tail
                                title: tail latency hurts the 5k rollout
                                probability: high
                                impact: high
                                when: target p99-health ACCEPTABLE
                            """);
            Decision met = decide(f, run(MET_US));
            assertThat(met.outcome()).isEqualTo(Outcome.GO);
            assertThat(met.risks())
                    .singleElement()
                    .satisfies(
                            r -> {
                                assertThat(r.counts()).isFalse();
                                assertThat(r.when()).isEqualTo("target p99-health ACCEPTABLE");
                                assertThat(r.why())
                                        .contains("does not hold", "target p99-health is MET");
                            });
            Decision acceptable = decide(f, run(ACCEPTABLE_US));
            assertThat(acceptable.outcome()).isEqualTo(Outcome.NO_GO);
        }

        @Test
        void aTargetWhenHoldsAtItsVerdictOrWorseSoMissingEvidenceCannotDeactivateIt() {
            TargetsFile f =
                    file(
                            """
                            risks:
                              - {id: tail, title: tail latency, probability: high, impact: high,
                                 when: target p99-health ACCEPTABLE}
                            """);
            Decision missed = decide(f, run(9000));
            Decision notMeasured =
                    decide(f, evidence(List.of(), List.of(passed(HEALTH), passed(SUBMIT))));
            assertThat(missed.risks().get(0).counts()).isTrue();
            assertThat(notMeasured.risks().get(0).counts()).isTrue();
        }

        @Test
        void aSuiteWhenHoldsWhenTheSuiteFailedOrHasNoOutcome() {
            TargetsFile f =
                    file(
                            """
                            risks:
                              - {id: flaky, title: load suite unstable, probability: medium, impact: medium,
                                 when: suite load failed}
                            """);
            assertThat(decide(f, run(MET_US)).risks().get(0).counts()).isFalse();
            EvidenceSet failed =
                    evidence(
                            List.of(latency(HEALTH, histogram(MET_US, 2000)), noTimeouts(HEALTH)),
                            List.of(passed(HEALTH), outcome(SUBMIT, TestStatus.FAILED, "boom")));
            assertThat(decide(f, failed).risks().get(0).counts()).isTrue();
            EvidenceSet silent =
                    evidence(
                            List.of(latency(HEALTH, histogram(MET_US, 2000)), noTimeouts(HEALTH)),
                            List.of(passed(HEALTH)));
            assertThat(decide(f, silent).risks().get(0).counts()).isTrue();
        }

        @Test
        void aMediumRiskIsAConditionWithTheRisksOwnerAndDueDate() {
            Decision d =
                    decide(
                            file(
                                    """
                                    risks:
                                      - {id: gc, title: long GC pauses, probability: low, impact: high, owner: Sam Lee,
                                         mitigation: switch to ZGC, due: 2025-04-01}
                                      - {id: warm, title: slow first requests, probability: medium, impact: low}
                                    policy: {condition-owner: QA lead, condition-due-days: 7}
                                    """),
                            run(MET_US));
            assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
            assertThat(d.conditions())
                    .extracting(Condition::id, Condition::owner, Condition::due)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    "risk.gc", "Sam Lee", LocalDate.of(2025, 4, 1)),
                            org.assertj.core.groups.Tuple.tuple(
                                    "risk.warm", "QA lead", LocalDate.of(2025, 3, 10)));
            assertThat(d.conditions().get(0).text())
                    .isEqualTo("Mitigate risk gc (long GC pauses): switch to ZGC.");
        }

        @Test
        void aLowRiskIsWatchedWithoutChangingTheOutcome() {
            Decision d =
                    decide(
                            file(
                                    """
                                    risks:
                                      - {id: typo, title: a typo in the banner, probability: low, impact: low}
                                    """),
                            run(MET_US));
            assertThat(d.outcome()).isEqualTo(Outcome.GO);
            assertThat(d.risks().get(0).level()).isEqualTo(RiskLevel.LOW);
            assertThat(d.reasons()).anySatisfy(r -> assertThat(r.subject()).isEqualTo("risk.typo"));
        }

        @Test
        void anAcceptableTargetBecomesADerivedMediumRisk() {
            Decision d = decide(file(""), run(ACCEPTABLE_US));
            assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
            assertThat(d.risks())
                    .singleElement()
                    .satisfies(
                            r -> {
                                assertThat(r.id()).isEqualTo("target.p99-health");
                                assertThat(r.source()).isEqualTo(Risk.DERIVED);
                                assertThat(r.level()).isEqualTo(RiskLevel.MEDIUM);
                                assertThat(r.counts()).isTrue();
                                assertThat(r.title())
                                        .contains("p99-health", "< 2ms", "acceptable band");
                                assertThat(r.owner()).isEqualTo("Dana Ortiz");
                            });
            // the target's condition covers the derived risk: no second condition for the same
            // thing
            assertThat(d.conditions())
                    .extracting(Condition::id)
                    .containsExactly("target.p99-health");
        }

        @Test
        void aMetTargetDerivesNoRisk() {
            assertThat(decide(file(""), run(MET_US)).risks()).isEmpty();
        }

        @ParameterizedTest(name = "probability {0} x impact {1} is {2}")
        @CsvSource({
            "HIGH,HIGH,HIGH",
            "HIGH,MEDIUM,HIGH",
            "MEDIUM,HIGH,HIGH",
            "HIGH,LOW,MEDIUM",
            "LOW,HIGH,MEDIUM",
            "MEDIUM,MEDIUM,MEDIUM",
            "MEDIUM,LOW,MEDIUM",
            "LOW,MEDIUM,MEDIUM",
            "LOW,LOW,LOW"
        })
        void theDefaultMatrixGivesEachCellItsLevel(RiskLevel p, RiskLevel i, RiskLevel level) {
            assertThat(RiskMatrix.DEFAULT.level(p, i)).isEqualTo(level);
        }

        @Test
        void aConfiguredMatrixChangesTheLevelAndSoTheOutcome() {
            Decision d =
                    decide(
                            file(
                                    """
                                    risks:
                                      - {id: spike, title: traffic spike, probability: high, impact: low}
                                    policy:
                                      risk-matrix:
                                        high: {low: high}
                                    """),
                            run(MET_US));
            assertThat(d.risks().get(0).level()).isEqualTo(RiskLevel.HIGH);
            assertThat(d.outcome()).isEqualTo(Outcome.NO_GO);
        }
    }

    @Nested
    class Checklist {

        private static final String ITEMS =
                """
                checklist:
                  - {id: load, title: Load suite green, evidence: suite load passed}
                  - {id: health, title: Health on target, evidence: target p99-health met}
                  - {id: runbook, title: Runbook written, evidence: file docs/runbook.md exists}
                  - {id: security, title: Security review, attested-by: Priya Nair, attested-on: 2025-03-01}
                  - {id: dpo, title: DPO sign-off, attested-by: Jan Novak}
                """;

        @Test
        void theScoreCountsOnlyItemsWhoseEvidenceHolds() throws IOException {
            Files.createDirectories(dir.resolve("docs"));
            Files.writeString(dir.resolve("docs/runbook.md"), "# Runbook\n");
            Decision d = decide(file(ITEMS), run(MET_US));
            assertThat(d.checklist())
                    .extracting(ChecklistItem::id, ChecklistItem::done)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("load", true),
                            org.assertj.core.groups.Tuple.tuple("health", true),
                            org.assertj.core.groups.Tuple.tuple("runbook", true),
                            org.assertj.core.groups.Tuple.tuple("security", true),
                            org.assertj.core.groups.Tuple.tuple("dpo", false));
            assertThat(d.checklist().get(0).evidence()).isEqualTo("suite load passed");
            assertThat(d.checklist().get(2).found()).isEqualTo("found docs/runbook.md");
            assertThat(d.reasons())
                    .anySatisfy(
                            r ->
                                    assertThat(r.text())
                                            .isEqualTo("readiness checklist: 4 of 5 items done"));
        }

        @Test
        void aMissingFileIsOpen() {
            Decision d = decide(file(ITEMS), run(MET_US));
            ChecklistItem runbook = d.checklist().get(2);
            assertThat(runbook.done()).isFalse();
            assertThat(runbook.found()).startsWith("no file at docs/runbook.md");
        }

        @Test
        void aFolderIsNotAFile() throws IOException {
            Files.createDirectories(dir.resolve("docs/runbook.md"));
            assertThat(decide(file(ITEMS), run(MET_US)).checklist().get(2).done()).isFalse();
        }

        @Test
        void anAttestationNeedsADateOnOrBeforeTheDecision() {
            Decision d =
                    decide(
                            file(
                                    """
                                    checklist:
                                      - {id: undated, title: DPO sign-off, attested-by: Jan Novak}
                                      - {id: later, title: Security review, attested-by: Priya Nair, attested-on: 2025-03-04}
                                      - {id: same-day, title: Ops review, attested-by: Sam Lee, attested-on: 2025-03-03}
                                    """),
                            run(MET_US));
            assertThat(d.checklist())
                    .extracting(ChecklistItem::done)
                    .containsExactly(false, false, true);
            assertThat(d.checklist().get(0).found()).contains("no attested-on date");
            assertThat(d.checklist().get(1).found()).contains("after the decision's date");
        }

        @Test
        void aTargetThatIsOnlyAcceptableDoesNotMeetItsItem() {
            Decision d = decide(file(ITEMS), run(ACCEPTABLE_US));
            assertThat(d.checklist().get(1).done()).isFalse();
            assertThat(d.checklist().get(1).found()).isEqualTo("target p99-health is ACCEPTABLE");
        }

        @Test
        void aScoreBelowTheMinimumIsACondition() {
            Decision d = decide(file(ITEMS + "policy: {checklist-min: 80%}\n"), run(MET_US));
            assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
            assertThat(d.conditions())
                    .singleElement()
                    .satisfies(
                            c -> {
                                assertThat(c.id()).isEqualTo("checklist");
                                assertThat(c.text())
                                        .contains(
                                                "3 of 5 items done (60%)",
                                                "minimum of 80%", "open: runbook, dpo");
                            });
        }

        @Test
        void aScoreAtTheMinimumIsNoCondition() throws IOException {
            Files.createDirectories(dir.resolve("docs"));
            Files.writeString(dir.resolve("docs/runbook.md"), "# Runbook\n");
            Decision d = decide(file(ITEMS + "policy: {checklist-min: 80%}\n"), run(MET_US));
            assertThat(d.outcome()).isEqualTo(Outcome.GO);
        }

        @Test
        void withoutAMinimumOpenItemsDoNotChangeTheOutcome() {
            assertThat(decide(file(ITEMS), run(MET_US)).outcome()).isEqualTo(Outcome.GO);
        }
    }

    @Nested
    class Monotonicity {

        private static final String REGISTER =
                """
                risks:
                  - {id: tail, title: tail latency, probability: high, impact: high, when: target p99-health ACCEPTABLE}
                  - {id: flaky, title: load unstable, probability: medium, impact: medium, when: suite load failed}
                  - {id: idle, title: nothing ran, probability: low, impact: high, when: suite load not-executed}
                checklist:
                  - {id: load, title: Load suite green, evidence: suite load passed}
                  - {id: health, title: Health on target, evidence: target p99-health met}
                  - {id: security, title: Security review, attested-by: Priya Nair, attested-on: 2025-03-01}
                policy: {checklist-min: 100%}
                """;

        private static int badness(Decision d) {
            return d.outcome().ordinal();
        }

        private static long score(Decision d) {
            return d.checklist().stream().filter(ChecklistItem::done).count();
        }

        @Test
        void removingEvidenceNeverImprovesTheChecklistScoreOrTheOutcome() {
            TargetsFile f = file(REGISTER);
            List<String> violations = new ArrayList<>();
            for (long us : new long[] {MET_US, ACCEPTABLE_US, 9000}) {
                for (TestStatus submit : TestStatus.values()) {
                    EvidenceSet full =
                            evidence(
                                    List.of(
                                            latency(HEALTH, histogram(us, 2000)),
                                                    noTimeouts(HEALTH),
                                            latency(SUBMIT, histogram(500, 2000)),
                                                    noTimeouts(SUBMIT)),
                                    List.of(passed(HEALTH), outcome(SUBMIT, submit, "")));
                    Decision before = decide(f, full);
                    for (int i = 0; i < full.measurements().size(); i++) {
                        List<Measurement> fewer = new ArrayList<>(full.measurements());
                        fewer.remove(i);
                        check(
                                violations,
                                "measurement " + i + " at " + us + "us, submit " + submit,
                                before,
                                decide(
                                        f,
                                        new EvidenceSet(
                                                1,
                                                full.runId(),
                                                full.environment(),
                                                fewer,
                                                full.outcomes())));
                    }
                    for (int i = 0; i < full.outcomes().size(); i++) {
                        List<TestOutcome> fewer = new ArrayList<>(full.outcomes());
                        fewer.remove(i);
                        check(
                                violations,
                                "outcome " + i + " at " + us + "us, submit " + submit,
                                before,
                                decide(
                                        f,
                                        new EvidenceSet(
                                                1,
                                                full.runId(),
                                                full.environment(),
                                                full.measurements(),
                                                fewer)));
                    }
                }
            }
            assertThat(violations).isEmpty();
        }

        private static void check(
                List<String> violations, String what, Decision before, Decision after) {
            if (badness(after) < badness(before)) {
                violations.add(
                        "dropping "
                                + what
                                + " turned "
                                + before.outcome()
                                + " into "
                                + after.outcome());
            }
            if (score(after) > score(before)) {
                violations.add(
                        "dropping "
                                + what
                                + " raised the checklist score from "
                                + score(before)
                                + " to "
                                + score(after));
            }
            // a derived risk may give way to a stronger reason (ACCEPTABLE becomes NOT MEASURED):
            // only declared ones
            long countingBefore =
                    before.risks().stream()
                            .filter(r -> r.counts() && r.source().equals(Risk.DECLARED))
                            .count();
            long countingAfter =
                    after.risks().stream()
                            .filter(r -> r.counts() && r.source().equals(Risk.DECLARED))
                            .count();
            if (countingAfter < countingBefore) {
                violations.add("dropping " + what + " deactivated a risk");
            }
        }
    }

    @Test
    void riskAndChecklistSurviveTheJsonRoundTrip(@TempDir Path out) throws IOException {
        Decision d =
                decide(
                        file(
                                """
                                risks:
                                  - {id: db, title: database fails over, probability: high, impact: high, when: suite load failed}
                                checklist:
                                  - {id: dpo, title: DPO sign-off, attested-by: Jan Novak}
                                """),
                        run(ACCEPTABLE_US));
        Path json = out.resolve("decision.json");
        Files.writeString(json, io.gonogo.core.json.Json.write(d));
        Decision back = io.gonogo.core.json.Json.readDecision(json);
        assertThat(back.risks()).isEqualTo(d.risks());
        assertThat(back.checklist()).isEqualTo(d.checklist());
        assertThat(Map.of("risks", back.risks().size())).containsEntry("risks", 2);
    }
}
