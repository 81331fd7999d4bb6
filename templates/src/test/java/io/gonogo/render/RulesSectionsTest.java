package io.gonogo.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.BaselineRef;
import io.gonogo.core.Change;
import io.gonogo.core.Decision;
import io.gonogo.core.Quantity;
import io.gonogo.core.Regression;
import io.gonogo.core.Unit;
import io.gonogo.core.Waiver;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sections the decision's rules add to go-no-go.md: waivers, regressions, what changed. */
class RulesSectionsTest {
    private final Renderer renderer = Renderer.builder().environment(Map.of()).build();

    private static Decision withWaivers(List<Waiver> waivers) {
        Decision d = Fixtures.decision();
        return Fixtures.withKinds(
                new Decision(
                        d.schemaVersion(),
                        d.outcome(),
                        d.release(),
                        d.runId(),
                        d.profile(),
                        d.asOf(),
                        d.verdicts(),
                        d.risks(),
                        d.conditions(),
                        d.checklist(),
                        waivers,
                        d.reasons()));
    }

    @Test
    void listsEveryWaiverInForceAndSaysWhichExpired() {
        Decision d =
                withWaivers(
                        List.of(
                                new Waiver(
                                        "w-pool",
                                        "risk.pool-exhaustion",
                                        "the 10k tier ships behind a flag",
                                        "Priya Nair",
                                        LocalDate.parse("2026-04-01"),
                                        true,
                                        "turns HIGH risk pool-exhaustion from a blocker into a"
                                                + " written condition due 2026-04-01"),
                                new Waiver(
                                        "w-old",
                                        "target.p99-5k",
                                        "agreed for the beta",
                                        "Dana Ortiz",
                                        LocalDate.parse("2026-03-01"),
                                        false,
                                        "expired on 2026-03-01; it no longer applies")));
        String md = renderer.goNoGoMarkdown(d, Fixtures.evidence());
        assertThat(md)
                .contains(
                        "## Waivers\n\n"
                                + "Waivers in force:\n\n"
                                + "| Id | Waives | Justification | Approver | Expires | Effect |")
                .contains(
                        "| w-pool | risk.pool-exhaustion | the 10k tier ships behind a flag | Priya"
                                + " Nair | 2026-04-01 |")
                .contains(
                        "- Waiver w-old of target.p99-5k (approved by Dana Ortiz) expired on"
                                + " 2026-03-01; it no longer applies.");
        assertThat(md.indexOf("## Waivers")).isLessThan(md.indexOf("## Formal decision"));
    }

    @Test
    void aDecisionWithoutWaiversHasNoWaiversSection() {
        assertThat(renderer.goNoGoMarkdown(Fixtures.decision(), Fixtures.evidence()))
                .doesNotContain("## Waivers");
    }

    @Test
    void withABaselineShowsWhatChangedAndEveryRegression() {
        Decision f = Fixtures.decision();
        Decision d =
                Fixtures.withKinds(
                        new Decision(
                                f.schemaVersion(),
                                f.outcome(),
                                f.release(),
                                f.runId(),
                                f.profile(),
                                f.asOf(),
                                f.verdicts(),
                                f.risks(),
                                f.conditions(),
                                f.checklist(),
                                f.waivers(),
                                f.reasons(),
                                new BaselineRef(
                                        true,
                                        "run-base",
                                        "last/decision.json",
                                        "decision",
                                        true,
                                        "GO",
                                        "given as last/decision.json"),
                                List.of(
                                        new Regression(
                                                "latency",
                                                Map.of("scenario", "health-1k", "suite", "load"),
                                                "p99",
                                                new Quantity(2, Unit.MILLISECONDS),
                                                new Quantity(2.6, Unit.MILLISECONDS),
                                                30.0,
                                                Regression.WORSE,
                                                "the default band of ±5% (no interval)")),
                                List.of(
                                        new Change(
                                                Change.Kind.VERDICT,
                                                "target.p99-1k",
                                                "MET",
                                                "MISSED",
                                                "target p99-1k moved from MET to MISSED (was 2ms,"
                                                        + " now 2.6ms)"))));
        String md = renderer.goNoGoMarkdown(d, Fixtures.evidence());
        assertThat(md)
                .contains(
                        "## Since the baseline\n\n"
                                + "Baseline: run-base (GO), given as last/decision.json")
                .contains(
                        "| verdict | target.p99-1k | MET | MISSED | target p99-1k moved from MET to"
                                + " MISSED (was 2ms, now 2.6ms) |")
                .contains(
                        "| latency | scenario=health-1k, suite=load | p99 | 2ms | 2.6ms | +30.0% |"
                                + " worse | the default band of ±5% (no interval) |");
        assertThat(md.indexOf("## Since the baseline")).isLessThan(md.indexOf("## Risk analysis"));
    }

    @Test
    void withoutABaselineThereIsNoBaselineSection() {
        assertThat(renderer.goNoGoMarkdown(Fixtures.decision(), Fixtures.evidence()))
                .doesNotContain("## Since the baseline");
    }
}
