package io.gonogo.runners.engine.internal;

import io.gonogo.runners.engine.SuiteScenario;
import io.gonogo.runners.spi.ScenarioSpec;
import java.util.Set;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/** One scenario: a test. */
public final class ScenarioDescriptor extends AbstractTestDescriptor {
    private final SuiteScenario<?> scenario;

    /** A scenario test under the suite {@code parent}. */
    public ScenarioDescriptor(UniqueId parent, SuiteScenario<?> scenario) {
        super(
                parent.append("scenario", scenario.spec().planned().id()),
                scenario.spec().displayName());
        this.scenario = scenario;
    }

    /** The planned scenario with its kind. */
    public SuiteScenario<?> scenario() {
        return scenario;
    }

    /** The planned scenario. */
    public ScenarioSpec<?> spec() {
        return scenario.spec();
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public Set<TestTag> getTags() {
        return Set.of(TestTag.create(spec().planned().suite()));
    }
}
