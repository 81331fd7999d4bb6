package io.gonogo.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.BaselineRef;
import io.gonogo.core.Change;
import io.gonogo.core.Condition;
import io.gonogo.core.Decision;
import io.gonogo.core.DecisionEngine;
import io.gonogo.core.Outcome;
import io.gonogo.core.Quantity;
import io.gonogo.core.Reason;
import io.gonogo.core.Regression;
import io.gonogo.core.Release;
import io.gonogo.core.Unit;
import io.gonogo.core.bench.LargeEvidence;
import io.gonogo.render.internal.SummaryView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * summary.md stays pull-request-sized whatever the plan's size: lists are cut and counted, user
 * text is clipped.
 */
class SummaryTest {
    private static final Instant AS_OF = Instant.parse("2026-01-05T10:00:00Z");
    private final Renderer renderer = Renderer.builder().environment(Map.of()).build();

    @Test
    void summaryOfTheHundredThousandMeasurementRunStaysUnderSixtyThousandCharacters()
            throws Exception {
        LargeEvidence.Case c = LargeEvidence.build(200, 50, 1000);
        assertThat(c.evidence().measurements()).hasSize(100_000);
        Decision d =
                DecisionEngine.builder()
                        .kinds(Fixtures.KINDS)
                        .build()
                        .decide(c.targets(), c.plan(), c.evidence(), AS_OF);

        String md = renderer.summaryMarkdown(d, c.evidence());
        // kept for review beside the build's other outputs
        Files.writeString(Path.of("target/summary-100k.md"), md, StandardCharsets.UTF_8);
        System.out.println("summary.md of 100,000 measurements: " + md.length() + " characters");

        assertThat(md.length()).isLessThan(SummaryView.MAX_CHARS);
        long notMet =
                d.verdicts().stream()
                        .filter(
                                v ->
                                        v.verdict() != io.gonogo.core.Verdict.MET
                                                && v.verdict() != io.gonogo.core.Verdict.EXCEEDED)
                        .count();
        assertThat(notMet).isGreaterThan(20);
        assertThat(md)
                .contains("Targets: 1,000 declared;")
                .contains("- ... and " + (notMet - 20) + " more targets (see go-no-go.md)\n")
                .contains("\n- **load**: 200 planned,");
    }

    @Test
    void everyListIsCutAndEveryTextClippedWhateverTheDecisionHolds() {
        String huge = "x".repeat(5_000);
        Decision base = Fixtures.decision();
        List<Reason> reasons = new ArrayList<>();
        List<Condition> conditions = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        List<Regression> regressions = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            reasons.add(new Reason(Reason.Kind.BLOCKER, "decision", i + " " + huge));
            conditions.add(
                    new Condition(
                            "c" + i, "decision", i + " " + huge, huge, LocalDate.of(2026, 1, 1)));
            changes.add(new Change(Change.Kind.VERDICT, "target." + huge, huge, huge, huge));
            regressions.add(
                    new Regression(
                            huge,
                            Map.of("scenario", huge),
                            Regression.Figure.P99,
                            new Quantity(1, Unit.MILLISECONDS),
                            new Quantity(2, Unit.MILLISECONDS),
                            100,
                            Regression.WORSE,
                            huge));
        }
        for (Outcome outcome : List.of(Outcome.NO_GO, Outcome.GO_WITH_CONDITIONS)) {
            Decision d =
                    new Decision(
                            base.schemaVersion(),
                            outcome,
                            new Release(huge, huge, "2026-01-01", huge),
                            base.runId(),
                            base.profile(),
                            base.asOf(),
                            base.verdicts(),
                            base.risks(),
                            conditions,
                            base.checklist(),
                            base.waivers(),
                            reasons,
                            new BaselineRef(true, huge, "f", "decision", true, "GO", huge),
                            regressions,
                            changes,
                            base.plan());

            String md = renderer.summaryMarkdown(d, Fixtures.evidence());

            assertThat(md.length()).as(outcome.title()).isLessThan(SummaryView.MAX_CHARS);
            assertThat(md.lines().filter(l -> l.startsWith("- ")))
                    .allMatch(l -> l.length() < 2_000);
            assertThat(md)
                    .contains("- ... and 290 more changes (see go-no-go.md)\n")
                    .contains("- ... and 295 more figures (see go-no-go.md)\n")
                    .contains(
                            outcome == Outcome.NO_GO
                                    ? "- ... and 290 more blockers (see go-no-go.md)\n"
                                    : "- ... and 290 more conditions (see go-no-go.md)\n")
                    .contains("xxx…");
        }
    }
}
