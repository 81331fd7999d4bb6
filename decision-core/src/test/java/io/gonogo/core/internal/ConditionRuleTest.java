package io.gonogo.core.internal;

import static io.gonogo.core.internal.RuleFixtures.MISSED;
import static io.gonogo.core.internal.RuleFixtures.TERMS;
import static io.gonogo.core.internal.RuleFixtures.TODAY;
import static io.gonogo.core.internal.RuleFixtures.targetWaiver;
import static io.gonogo.core.internal.RuleFixtures.verdict;
import static io.gonogo.core.internal.RuleFixtures.waivers;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Condition;
import io.gonogo.core.Subject;
import io.gonogo.core.TargetVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionRuleTest {
    private final Findings findings = new Findings();

    private List<Condition> apply(Waivers waived) {
        List<TargetVerdict> verdicts = List.of(verdict(MISSED));
        return ConditionRule.apply(findings, verdicts, waived, TERMS);
    }

    @Test
    void eachConditionIsWordedAfterItsSubjectAndDueByThePolicysTerms() {
        findings.condition(
                Subject.parse("target.p99-missed"), "non-critical target p99-missed MISSED");
        findings.condition(
                Subject.parse("scenario.load.watch-100"),
                "optional scenario load/watch-100 failed");
        findings.condition(Subject.parse("checklist"), "1 of 2 items done");
        findings.condition(Subject.parse("evidence.1"), "a.xml: not XML");
        findings.condition(Subject.parse("policy"), "the policy requires the full profile");
        findings.condition(Subject.parse("targets"), "the targets file declares no target");

        List<Condition> conditions = apply(waivers(List.of(MISSED)));

        assertThat(conditions)
                .extracting(Condition::text)
                .satisfiesExactly(
                        t -> assertThat(t).startsWith("Fix "),
                        t ->
                                assertThat(t)
                                        .isEqualTo(
                                                "Make optional scenario load/watch-100 failed"
                                                        + " pass, or mark it optional with a"
                                                        + " reason."),
                        t ->
                                assertThat(t)
                                        .isEqualTo(
                                                "Complete the readiness checklist: 1 of 2 items"
                                                        + " done."),
                        t -> assertThat(t).startsWith("Fix the suite or file"),
                        t -> assertThat(t).startsWith("Repeat the run in the profile"),
                        t -> assertThat(t).isEqualTo("The targets file declares no target."));
        assertThat(conditions).allSatisfy(c -> assertThat(c.due()).isEqualTo(TERMS.due()));
        assertThat(conditions).allSatisfy(c -> assertThat(c.owner()).isEqualTo("Release board"));
        assertThat(conditions.get(0).id()).isEqualTo("target.p99-missed");
    }

    @Test
    void aWaivedConditionQuotesTheWaiverAndIsDueOnItsExpiry() {
        findings.condition(
                Subject.parse("target.p99-missed"), "non-critical target p99-missed MISSED");

        io.gonogo.core.config.WaiverSpec w1 = targetWaiver("w1", "p99-missed", TODAY.plusDays(2));
        Waivers waived = waivers(List.of(MISSED), w1);
        // as the target rule records a waiver that turned the target into a condition
        waived.applied(w1, "keeps non-critical target p99-missed as a written condition");
        List<Condition> conditions = apply(waived);

        assertThat(conditions)
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.text())
                                    .startsWith(
                                            "Waived by w1 (approved by Dana) until 2025-03-05:"
                                                    + " fix is in 1.2. Fix ");
                            assertThat(c.due()).isEqualTo(TODAY.plusDays(2));
                        });
    }

    @Test
    void aWaiverInForceThatChangedNothingMovesNoDueDate() {
        findings.condition(
                Subject.parse("target.p99-missed"), "non-critical target p99-missed MISSED");

        List<Condition> conditions =
                apply(
                        waivers(
                                List.of(MISSED),
                                targetWaiver("w1", "p99-missed", TODAY.plusDays(90))));

        assertThat(conditions)
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.text()).doesNotContain("Waived by");
                            assertThat(c.due()).isNotEqualTo(TODAY.plusDays(90));
                        });
    }

    @Test
    void aConditionTheRuleWordedItselfIsKeptAsWorded() {
        Condition own = new Condition("risk.db", "risk.db", "Mitigate risk db.", "Sam", TODAY);
        findings.condition(Subject.parse("risk.db"), "MEDIUM risk db counts", own);

        assertThat(apply(waivers(List.of()))).containsExactly(own);
    }
}
