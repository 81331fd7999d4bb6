package io.gonogo.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.RiskLevel;
import io.gonogo.core.RiskStatus;
import io.gonogo.core.Verdict;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The {@code risks} and {@code checklist} sections and their policy keys, read from a targets file.
 */
class RisksAndChecklistParsingTest {

    private static final Path FILE = Path.of("config", "targets.yaml");

    private static TargetsFile parse(String rest) {
        return TargetsParser.parse(
                FILE,
                """
                release: {name: governance 1.4}
                sut: embedded
                suites: {load: {}, chaos: {}}
                targets:
                  - {id: p99-5k, metric: latency, aggregate: p99, pass: "< 15ms"}
                """
                        + rest);
    }

    @Test
    void readsEveryKeyOfARisk() {
        RiskSpec r =
                parse(
                                """
                                risks:
                                  - id: pool
                                    title: connection pool exhausted
                                    probability: Medium
                                    impact: high
                                    mitigation: raise the pool to 200
                                    owner: Sam Lee
                                    status: mitigated
                                    when: target p99-5k ACCEPTABLE
                                    due: 2026-12-01
                                """)
                        .risks()
                        .get(0);
        assertThat(r.id()).isEqualTo("pool");
        assertThat(r.title()).isEqualTo("connection pool exhausted");
        assertThat(r.probability()).isEqualTo(RiskLevel.MEDIUM);
        assertThat(r.impact()).isEqualTo(RiskLevel.HIGH);
        assertThat(r.mitigation()).isEqualTo("raise the pool to 200");
        assertThat(r.owner()).isEqualTo("Sam Lee");
        assertThat(r.status()).isEqualTo(RiskStatus.MITIGATED);
        assertThat(r.when().kind()).isEqualTo(RiskWhen.Kind.TARGET);
        assertThat(r.when().subject()).isEqualTo("p99-5k");
        assertThat(r.when().targetVerdict()).contains(Verdict.ACCEPTABLE);
        assertThat(r.due()).contains(LocalDate.of(2026, 12, 1));
    }

    @Test
    void aRiskWithoutStatusOrWhenIsOpenAndAlwaysApplies() {
        RiskSpec r =
                parse(
                                """
                                risks:
                                  - {id: db, title: database fails over, probability: low, impact: low}
                                """)
                        .risks()
                        .get(0);
        assertThat(r.status()).isEqualTo(RiskStatus.OPEN);
        assertThat(r.when()).isEqualTo(RiskWhen.ALWAYS);
        assertThat(r.mitigation()).isEmpty();
        assertThat(r.owner()).isEmpty();
        assertThat(r.due()).isEmpty();
    }

    @Test
    void readsSuiteConditionsAndVerdictsWrittenWithASpace() {
        TargetsFile f =
                parse(
                        """
                        risks:
                          - {id: a, title: a, probability: low, impact: low, when: suite chaos failed}
                          - {id: b, title: b, probability: low, impact: low, when: suite load not-executed}
                          - {id: c, title: c, probability: low, impact: low, when: target p99-5k NOT MEASURED}
                        """);
        assertThat(f.risks())
                .extracting(r -> r.when().text())
                .containsExactly(
                        "suite chaos failed",
                        "suite load not-executed",
                        "target p99-5k NOT_MEASURED");
    }

    @Test
    void readsEachKindOfChecklistBindingWithFilesRelativeToTheTargetsFile() {
        TargetsFile f =
                parse(
                        """
                        checklist:
                          - {id: load, title: Load green, evidence: suite load passed}
                          - {id: p99, title: P99 on target, evidence: target p99-5k met}
                          - {id: runbook, title: Runbook, evidence: file docs/run book.md exists}
                          - {id: sec, title: Security review, attested-by: Priya Nair, attested-on: 2026-11-20}
                          - {id: dpo, title: DPO sign-off, attested-by: Jan Novak}
                        """);
        assertThat(f.checklist())
                .extracting(c -> c.binding().kind())
                .containsExactly(
                        ChecklistSpec.Kind.SUITE_PASSED,
                        ChecklistSpec.Kind.TARGET_MET,
                        ChecklistSpec.Kind.FILE_EXISTS,
                        ChecklistSpec.Kind.ATTESTATION,
                        ChecklistSpec.Kind.ATTESTATION);
        assertThat(f.checklist())
                .extracting(c -> c.binding().text())
                .containsExactly(
                        "suite load passed",
                        "target p99-5k met",
                        "file docs/run book.md exists",
                        "attested by Priya Nair on 2026-11-20",
                        "attested by Jan Novak");
        assertThat(f.checklist().get(2).binding().file())
                .contains(FILE.toAbsolutePath().getParent().resolve("docs/run book.md"));
        assertThat(f.checklist().get(3).binding().attestedOn())
                .contains(LocalDate.of(2026, 11, 20));
        assertThat(f.checklist().get(4).binding().attestedOn()).isEmpty();
    }

    @Test
    void readsTheRiskMatrixOverTheDefault() {
        RiskMatrix m =
                parse(
                                """
                                policy:
                                  risk-matrix:
                                    high: {low: high}
                                    low: {medium: low}
                                """)
                        .policy()
                        .riskMatrix();
        assertThat(m.level(RiskLevel.HIGH, RiskLevel.LOW)).isEqualTo(RiskLevel.HIGH);
        assertThat(m.level(RiskLevel.LOW, RiskLevel.MEDIUM)).isEqualTo(RiskLevel.LOW);
        assertThat(m.level(RiskLevel.MEDIUM, RiskLevel.MEDIUM)).isEqualTo(RiskLevel.MEDIUM);
        assertThat(m.level(RiskLevel.HIGH, RiskLevel.HIGH)).isEqualTo(RiskLevel.HIGH);
    }

    @Test
    void readsTheChecklistMinimumAsAPercentage() {
        assertThat(parse("policy: {checklist-min: 80%}\n").policy().checklistMinPercent())
                .hasValue(80.0);
        assertThat(parse("policy: {checklist-min: 87.5 %}\n").policy().checklistMinPercent())
                .hasValue(87.5);
        assertThat(parse("").policy().checklistMinPercent()).isEmpty();
        assertThat(parse("").policy().riskMatrix()).isSameAs(RiskMatrix.DEFAULT);
    }

    @Test
    void aFileWithoutRisksOrChecklistHasEmptyOnes() {
        TargetsFile f = parse("");
        assertThat(f.risks()).isEmpty();
        assertThat(f.checklist()).isEmpty();
    }
}
