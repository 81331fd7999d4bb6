package io.gonogo.core;

import java.util.Objects;

/**
 * How one test ended.
 *
 * @param testId the JUnit unique id, e.g. {@code [engine:gonogo]/[suite:load]/[scenario:health-1k]}
 * @param displayName its display name
 * @param suite the suite kind or JUnit container it belongs to
 * @param scenario the scenario id ({@code ""} for a container or a hand-written test)
 * @param container whether this is a container (a suite) rather than a test
 * @param status how it ended
 * @param durationMillis wall time, 0 when it never ran
 * @param message the failure, abort or skip reason, {@code ""} when none
 */
public record TestOutcome(
        String testId,
        String displayName,
        String suite,
        String scenario,
        boolean container,
        TestStatus status,
        long durationMillis,
        String message) {

    /**
     * Checks for nulls.
     *
     * @param testId the JUnit unique id, e.g. {@code
     *     [engine:gonogo]/[suite:load]/[scenario:health-1k]}
     * @param displayName its display name
     * @param suite the suite kind or JUnit container it belongs to
     * @param scenario the scenario id ({@code ""} for a container or a hand-written test)
     * @param container whether this is a container (a suite) rather than a test
     * @param status how it ended
     * @param durationMillis wall time, 0 when it never ran
     * @param message the failure, abort or skip reason, {@code ""} when none
     */
    public TestOutcome {
        Objects.requireNonNull(testId, "testId");
        Objects.requireNonNull(status, "status");
        displayName = Objects.requireNonNullElse(displayName, testId);
        suite = Objects.requireNonNullElse(suite, "");
        scenario = Objects.requireNonNullElse(scenario, "");
        message = Objects.requireNonNullElse(message, "");
    }
}
