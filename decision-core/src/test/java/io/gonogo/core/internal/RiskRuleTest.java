package io.gonogo.core.internal;

import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.optionalScenario;
import static io.gonogo.core.internal.RuleFixtures.MISSED;
import static io.gonogo.core.internal.RuleFixtures.PLAN;
import static io.gonogo.core.internal.RuleFixtures.TERMS;
import static io.gonogo.core.internal.RuleFixtures.TODAY;
import static io.gonogo.core.internal.RuleFixtures.evaluator;
import static io.gonogo.core.internal.RuleFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Risk;
import io.gonogo.core.RiskLevel;
import io.gonogo.core.RiskStatus;
import io.gonogo.core.Verdict;
import io.gonogo.core.config.RiskMatrix;
import io.gonogo.core.config.RiskSpec;
import io.gonogo.core.config.RiskWhen;
import io.gonogo.core.config.WaiverSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RiskRuleTest {

    private static RiskSpec spec(String id, RiskLevel level, RiskStatus status, RiskWhen when) {
        return new RiskSpec(id, id + " title", level, level, "add a pool", "", status, when, null);
    }

    private static Findings declared(List<RiskSpec> risks, Waivers waived) {
        Findings findings = new Findings();
        Readiness readiness = new Readiness(List.of(verdict(MISSED)), PLAN, evaluator());
        RiskRule.declared(risks, RiskMatrix.DEFAULT, readiness, waived, TERMS, findings);
        return findings;
    }

    private static Waivers none(List<RiskSpec> risks) {
        return new Waivers(List.of(), List.of(), risks, TODAY);
    }

    @Test
    void aHighRiskThatCountsBlocks() {
        List<RiskSpec> risks =
                List.of(spec("db", RiskLevel.HIGH, RiskStatus.OPEN, RiskWhen.ALWAYS));

        Findings f = declared(risks, none(risks));

        assertThat(f.blockers())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.subject()).isEqualTo("risk.db");
                            assertThat(r.text()).startsWith("HIGH risk db (db title) counts: ");
                        });
        assertThat(f.risks()).extracting(Risk::id).containsExactly("db");
    }

    @Test
    void aWaivedHighRiskIsAConditionDueOnTheWaiversExpiryWithTheRisksOwnWording() {
        List<RiskSpec> risks =
                List.of(spec("db", RiskLevel.HIGH, RiskStatus.OPEN, RiskWhen.ALWAYS));
        Waivers waived =
                new Waivers(
                        List.of(
                                new WaiverSpec(
                                        "w1",
                                        WaiverSpec.Kind.RISK,
                                        "db",
                                        "accepted for a week",
                                        "Sam",
                                        TODAY.plusDays(7),
                                        "")),
                        List.of(),
                        risks,
                        TODAY);

        Findings f = declared(risks, waived);

        assertThat(f.blockers()).isEmpty();
        assertThat(f.worded("risk.db"))
                .hasValueSatisfying(
                        c -> {
                            assertThat(c.due()).isEqualTo(TODAY.plusDays(7));
                            assertThat(c.owner()).isEqualTo("Release board");
                            assertThat(c.text())
                                    .isEqualTo(
                                            "Risk db (db title) is waived by w1 (approved by Sam)"
                                                    + " until 2025-03-10: accepted for a week."
                                                    + " Mitigate it before the waiver expires:"
                                                    + " add a pool.");
                        });
    }

    @Test
    void aMediumRiskIsAConditionALowOneAndAClosedOneOnlyNotes() {
        List<RiskSpec> risks =
                List.of(
                        spec("pool", RiskLevel.MEDIUM, RiskStatus.OPEN, RiskWhen.ALWAYS),
                        spec("gc", RiskLevel.LOW, RiskStatus.OPEN, RiskWhen.ALWAYS),
                        spec("auth", RiskLevel.HIGH, RiskStatus.CLOSED, RiskWhen.ALWAYS));

        Findings f = declared(risks, none(risks));

        assertThat(f.blockers()).isEmpty();
        assertThat(f.conditions()).extracting(r -> r.subject()).containsExactly("risk.pool");
        assertThat(f.worded("risk.pool"))
                .hasValueSatisfying(
                        c ->
                                assertThat(c.text())
                                        .isEqualTo("Mitigate risk pool (pool title): add a pool."));
        assertThat(f.notes())
                .extracting(r -> r.text())
                .containsExactly(
                        "LOW risk gc (gc title) counts but is only watched: it is open",
                        "HIGH risk auth (auth title) does not count: it is closed");
    }

    @Test
    void aMissedTargetDerivesNoRiskButAnOptionalScenarioNotRunDerivesAMediumOne() {
        PlannedScenario watch = optionalScenario("watch-100");
        Findings f = new Findings();

        RiskRule.derived(
                List.of(verdict(MISSED)),
                List.of(watch),
                new TargetEvaluator(List.of(watch), evidence(List.of(), List.of())),
                TERMS,
                f);

        assertThat(verdict(MISSED).verdict()).isEqualTo(Verdict.MISSED);
        assertThat(f.risks())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.id()).isEqualTo("scenario.load.watch-100");
                            assertThat(r.level()).isEqualTo(RiskLevel.MEDIUM);
                            assertThat(r.source()).isEqualTo(Risk.DERIVED);
                            assertThat(r.owner()).isEqualTo("Release board");
                        });
        assertThat(f.reasons()).isEmpty();
    }
}
