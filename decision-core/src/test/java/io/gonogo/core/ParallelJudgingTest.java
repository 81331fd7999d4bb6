package io.gonogo.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.bench.LargeEvidence;
import io.gonogo.core.internal.TargetEvaluator;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A plan large enough to be judged in parallel gets the verdicts a one-by-one judgement gives. */
class ParallelJudgingTest {
    private static final Instant AS_OF = Instant.parse("2026-01-05T10:00:00Z");

    @Test
    void verdictsJudgedInParallelAreThoseJudgedOneByOneInTheTargetsOrder() {
        // 40 scenarios x 4 trials, 400 targets (above the parallel threshold), mixed verdicts
        LargeEvidence.Case c = LargeEvidence.build(40, 4, 400);
        TargetEvaluator oneByOne = new TargetEvaluator(c.plan(), c.evidence());
        List<TargetVerdict> expected = c.targets().stream().map(oneByOne::evaluate).toList();

        for (int round = 0; round < 3; round++) {
            Decision d =
                    DecisionEngine.builder()
                            .build()
                            .decide(c.targets(), c.plan(), c.evidence(), AS_OF);
            assertThat(d.verdicts()).containsExactlyElementsOf(expected);
        }
        // the case is not trivial: several verdicts occur
        assertThat(expected.stream().map(TargetVerdict::verdict).collect(Collectors.toSet()))
                .hasSizeGreaterThan(1);
    }
}
