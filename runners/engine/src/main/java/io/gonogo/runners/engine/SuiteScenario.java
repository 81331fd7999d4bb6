package io.gonogo.runners.engine;

import io.gonogo.runners.spi.ScenarioContext;
import io.gonogo.runners.spi.ScenarioSpec;
import io.gonogo.runners.spi.SuiteKind;
import java.util.Objects;

/**
 * One planned scenario together with the suite kind that planned it and will run it, so that the
 * kind gets back settings of its own type.
 *
 * @param kind the suite kind
 * @param spec the scenario as {@code kind} planned it
 * @param <S> the kind's settings type
 */
public record SuiteScenario<S>(SuiteKind<S> kind, ScenarioSpec<S> spec) {

    /**
     * Checks for nulls.
     *
     * @param kind the suite kind
     * @param spec the scenario as {@code kind} planned it
     */
    public SuiteScenario {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(spec, "spec");
    }

    /**
     * Whether the scenario splits its load across the shards of a sharded run ({@link
     * SuiteKind#splits}).
     *
     * @return whether it splits
     */
    public boolean splits() {
        return kind.splits(spec);
    }

    /**
     * Runs the scenario with its kind.
     *
     * @param context the service under test, publishing and progress
     * @throws Exception when the scenario fails, as {@link SuiteKind#run} throws it
     */
    public void run(ScenarioContext context) throws Exception {
        kind.run(spec, context);
    }
}
