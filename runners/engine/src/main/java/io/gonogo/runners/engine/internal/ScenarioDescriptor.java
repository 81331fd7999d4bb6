package io.gonogo.runners.engine.internal;

import io.gonogo.runners.engine.ScenarioSpec;
import java.util.Set;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/** One scenario: a test. */
public final class ScenarioDescriptor extends AbstractTestDescriptor {
    private final ScenarioSpec spec;

    /** A scenario test under the suite {@code parent}. */
    public ScenarioDescriptor(UniqueId parent, ScenarioSpec spec) {
        super(parent.append("scenario", spec.planned().id()), spec.displayName());
        this.spec = spec;
    }

    /** The planned scenario. */
    public ScenarioSpec spec() {
        return spec;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public Set<TestTag> getTags() {
        return Set.of(TestTag.create(spec.planned().suite()));
    }
}
