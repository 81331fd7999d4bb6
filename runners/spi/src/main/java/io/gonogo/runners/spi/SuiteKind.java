package io.gonogo.runners.spi;

import io.gonogo.core.Profile;
import io.gonogo.core.config.ConfigNode;
import java.util.List;

/**
 * A kind of suite declared under {@code suites.<kind>} in a targets file (load, memory, chaos,
 * benchmark, or one a user adds); found with {@link java.util.ServiceLoader} or registered in code.
 *
 * <p>A kind validates its own section once, when the run is planned, into settings of its own type
 * {@code S} (unknown keys are errors, with file, line and column), and later receives those
 * settings to run one scenario at a time. A scenario fails by throwing; what it measured before
 * that still counts as published, but the decision engine does not use figures of a failed
 * scenario.
 *
 * @param <S> the kind's validated settings of one scenario
 */
public interface SuiteKind<S> {

    /** The key under {@code suites}, e.g. {@code load}. */
    String kind();

    /**
     * Reads and validates the section, applying the profile's overlays.
     *
     * @throws io.gonogo.core.InvalidInputException naming file, line and column of the first error
     */
    List<ScenarioSpec<S>> plan(ConfigNode section, Profile profile);

    /**
     * Runs one scenario this kind planned.
     *
     * @throws Exception when the scenario fails; its message becomes the test's failure message
     */
    void run(ScenarioSpec<S> scenario, ScenarioContext context) throws Exception;
}
