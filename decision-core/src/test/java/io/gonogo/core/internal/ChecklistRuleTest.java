package io.gonogo.core.internal;

import static io.gonogo.core.internal.RuleFixtures.MET;
import static io.gonogo.core.internal.RuleFixtures.PLAN;
import static io.gonogo.core.internal.RuleFixtures.TODAY;
import static io.gonogo.core.internal.RuleFixtures.evaluator;
import static io.gonogo.core.internal.RuleFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.ChecklistItem;
import io.gonogo.core.config.ChecklistSpec;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ChecklistRuleTest {
    private static final List<ChecklistSpec> CHECKLIST =
            List.of(
                    new ChecklistSpec("met", "p99 met", ChecklistSpec.Binding.targetMet("p99-met")),
                    new ChecklistSpec(
                            "signed",
                            "sign-off",
                            ChecklistSpec.Binding.attestation("Dana", TODAY.plusDays(1))));

    private final Findings findings = new Findings();

    private List<ChecklistItem> apply(List<ChecklistSpec> checklist, OptionalDouble min) {
        Readiness readiness = new Readiness(List.of(verdict(MET)), PLAN, evaluator());
        return ChecklistRule.apply(checklist, readiness, TODAY, min, findings);
    }

    @Test
    void belowThePolicysMinimumIsAConditionNamingTheOpenItems() {
        List<ChecklistItem> items = apply(CHECKLIST, OptionalDouble.of(75));

        assertThat(items).extracting(ChecklistItem::done).containsExactly(true, false);
        assertThat(findings.conditions())
                .singleElement()
                .satisfies(
                        r ->
                                assertThat(r.text())
                                        .isEqualTo(
                                                "the readiness checklist has 1 of 2 items done"
                                                        + " (50%), below the policy's minimum of"
                                                        + " 75%; open: signed"));
        assertThat(findings.notes())
                .singleElement()
                .satisfies(
                        n ->
                                assertThat(n.text())
                                        .isEqualTo("readiness checklist: 1 of 2 items done"));
    }

    @Test
    void atTheMinimumOrWithoutOneIsNoCondition() {
        apply(CHECKLIST, OptionalDouble.of(50));
        apply(CHECKLIST, OptionalDouble.empty());

        assertThat(findings.conditions()).isEmpty();
    }

    @Test
    void anEmptyChecklistUnderAMinimumIsAConditionWithoutANote() {
        apply(List.of(), OptionalDouble.of(0));

        assertThat(findings.conditions()).hasSize(1);
        assertThat(findings.notes()).isEmpty();
    }
}
