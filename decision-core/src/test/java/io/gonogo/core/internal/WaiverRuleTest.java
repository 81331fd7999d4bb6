package io.gonogo.core.internal;

import static io.gonogo.core.internal.RuleFixtures.MET;
import static io.gonogo.core.internal.RuleFixtures.MISSED;
import static io.gonogo.core.internal.RuleFixtures.TODAY;
import static io.gonogo.core.internal.RuleFixtures.targetWaiver;
import static io.gonogo.core.internal.RuleFixtures.verdict;
import static io.gonogo.core.internal.RuleFixtures.waivers;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Risk;
import io.gonogo.core.RiskLevel;
import io.gonogo.core.RiskStatus;
import io.gonogo.core.config.RiskSpec;
import io.gonogo.core.config.RiskWhen;
import io.gonogo.core.config.WaiverSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WaiverRuleTest {

    @Test
    void aWaiverOfAMissedTargetAddsItsClauseAndSaysWhatItChanged() {
        Waivers waived = waivers(List.of(MISSED), targetWaiver("w1", "p99-missed", TODAY));

        Optional<String> text = WaiverRule.waiveTarget(MISSED, verdict(MISSED), "reason", waived);

        assertThat(text)
                .contains(
                        "reason; waived by w1 (approved by Dana, until 2025-03-03): "
                                + "fix is in 1.2");
        assertThat(waived.listed().get(0).effect())
                .isEqualTo(
                        "keeps non-critical target p99-missed (MISSED) as a written condition due"
                                + " 2025-03-03");
    }

    @Test
    void anExpiredWaiverWaivesNothingAndLeavesANote() {
        Waivers waived =
                waivers(List.of(MISSED), targetWaiver("w1", "p99-missed", TODAY.minusDays(1)));
        Findings findings = new Findings();

        assertThat(WaiverRule.waiveTarget(MISSED, verdict(MISSED), "reason", waived)).isEmpty();
        WaiverRule.expired(waived, findings);

        assertThat(findings.notes())
                .singleElement()
                .satisfies(n -> assertThat(n.text()).contains("expired on 2025-03-02"));
    }

    @Test
    void aWaiverOfAMetTargetChangesNothing() {
        Waivers waived = waivers(List.of(MET), targetWaiver("w1", "p99-met", TODAY));

        WaiverRule.unusedOnTarget(MET, verdict(MET), waived);

        assertThat(waived.listed().get(0).effect())
                .isEqualTo("changes nothing: target p99-met is MET, which does not block");
    }

    @Test
    void aWaiverOfAMediumRiskChangesNothingButOfAHighRiskTurnsItIntoACondition() {
        RiskSpec db =
                new RiskSpec(
                        "db",
                        "db",
                        RiskLevel.HIGH,
                        RiskLevel.HIGH,
                        "",
                        "",
                        RiskStatus.OPEN,
                        RiskWhen.ALWAYS,
                        null);
        Waivers waived =
                new Waivers(
                        List.of(
                                new WaiverSpec(
                                        "w2",
                                        WaiverSpec.Kind.RISK,
                                        "db",
                                        "accepted",
                                        "Sam",
                                        TODAY,
                                        "")),
                        List.of(),
                        List.of(db),
                        TODAY);

        WaiverRule.waiveRisk(risk(RiskLevel.MEDIUM), waived);
        assertThat(waived.listed().get(0).effect())
                .isEqualTo("changes nothing: risk db is MEDIUM, which does not block");

        assertThat(WaiverRule.waiveRisk(risk(RiskLevel.HIGH), waived)).isPresent();
        assertThat(waived.listed().get(0).effect())
                .isEqualTo(
                        "turns HIGH risk db from a blocker into a written condition due "
                                + "2025-03-03");
    }

    private static Risk risk(RiskLevel level) {
        return new Risk("db", "db", level, level, level, "", "", "open");
    }
}
