package io.gonogo.runners.spi;

import io.gonogo.core.Profile;
import io.gonogo.core.SuiteKindInfo;
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

    /**
     * The key under {@code suites}, e.g. {@code load}.
     *
     * @return the key, unique among the kinds of a run
     */
    String kind();

    /**
     * What this kind declares about itself for the decision and the documents: the title of its
     * section, how the documents present its evidence, and the metrics it publishes with which way
     * each is better (the baseline comparison judges moves by it). Stored with the plan in {@code
     * decision.json}. By default a section of its own titled with its key, listing no metric:
     * declare the metrics so the documents show their figures and the baseline comparison can call
     * a move better or worse.
     *
     * @return the declaration, stored in {@code decision.json}
     */
    default SuiteKindInfo info() {
        return new SuiteKindInfo(
                kind(), kind(), SuiteKindInfo.Presentation.METRICS_TABLE, java.util.List.of());
    }

    /**
     * Reads and validates the section, applying the profile's overlays.
     *
     * @param section the {@code suites.<kind>} section of the targets file
     * @param profile the run's profile, whose overlays apply
     * @return the scenarios, in file order
     * @throws io.gonogo.core.InvalidInputException naming file, line and column of the first error
     */
    List<ScenarioSpec<S>> plan(ConfigNode section, Profile profile);

    /**
     * Reads and validates the section as {@link #plan(ConfigNode, Profile)} does, knowing what
     * {@code context} tells: how the service under test is reached, so that a scenario the service
     * cannot support is refused before anything runs (a chaos fault that reads HTTP requests
     * against a TLS service), and the run's parameters given outside the targets file (such as
     * {@code gonogo.benchmark.classpath} for {@code --classpath}). The planner calls this one; by
     * default it is {@link #plan(ConfigNode, Profile)}.
     *
     * @param section the {@code suites.<kind>} section of the targets file
     * @param profile the run's profile, whose overlays apply
     * @param context the service under test as declared, and the run's parameters
     * @return the scenarios, in file order
     * @throws io.gonogo.core.InvalidInputException naming file, line and column of the first error,
     *     or the parameter, when a parameter is wrong
     */
    default List<ScenarioSpec<S>> plan(ConfigNode section, Profile profile, PlanContext context) {
        return plan(section, profile);
    }

    /**
     * Whether {@code scenario} splits its load across the shards of a sharded run ({@code gonogo
     * run --shard I/N}): each shard then runs it with its share ({@link ScenarioContext#shard()}),
     * starts it with the others ({@link ScenarioContext#startBarrier()}) and attaches interval logs
     * the merge adds up. A scenario that does not split runs on shard 0 only, whole. By default
     * none does: only a kind whose load can be divided and whose figures can be merged exactly says
     * yes.
     *
     * @param scenario a scenario this kind planned
     * @return whether it splits; false by default
     */
    default boolean splits(ScenarioSpec<S> scenario) {
        return false;
    }

    /**
     * Runs one scenario this kind planned.
     *
     * @param scenario a scenario from {@link #plan}, with its settings
     * @param context the service under test, publishing and progress
     * @throws Exception when the scenario fails; its message becomes the test's failure message
     */
    void run(ScenarioSpec<S> scenario, ScenarioContext context) throws Exception;
}
