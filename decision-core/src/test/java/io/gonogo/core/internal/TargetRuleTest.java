package io.gonogo.core.internal;

import static io.gonogo.core.EvidenceFixtures.latencyTarget;
import static io.gonogo.core.internal.RuleFixtures.MET;
import static io.gonogo.core.internal.RuleFixtures.MISSED;
import static io.gonogo.core.internal.RuleFixtures.TODAY;
import static io.gonogo.core.internal.RuleFixtures.evaluator;
import static io.gonogo.core.internal.RuleFixtures.targetWaiver;
import static io.gonogo.core.internal.RuleFixtures.waivers;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.TargetVerdict;
import io.gonogo.core.Verdict;
import io.gonogo.core.config.Target;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetRuleTest {
    private static final Target CRITICAL_MISSED =
            io.gonogo.core.EvidenceFixtures.target("p99-critical", "latency", "p99", "< 1ms")
                    .critical(true)
                    .build();

    private Findings findings = new Findings();

    private List<TargetVerdict> apply(List<Target> targets, Waivers waived) {
        findings = new Findings();
        return TargetRule.apply(targets, evaluator(), waived, findings);
    }

    @Test
    void aMetTargetCountsInTheNoteAndGivesNoCondition() {
        List<TargetVerdict> verdicts = apply(List.of(MET), waivers(List.of(MET)));

        assertThat(verdicts).extracting(TargetVerdict::verdict).containsExactly(Verdict.MET);
        assertThat(findings.conditions()).isEmpty();
        assertThat(findings.notes())
                .singleElement()
                .satisfies(n -> assertThat(n.text()).isEqualTo("1 of 1 targets met or exceeded"));
    }

    @Test
    void aCriticalTargetMissedBlocksAndANonCriticalOneIsACondition() {
        apply(List.of(CRITICAL_MISSED, MISSED), waivers(List.of(CRITICAL_MISSED, MISSED)));

        assertThat(findings.blockers())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.subject()).isEqualTo("target.p99-critical");
                            assertThat(r.text()).startsWith("critical target p99-critical (");
                        });
        assertThat(findings.conditions())
                .singleElement()
                .satisfies(r -> assertThat(r.text()).startsWith("non-critical target p99-missed"));
    }

    @Test
    void aWaiverInForceTurnsTheBlockerIntoAConditionEndingWithItsClause() {
        List<Target> targets = List.of(CRITICAL_MISSED);
        Waivers waived = waivers(targets, targetWaiver("w1", "p99-critical", TODAY.plusDays(3)));

        apply(targets, waived);

        assertThat(findings.blockers()).isEmpty();
        assertThat(findings.conditions())
                .singleElement()
                .satisfies(r -> assertThat(r.text()).contains("; waived by w1 (approved by Dana"));
        assertThat(waived.listed().get(0).effect())
                .startsWith("turns the blocker of critical target p99-critical (MISSED) into");
    }

    @Test
    void noTargetsIsACondition() {
        apply(List.of(), waivers(List.of()));

        assertThat(findings.conditions())
                .singleElement()
                .satisfies(r -> assertThat(r.subject()).isEqualTo("targets"));
    }

    @Test
    void manyTargetsJudgedInParallelKeepTheirOrder() {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < TargetRule.PARALLEL_TARGETS + 6; i++) {
            targets.add(latencyTarget("t" + i, "p99", i % 2 == 0 ? "< 5ms" : "< 1ms"));
        }

        List<TargetVerdict> verdicts = TargetRule.judge(targets, evaluator());

        assertThat(verdicts)
                .extracting(TargetVerdict::target)
                .containsExactlyElementsOf(targets.stream().map(Target::id).toList());
        assertThat(verdicts.get(1).verdict()).isEqualTo(Verdict.MISSED);
    }
}
