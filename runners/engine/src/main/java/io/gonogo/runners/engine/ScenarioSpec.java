package io.gonogo.runners.engine;

import io.gonogo.core.PlannedScenario;
import java.util.Objects;

/**
 * A scenario as its suite kind planned it: the planned scenario the decision engine sees, a
 * display name, and the kind's own validated settings.
 *
 * @param planned id, suite, optional flag and labels
 * @param displayName the name shown in test trees and progress
 * @param settings the kind's settings object, passed back to {@link SuiteKind#run}
 */
public record ScenarioSpec(PlannedScenario planned, String displayName, Object settings) {

    /** Checks for nulls. */
    public ScenarioSpec {
        Objects.requireNonNull(planned, "planned");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(settings, "settings");
    }
}
