package io.gonogo.core;

import static io.gonogo.core.EvidenceFixtures.AS_OF;
import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.histogram;
import static io.gonogo.core.EvidenceFixtures.latency;
import static io.gonogo.core.EvidenceFixtures.noTimeouts;
import static io.gonogo.core.EvidenceFixtures.optionalScenario;
import static io.gonogo.core.EvidenceFixtures.outcome;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.scalar;
import static io.gonogo.core.EvidenceFixtures.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.config.TargetsFile;
import io.gonogo.core.config.TargetsParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of the default fail-closed policy (DESIGN.md, "Verdicts and decision"), one row each:
 * from a run where nothing is wrong (GO), one change that the rule is about, and the outcome,
 * reason kind and subject that rule must give. A condition must also be written down with an owner
 * and a due date, and a derived risk listed where the policy derives one.
 */
class PolicyRulesTest {

    private static final PlannedScenario HEALTH = scenario("health-1k");
    private static final PlannedScenario SUBMIT = scenario("submit-5k");
    private static final PlannedScenario WATCH = optionalScenario("watch-100");
    private static final List<PlannedScenario> PLAN = List.of(HEALTH, SUBMIT, WATCH);

    private static final String HEAD =
            """
            release: {name: governance 1.4, owner: Dana Ortiz}
            sut: embedded
            suites: {load: {}}
            """;
    private static final String TARGETS =
            """
            targets:
              - id: p99-health
                metric: latency
                where: {scenario: health-1k}
                aggregate: p99
                pass: "< 2ms"
                acceptable: "< 4ms"
              - id: ok-submit
                metric: success_rate
                where: {scenario: submit-5k}
                pass: ">= 99%"
                critical: false
            """;
    private static final String WAIVER =
            """
            waivers:
              - {id: w1, %s, justification: fixed behind a flag, approver: Priya Raman, expires: 2025-03-20}
            """;

    @TempDir Path dir;

    /** What a rule changes: the file's text after the head, the evidence, and evidence problems. */
    private record Run(
            String yaml,
            List<Measurement> measurements,
            List<TestOutcome> outcomes,
            Profile profile,
            List<String> problems) {
        static Run good() {
            return new Run(
                    TARGETS,
                    new ArrayList<>(
                            List.of(
                                    latency(HEALTH, histogram(1000, 2000)),
                                    noTimeouts(HEALTH),
                                    scalar(SUBMIT, "success_rate", Unit.PERCENT, 99.5),
                                    scalar(SUBMIT, "requests", Unit.COUNT, 5000),
                                    latency(WATCH, histogram(800, 2000)),
                                    noTimeouts(WATCH))),
                    new ArrayList<>(List.of(passed(HEALTH), passed(SUBMIT), passed(WATCH))),
                    Profile.QUICK,
                    List.of());
        }

        Run yaml(String more) {
            return new Run(yaml + more, measurements, outcomes, profile, problems);
        }

        Run noTargets() {
            return new Run("", measurements, outcomes, profile, problems);
        }

        Run measurement(String metric, PlannedScenario s, Measurement replacement) {
            List<Measurement> ms = new ArrayList<>(measurements);
            ms.removeIf(
                    m -> m.metric().equals(metric) && m.labels().get("scenario").equals(s.id()));
            if (replacement != null) {
                ms.add(replacement);
            }
            return new Run(yaml, ms, outcomes, profile, problems);
        }

        Run status(PlannedScenario s, TestStatus st) {
            List<TestOutcome> os = new ArrayList<>(outcomes);
            os.removeIf(o -> o.scenario().equals(s.id()));
            if (st != null) {
                os.add(outcome(s, st, "seeded " + st));
            }
            return new Run(yaml, measurements, os, profile, problems);
        }

        Run problems(String... p) {
            return new Run(yaml, measurements, outcomes, profile, List.of(p));
        }
    }

    private Decision decide(Run r) {
        try {
            Path f = dir.resolve("targets.yaml");
            Files.writeString(f, HEAD + r.yaml());
            TargetsFile file = TargetsParser.parse(f);
            return DecisionEngine.builder()
                    .targetsFile(file)
                    .evidenceProblems(r.problems())
                    .build()
                    .decide(
                            file.targets(),
                            PLAN,
                            evidence(r.profile(), r.measurements(), r.outcomes()),
                            AS_OF);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Arguments rule(
            String name,
            UnaryOperator<Run> change,
            Outcome outcome,
            Reason.Kind kind,
            String subject,
            boolean derivedRisk) {
        return Arguments.of(name, change, outcome, kind, subject, derivedRisk);
    }

    static Stream<Arguments> rules() {
        Outcome nogo = Outcome.NO_GO;
        Outcome cond = Outcome.GO_WITH_CONDITIONS;
        Reason.Kind b = Reason.Kind.BLOCKER;
        Reason.Kind c = Reason.Kind.CONDITION;
        Reason.Kind n = Reason.Kind.NOTE;
        return Stream.of(
                // blockers
                rule(
                        "critical target MISSED",
                        r ->
                                r.measurement(
                                        "latency", HEALTH, latency(HEALTH, histogram(9000, 2000))),
                        nogo,
                        b,
                        "target.p99-health",
                        false),
                rule(
                        "critical target NOT MEASURED",
                        r -> r.measurement("latency", HEALTH, null),
                        nogo,
                        b,
                        "target.p99-health",
                        false),
                rule(
                        "required scenario FAILED",
                        r -> r.status(SUBMIT, TestStatus.FAILED),
                        nogo,
                        b,
                        "scenario.load.submit-5k",
                        false),
                rule(
                        "required scenario ABORTED",
                        r -> r.status(SUBMIT, TestStatus.ABORTED),
                        nogo,
                        b,
                        "scenario.load.submit-5k",
                        false),
                rule(
                        "required scenario SKIPPED",
                        r -> r.status(SUBMIT, TestStatus.SKIPPED),
                        nogo,
                        b,
                        "scenario.load.submit-5k",
                        false),
                rule(
                        "required scenario NOT EXECUTED (no outcome)",
                        r -> r.status(SUBMIT, null),
                        nogo,
                        b,
                        "scenario.load.submit-5k",
                        false),
                rule(
                        "HIGH risk that counts",
                        r ->
                                r.yaml(
                                        "risks:\n"
                                                + "  - {id: db, title: db fails over, probability:"
                                                + " high, impact: high}\n"),
                        nogo,
                        b,
                        "risk.db",
                        false),
                rule(
                        "accepted HIGH risk (only a waiver accepts it)",
                        r ->
                                r.yaml(
                                        "risks:\n"
                                                + "  - {id: db, title: db fails over, probability:"
                                                + " high, impact: medium, status: accepted}\n"),
                        nogo,
                        b,
                        "risk.db",
                        false),
                rule(
                        "HIGH risk by a configured matrix",
                        r ->
                                r.yaml(
                                        """
                                        risks:
                                          - {id: spike, title: traffic spike, probability: high, impact: low}
                                        policy:
                                          risk-matrix:
                                            high: {low: high, medium: high, high: high}
                                        """),
                        nogo,
                        b,
                        "risk.spike",
                        false),
                // conditions
                rule(
                        "non-critical target MISSED",
                        r ->
                                r.measurement(
                                        "success_rate",
                                        SUBMIT,
                                        scalar(SUBMIT, "success_rate", Unit.PERCENT, 97)),
                        cond,
                        c,
                        "target.ok-submit",
                        false),
                rule(
                        "non-critical target NOT MEASURED",
                        r -> r.measurement("success_rate", SUBMIT, null),
                        cond,
                        c,
                        "target.ok-submit",
                        false),
                rule(
                        "ACCEPTABLE target",
                        r ->
                                r.measurement(
                                        "latency", HEALTH, latency(HEALTH, histogram(3000, 2000))),
                        cond,
                        c,
                        "target.p99-health",
                        true),
                rule(
                        "INCONCLUSIVE target (generator bound)",
                        r ->
                                r.measurement(
                                        "latency",
                                        HEALTH,
                                        latency(
                                                HEALTH,
                                                histogram(1000, 2000),
                                                Quality.GENERATOR_BOUND)),
                        cond,
                        c,
                        "target.p99-health",
                        true),
                rule(
                        "INCONCLUSIVE target (interval straddles)",
                        r ->
                                r.yaml(
                                                """
                                                  - id: rps
                                                    metric: throughput
                                                    where: {scenario: health-1k}
                                                    pass: ">= 1000/s"
                                                """)
                                        .measurement(
                                                "throughput",
                                                HEALTH,
                                                scalar(HEALTH, "throughput", Unit.PER_SECOND, 1100)
                                                        .withInterval(
                                                                Interval.of(
                                                                        900,
                                                                        1300,
                                                                        0.95,
                                                                        "bootstrap"))),
                        cond,
                        c,
                        "target.rps",
                        true),
                rule(
                        "INCONCLUSIVE success rate on too few attempts",
                        r ->
                                r.measurement(
                                        "requests",
                                        SUBMIT,
                                        scalar(SUBMIT, "requests", Unit.COUNT, 999)),
                        cond,
                        c,
                        "target.ok-submit",
                        true),
                rule(
                        "optional scenario FAILED",
                        r -> r.status(WATCH, TestStatus.FAILED),
                        cond,
                        c,
                        "scenario.load.watch-100",
                        false),
                rule(
                        "optional scenario NOT EXECUTED",
                        r -> r.status(WATCH, null),
                        cond,
                        c,
                        "scenario.load.watch-100",
                        true),
                rule(
                        "MEDIUM risk that counts",
                        r ->
                                r.yaml(
                                        "risks:\n"
                                                + "  - {id: warm, title: slow first requests,"
                                                + " probability: medium, impact: medium}\n"),
                        cond,
                        c,
                        "risk.warm",
                        false),
                rule(
                        "waived critical MISSED target",
                        r ->
                                r.yaml(WAIVER.formatted("target: p99-health"))
                                        .measurement(
                                                "latency",
                                                HEALTH,
                                                latency(HEALTH, histogram(9000, 2000))),
                        cond,
                        c,
                        "target.p99-health",
                        false),
                rule(
                        "waived critical NOT MEASURED target",
                        r ->
                                r.yaml(WAIVER.formatted("target: p99-health"))
                                        .measurement("latency", HEALTH, null),
                        cond,
                        c,
                        "target.p99-health",
                        false),
                rule(
                        "waived HIGH risk",
                        r ->
                                r.yaml(
                                        "risks:\n"
                                                + "  - {id: db, title: db fails over, probability:"
                                                + " high, impact: high}\n"
                                                + WAIVER.formatted("risk: db")),
                        cond,
                        c,
                        "risk.db",
                        false),
                rule(
                        "checklist below the policy's minimum",
                        r ->
                                r.yaml(
                                        """
                                        checklist:
                                          - {id: load, title: Load green, evidence: suite load passed}
                                          - {id: dpo, title: DPO sign-off, attested-by: Jan Novak}
                                        policy: {checklist-min: 80%}
                                        """),
                        cond,
                        c,
                        "checklist",
                        false),
                rule(
                        "a checklist minimum without a checklist",
                        r -> r.yaml("policy: {checklist-min: 50%}\n"),
                        cond,
                        c,
                        "checklist",
                        false),
                rule(
                        "a quick run where the policy requires full",
                        r -> r.yaml("policy: {require-profile: full}\n"),
                        cond,
                        c,
                        "policy",
                        false),
                rule("no target at all", Run::noTargets, cond, c, "targets", false),
                rule(
                        "evidence that could not be read",
                        r ->
                                r.problems(
                                        "report entry of [engine:gonogo]: not a valid"
                                                + " gonogo measurement"),
                        cond,
                        c,
                        "evidence.1",
                        false),
                // what only informs
                rule(
                        "LOW risk is watched",
                        r ->
                                r.yaml(
                                        "risks:\n"
                                                + "  - {id: typo, title: a typo, probability: low,"
                                                + " impact: low}\n"),
                        Outcome.GO,
                        n,
                        "risk.typo",
                        false),
                rule(
                        "closed HIGH risk does not count",
                        r ->
                                r.yaml(
                                        "risks:\n"
                                            + "  - {id: db, title: db, probability: high, impact:"
                                            + " high, status: closed}\n"),
                        Outcome.GO,
                        n,
                        "risk.db",
                        false),
                rule(
                        "HIGH risk whose condition does not hold",
                        r ->
                                r.yaml(
                                        "risks:\n"
                                            + "  - {id: tail, title: tail, probability: high,"
                                            + " impact: high, when: target p99-health MISSED}\n"),
                        Outcome.GO,
                        n,
                        "risk.tail",
                        false),
                rule(
                        "non-critical target MET above the stretch is EXCEEDED",
                        r ->
                                r.yaml(
                                                """
                                                  - id: rps
                                                    metric: throughput
                                                    where: {scenario: health-1k}
                                                    pass: ">= 1000/s"
                                                    stretch: ">= 2000/s"
                                                """)
                                        .measurement(
                                                "throughput",
                                                HEALTH,
                                                // 2,000 answered requests (its latency) at
                                                // 2,000/s: measured over 1 s, as a throughput
                                                // needs
                                                scalar(
                                                        HEALTH,
                                                        "throughput",
                                                        Unit.PER_SECOND,
                                                        2000)),
                        Outcome.GO,
                        n,
                        "targets",
                        false));
    }

    @Test
    void theRunEveryRuleStartsFromIsGo() {
        Decision d = decide(Run.good());
        assertThat(d.outcome()).as(d.reasons().toString()).isEqualTo(Outcome.GO);
        assertThat(d.conditions()).isEmpty();
        assertThat(d.verdicts()).extracting(TargetVerdict::verdict).containsOnly(Verdict.MET);
    }

    @ParameterizedTest(name = "{0}: {2} ({3} {4})")
    @MethodSource("rules")
    void eachRuleGivesItsOutcomeAndSaysWhy(
            String name,
            UnaryOperator<Run> change,
            Outcome expected,
            Reason.Kind kind,
            String subject,
            boolean derivedRisk) {
        Decision d = decide(change.apply(Run.good()));
        assertThat(d.outcome()).as(name + ": " + d.reasons()).isEqualTo(expected);
        assertThat(d.reasons())
                .as(name)
                .anySatisfy(
                        r -> {
                            assertThat(r.subject()).isEqualTo(subject);
                            assertThat(r.kind()).isEqualTo(kind);
                            assertThat(r.text()).isNotBlank();
                        });
        // a rule that blocks says so as a BLOCKER, and only blockers make NO-GO
        assertThat(d.reasons().stream().anyMatch(r -> r.kind() == Reason.Kind.BLOCKER))
                .isEqualTo(expected == Outcome.NO_GO);
        if (kind == Reason.Kind.CONDITION) {
            // every condition is written down, with an owner and a due date
            assertThat(d.conditions())
                    .as(name)
                    .anySatisfy(
                            cd -> {
                                assertThat(cd.subject()).isEqualTo(subject);
                                assertThat(cd.owner()).isNotBlank();
                                assertThat(cd.due())
                                        .isAfterOrEqualTo(java.time.LocalDate.of(2025, 3, 3));
                                assertThat(cd.text()).isNotBlank();
                            });
            assertThat(d.conditions())
                    .hasSameSizeAs(
                            d.reasons().stream()
                                    .filter(r -> r.kind() == Reason.Kind.CONDITION)
                                    .toList());
        }
        if (derivedRisk) {
            assertThat(d.risks())
                    .as(name)
                    .anySatisfy(
                            r -> {
                                assertThat(r.id()).isEqualTo(subject);
                                assertThat(r.level()).isEqualTo(RiskLevel.MEDIUM);
                                assertThat(r.counts()).isTrue();
                            });
        } else {
            assertThat(d.risks()).noneMatch(r -> r.id().equals(subject));
        }
    }
}
