package io.gonogo.runners.spi;

import io.gonogo.core.PlannedScenario;
import io.gonogo.core.config.Target;
import java.util.List;
import java.util.Objects;

/**
 * A scenario as its suite kind planned it: the planned scenario the decision engine sees, a display
 * name, the kind's own validated settings, and the targets the scenario generates.
 *
 * <p>Generated targets are suite-level criteria (a memory scenario's default thresholds, a chaos
 * scenario's steady-state hypothesis) written in the target criterion syntax; their ids are {@code
 * <kind>.<scenario>.<criterion>} and they are judged like the file's own targets.
 *
 * @param planned id, suite, optional flag and labels
 * @param displayName the name shown in test trees and progress
 * @param settings the kind's settings, passed back to {@link SuiteKind#run}
 * @param targets targets this scenario generates, empty for most kinds
 * @param <S> the kind's settings type
 */
public record ScenarioSpec<S>(
        PlannedScenario planned, String displayName, S settings, List<Target> targets) {

    /**
     * Checks for nulls and copies the targets.
     *
     * @param planned id, suite, optional flag and labels
     * @param displayName the name shown in test trees and progress
     * @param settings the kind's settings, passed back to {@link SuiteKind#run}
     * @param targets targets this scenario generates, empty for most kinds
     */
    public ScenarioSpec {
        Objects.requireNonNull(planned, "planned");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(settings, "settings");
        targets = List.copyOf(targets);
    }

    /**
     * A scenario that generates no targets.
     *
     * @param planned id, suite, optional flag and labels
     * @param displayName the name shown in test trees and progress
     * @param settings the kind's settings, passed back to {@link SuiteKind#run}
     */
    public ScenarioSpec(PlannedScenario planned, String displayName, S settings) {
        this(planned, displayName, settings, List.of());
    }
}
