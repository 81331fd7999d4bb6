package io.gonogo.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Outcome;
import io.gonogo.core.Profile;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyRuleTest {
    private final Findings findings = new Findings();

    @Test
    void noFindingsIsGoAndNotesDoNotChangeThat() {
        findings.note("targets", "1 of 1 targets met or exceeded");

        assertThat(PolicyRule.outcome(findings)).isEqualTo(Outcome.GO);
    }

    @Test
    void aConditionIsGoWithConditionsAndABlockerNoGo() {
        findings.condition("checklist", "short");
        assertThat(PolicyRule.outcome(findings)).isEqualTo(Outcome.GO_WITH_CONDITIONS);

        findings.block("target.p99", "missed");
        assertThat(PolicyRule.outcome(findings)).isEqualTo(Outcome.NO_GO);
    }

    @Test
    void aRunInAnotherProfileThanRequiredIsACondition() {
        PolicyRule.requiredProfile(Optional.of(Profile.FULL), Profile.FULL, findings);
        assertThat(findings.conditions()).isEmpty();

        PolicyRule.requiredProfile(Optional.of(Profile.FULL), Profile.QUICK, findings);
        assertThat(findings.conditions())
                .singleElement()
                .satisfies(
                        r ->
                                assertThat(r.text())
                                        .isEqualTo(
                                                "the policy requires the full profile but this"
                                                        + " run used quick"));
    }

    @Test
    void eachUnreadableEvidenceProblemIsANumberedCondition() {
        PolicyRule.unreadableEvidence(List.of("a.xml: not XML", "b.json: empty"), findings);

        assertThat(findings.conditions())
                .extracting(r -> r.subject())
                .containsExactly("evidence.1", "evidence.2");
        assertThat(PolicyRule.outcome(findings)).isEqualTo(Outcome.GO_WITH_CONDITIONS);
    }
}
