package io.gonogo.runners.engine;

import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.SuiteKindInfo;
import io.gonogo.core.config.SutSpec;
import io.gonogo.runners.spi.ScenarioSpec;
import io.gonogo.runners.spi.SutProvider;
import java.util.List;
import java.util.Objects;

/**
 * What a run will do, planned once from a targets file: the service under test with the provider
 * that starts it, the profile, and every scenario in execution order with its suite kind. Hand it
 * to {@link GonogoTestEngine#GonogoTestEngine(SuitePlan, boolean)} to run it without reading the
 * file again.
 *
 * @param sut the file's {@code sut} section, validated
 * @param provider the provider for {@code sut}
 * @param profile the run's profile
 * @param scenarios every scenario in execution order
 */
public record SuitePlan(
        SutSpec sut, SutProvider provider, Profile profile, List<SuiteScenario<?>> scenarios) {

    /**
     * Checks for nulls and copies the scenarios.
     *
     * @param sut the file's {@code sut} section, validated
     * @param provider the provider for {@code sut}
     * @param profile the run's profile
     * @param scenarios every scenario in execution order
     */
    public SuitePlan {
        Objects.requireNonNull(sut, "sut");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(profile, "profile");
        scenarios = List.copyOf(scenarios);
    }

    /**
     * The scenarios' specs, in execution order.
     *
     * @return the specs, unmodifiable
     */
    public List<ScenarioSpec<?>> specs() {
        return scenarios.stream().<ScenarioSpec<?>>map(SuiteScenario::spec).toList();
    }

    /**
     * What each kind of the plan declares about itself, once per kind, in the order the kinds first
     * appear among the scenarios.
     *
     * @return the kinds' declarations, unmodifiable
     */
    public List<SuiteKindInfo> kinds() {
        java.util.Map<String, SuiteKindInfo> byId = new java.util.LinkedHashMap<>();
        for (SuiteScenario<?> s : scenarios) {
            byId.putIfAbsent(s.kind().kind(), s.kind().info());
        }
        return List.copyOf(byId.values());
    }

    /**
     * Whether the planned scenario {@code p} splits its load across the shards of a sharded run
     * ({@link io.gonogo.runners.spi.SuiteKind#splits}); one this plan does not hold does not.
     *
     * @param p a planned scenario
     * @return whether it splits
     */
    public boolean splits(PlannedScenario p) {
        return scenarios.stream()
                .anyMatch(
                        s ->
                                s.spec().planned().qualifiedId().equals(p.qualifiedId())
                                        && s.splits());
    }

    /**
     * The scenarios as the decision engine sees them, in execution order.
     *
     * @return one planned scenario per spec, unmodifiable
     */
    public List<PlannedScenario> planned() {
        return scenarios.stream().map(s -> s.spec().planned()).toList();
    }
}
