package io.gonogo.core.internal;

import static io.gonogo.core.EvidenceFixtures.evidence;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Outcome;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BaselineRuleTest {

    @Test
    void withoutABaselineNothingMovedNothingChangedAndNothingIsNoted() {
        Findings findings = new Findings();

        var regressions =
                BaselineRule.regressions(
                        Optional.empty(), evidence(List.of(), List.of()), List.of());
        var changes = BaselineRule.changes(Optional.empty(), Outcome.GO, List.of(), List.of());
        BaselineRule.note(Optional.empty(), regressions, changes, findings);

        assertThat(regressions).isEmpty();
        assertThat(changes).isEmpty();
        assertThat(findings.reasons()).isEmpty();
    }
}
