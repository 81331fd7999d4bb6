package io.gonogo.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scenario the plan declared and how it ended: the outcome the evidence recorded for it, or, when
 * the evidence recorded none, a {@link TestStatus#NOT_EXECUTED NOT EXECUTED} outcome that says so.
 * This is the one place where "planned but no outcome" becomes NOT EXECUTED; the decision and every
 * document read the status from here. A scenario a partial run left out has the outcome {@link
 * #notSelected} recorded for it instead, {@link TestStatus#NOT_SELECTED NOT SELECTED}.
 *
 * <pre>{@code
 * List<PlannedOutcome> scenarios = PlannedOutcome.of(plan, evidence);
 * }</pre>
 *
 * @param scenario the planned scenario
 * @param outcome how it ended; synthesised as NOT EXECUTED when the evidence has no outcome for it
 * @param recorded whether the evidence recorded the outcome (false when it was synthesised)
 */
public record PlannedOutcome(PlannedScenario scenario, TestOutcome outcome, boolean recorded) {

    /** The message of the outcome given to a planned scenario the evidence says nothing about. */
    public static final String NO_OUTCOME = "planned, but no test was discovered or run for it";

    /**
     * Checks for nulls.
     *
     * @param scenario the planned scenario
     * @param outcome how it ended; synthesised as NOT EXECUTED when the evidence has no outcome for
     *     it
     * @param recorded whether the evidence recorded the outcome (false when it was synthesised)
     */
    public PlannedOutcome {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * Every scenario of {@code plan}, in plan order, with its outcome in {@code evidence}.
     *
     * @param plan every scenario the plan declares
     * @param evidence what the run gathered
     * @return one outcome per planned scenario, unmodifiable
     */
    public static List<PlannedOutcome> of(List<PlannedScenario> plan, EvidenceSet evidence) {
        List<PlannedOutcome> all = new ArrayList<>(plan.size());
        for (PlannedScenario p : plan) {
            all.add(of(p, evidence.scenarioOutcome(p.suite(), p.id())));
        }
        return List.copyOf(all);
    }

    /**
     * Scenario {@code p} with the outcome the evidence {@code recorded} for it (its worst, when it
     * was recorded several times), or NOT EXECUTED when it recorded none.
     *
     * @param p the planned scenario
     * @param recorded the outcome the evidence recorded, or empty
     * @return the scenario with its outcome; {@link #recorded()} false when synthesised
     */
    public static PlannedOutcome of(PlannedScenario p, Optional<TestOutcome> recorded) {
        return recorded.map(o -> new PlannedOutcome(p, o, true))
                .orElseGet(() -> new PlannedOutcome(p, notExecuted(p), false));
    }

    /**
     * The outcome recorded for scenario {@code p} when a partial run left it out: NOT SELECTED,
     * with {@code why} (such as "not selected: the run was limited to --select load/health-1k").
     *
     * @param p the scenario left out
     * @param why the reason, which becomes the outcome's message
     * @return a NOT SELECTED outcome with the scenario's test id, suite and id
     */
    public static TestOutcome notSelected(PlannedScenario p, String why) {
        return new TestOutcome(
                p.testId(), p.id(), p.suite(), p.id(), false, TestStatus.NOT_SELECTED, 0, why);
    }

    /**
     * The scenario's suite kind.
     *
     * @return the suite kind, such as {@code load}
     */
    public String suite() {
        return scenario.suite();
    }

    /**
     * The scenario's id.
     *
     * @return the id within its suite, such as {@code health-1k}
     */
    public String id() {
        return scenario.id();
    }

    /**
     * How the scenario ended.
     *
     * @return the status of {@link #outcome()}
     */
    public TestStatus status() {
        return outcome.status();
    }

    private static TestOutcome notExecuted(PlannedScenario p) {
        return new TestOutcome(
                p.testId(),
                p.id(),
                p.suite(),
                p.id(),
                false,
                TestStatus.NOT_EXECUTED,
                0,
                NO_OUTCOME);
    }
}
