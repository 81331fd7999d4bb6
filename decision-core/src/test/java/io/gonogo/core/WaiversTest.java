package io.gonogo.core;

import static io.gonogo.core.EvidenceFixtures.AS_OF;
import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.histogram;
import static io.gonogo.core.EvidenceFixtures.latency;
import static io.gonogo.core.EvidenceFixtures.noTimeouts;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.scenario;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.config.Target;
import io.gonogo.core.config.TargetsFile;
import io.gonogo.core.config.TargetsParser;
import io.gonogo.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Waivers: in force they turn a blocker into a written condition, expired they change nothing. */
class WaiversTest {

    private static final PlannedScenario HEALTH = scenario("health-1k");
    private static final List<PlannedScenario> PLAN = List.of(HEALTH);

    /** The day of {@link EvidenceFixtures#AS_OF}. */
    private static final LocalDate TODAY = LocalDate.of(2025, 3, 3);

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

    private static String waiver(String subject, LocalDate expires) {
        return """
        waivers:
          - id: w1
            %s
            justification: the 5k rollout is behind a flag until the pool fix lands
            approver: Priya Raman
            expires: %s
        """
                .formatted(subject, expires);
    }

    private static EvidenceSet health(long us) {
        return evidence(
                List.of(latency(HEALTH, histogram(us, 2000)), noTimeouts(HEALTH)),
                List.of(passed(HEALTH)));
    }

    private static Decision decide(TargetsFile f, EvidenceSet e) {
        return DecisionEngine.builder().targetsFile(f).build().decide(f.targets(), PLAN, e, AS_OF);
    }

    @Test
    void aWaiverInForceTurnsAMissedCriticalTargetIntoAWrittenConditionNotAPass() {
        TargetsFile f = file(waiver("target: p99-health", TODAY.plusDays(10)));
        Decision d = decide(f, health(9000));
        assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.MISSED);
        assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
        assertThat(d.reasons()).noneMatch(r -> r.kind() == Reason.Kind.BLOCKER);
        assertThat(d.conditions())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo("target.p99-health");
                            assertThat(c.due()).isEqualTo(TODAY.plusDays(10));
                            assertThat(c.text())
                                    .contains("Waived by w1", "Priya Raman", "behind a flag");
                        });
        assertThat(d.waivers())
                .singleElement()
                .satisfies(
                        w -> {
                            assertThat(w.inForce()).isTrue();
                            assertThat(w.subject()).isEqualTo("target.p99-health");
                            assertThat(w.effect()).contains("into a written condition");
                        });
    }

    @Test
    void aWaiverAppliesOnItsExpiryDayAndNotTheDayAfter() {
        assertThat(decide(file(waiver("target: p99-health", TODAY)), health(9000)).outcome())
                .isEqualTo(Outcome.GO_WITH_CONDITIONS);
        Decision expired =
                decide(file(waiver("target: p99-health", TODAY.minusDays(1))), health(9000));
        assertThat(expired.outcome()).isEqualTo(Outcome.NO_GO);
        assertThat(expired.waivers())
                .singleElement()
                .satisfies(
                        w -> {
                            assertThat(w.inForce()).isFalse();
                            assertThat(w.effect()).contains("expired on 2025-03-02");
                        });
        assertThat(expired.reasons())
                .anySatisfy(
                        r -> {
                            assertThat(r.kind()).isEqualTo(Reason.Kind.NOTE);
                            assertThat(r.text())
                                    .contains(
                                            "waiver w1",
                                            "expired on 2025-03-02",
                                            "no longer applies");
                        });
    }

    @Test
    void aWaiverOfANotMeasuredTargetIsAConditionAndTheVerdictStaysNotMeasured() {
        Decision d =
                decide(
                        file(waiver("target: p99-health", TODAY.plusDays(3))),
                        evidence(List.of(), List.of(passed(HEALTH))));
        assertThat(d.verdicts().get(0).verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
    }

    @Test
    void aWaiverOfAMetTargetChangesNothingAndSaysSo() {
        Decision d = decide(file(waiver("target: p99-health", TODAY.plusDays(3))), health(1000));
        assertThat(d.outcome()).isEqualTo(Outcome.GO);
        assertThat(d.waivers())
                .singleElement()
                .satisfies(w -> assertThat(w.effect()).startsWith("changes nothing"));
    }

    @Test
    void aWaiverOfAnInconclusiveTargetChangesNothingAndMovesNoDueDate() {
        // 50 samples: too few for a p99, so the target is INCONCLUSIVE, a condition either way
        EvidenceSet few =
                evidence(
                        List.of(latency(HEALTH, histogram(1000, 50)), noTimeouts(HEALTH)),
                        List.of(passed(HEALTH)));
        Decision unwaived = decide(file(""), few);
        Decision waived = decide(file(waiver("target: p99-health", TODAY.plusDays(90))), few);
        assertThat(waived.verdicts().get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(waived.outcome()).isEqualTo(unwaived.outcome());
        assertThat(waived.conditions())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.due())
                                    .as("due by the policy's terms, not the waiver's expiry")
                                    .isEqualTo(unwaived.conditions().get(0).due())
                                    .isNotEqualTo(TODAY.plusDays(90));
                            assertThat(c.text()).doesNotContain("Waived by");
                        });
        assertThat(waived.waivers())
                .singleElement()
                .satisfies(
                        w ->
                                assertThat(w.effect())
                                        .isEqualTo(
                                                "changes nothing: target p99-health is"
                                                        + " INCONCLUSIVE, which does not block; its"
                                                        + " condition stays due by the policy's"
                                                        + " terms"));
    }

    @Test
    void anAcceptedHighRiskBlocksUnlessWaivedAndWaivedItIsAConditionDueOnTheExpiry() {
        String risk =
                """
                risks:
                  - {id: db, title: database fails over, probability: high, impact: high, status: accepted,
                     mitigation: rehearse the failover}
                """;
        assertThat(decide(file(risk), health(1000)).outcome()).isEqualTo(Outcome.NO_GO);
        Decision d = decide(file(risk + waiver("risk: db", TODAY.plusDays(20))), health(1000));
        assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
        assertThat(d.conditions())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo("risk.db");
                            assertThat(c.due()).isEqualTo(TODAY.plusDays(20));
                            assertThat(c.text()).contains("waived by w1", "rehearse the failover");
                        });
        assertThat(d.risks()).singleElement().satisfies(r -> assertThat(r.counts()).isTrue());
        Decision expired =
                decide(file(risk + waiver("risk: db", TODAY.minusDays(1))), health(1000));
        assertThat(expired.outcome()).isEqualTo(Outcome.NO_GO);
    }

    @Test
    void aWaiverOfAnotherTargetDoesNotSilenceThisOne() {
        String second =
                """
                  - id: p50-health
                    metric: latency
                    where: {scenario: health-1k}
                    aggregate: p50
                    pass: "< 1ms"
                """;
        TargetsFile f = file(second + waiver("target: p50-health", TODAY.plusDays(3)));
        Decision d = decide(f, health(9000));
        assertThat(d.outcome()).isEqualTo(Outcome.NO_GO);
        assertThat(d.reasons())
                .filteredOn(r -> r.kind() == Reason.Kind.BLOCKER)
                .extracting(Reason::subject)
                .containsExactly("target.p99-health");
    }

    @Test
    void aWaiverOfAGeneratedTargetIsCheckedWhenTheEngineKnowsTheTargets() {
        TargetsFile f = file(waiver("target: load.health-1k.p99", TODAY.plusDays(3)));
        assertThat(f.waivers()).hasSize(1);
        assertThatThrownBy(() -> decide(f, health(1000)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("targets.yaml:12:13: ")
                .hasMessageContaining(
                        "names target 'load.health-1k.p99', which this evaluation does not have");
        List<Target> targets = new ArrayList<>(f.targets());
        targets.add(EvidenceFixtures.latencyTarget("load.health-1k.p99", "p99", "< 1ms"));
        Decision d =
                DecisionEngine.builder()
                        .targetsFile(f)
                        .build()
                        .decide(targets, PLAN, health(1500), AS_OF);
        assertThat(d.outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
    }

    @Test
    void waiversRoundTripThroughDecisionJson() {
        Decision d = decide(file(waiver("target: p99-health", TODAY.plusDays(10))), health(9000));
        Path json = dir.resolve("decision.json");
        Json.write(d, json);
        Decision back = Json.readDecision(json);
        assertThat(back.waivers()).isEqualTo(d.waivers());
    }
}
