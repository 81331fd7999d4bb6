package io.gonogo.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one run gathered: measurements, test outcomes and the environment.
 *
 * <p>Serialised as {@code evidence.json}; see {@link io.gonogo.core.json.Json}.
 *
 * @param schemaVersion version of the JSON form, currently {@value #SCHEMA_VERSION}
 * @param runId the run's id
 * @param environment where and when
 * @param measurements what was measured
 * @param outcomes how each test and container ended, including those never executed
 */
public record EvidenceSet(
        int schemaVersion,
        String runId,
        Environment environment,
        List<Measurement> measurements,
        List<TestOutcome> outcomes) {

    /** The current version of the JSON form. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * Checks and copies.
     *
     * @param schemaVersion version of the JSON form, currently {@value #SCHEMA_VERSION}
     * @param runId the run's id
     * @param environment where and when
     * @param measurements what was measured
     * @param outcomes how each test and container ended, including those never executed
     */
    public EvidenceSet {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(environment, "environment");
        measurements = List.copyOf(measurements);
        outcomes = List.copyOf(outcomes);
    }

    /**
     * The outcome of the scenario {@code scenarioId} of suite {@code suite}, if one was recorded;
     * when it was recorded several times (shards, trials), the worst one.
     *
     * @param suite the suite kind, such as {@code load}
     * @param scenarioId the scenario's id within the suite, such as {@code health-1k}
     * @return the test outcome with the most severe status; empty when the scenario never reported
     */
    public Optional<TestOutcome> scenarioOutcome(String suite, String scenarioId) {
        return outcomes.stream()
                .filter(
                        o ->
                                !o.container()
                                        && o.suite().equals(suite)
                                        && o.scenario().equals(scenarioId))
                .max(java.util.Comparator.comparingInt(o -> o.status().severity()));
    }
}
