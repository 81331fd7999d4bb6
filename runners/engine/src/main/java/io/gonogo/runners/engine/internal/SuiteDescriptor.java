package io.gonogo.runners.engine.internal;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/** One {@code suites.<kind>} section: a container of scenarios. */
public final class SuiteDescriptor extends AbstractTestDescriptor {
    private final String kind;

    /** A suite container of {@code kind} under {@code parent}. */
    public SuiteDescriptor(UniqueId parent, String kind) {
        super(parent.append("suite", kind), kind + " suite");
        this.kind = kind;
    }

    /** The suite kind. */
    public String kind() {
        return kind;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }
}
