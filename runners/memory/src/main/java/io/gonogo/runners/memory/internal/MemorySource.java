package io.gonogo.runners.memory.internal;

import io.gonogo.core.config.ConfigNode;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Where a memory scenario samples the service's gauges: the {@code source} key. */
enum MemorySource {
    /** {@code auto}: JMX, else /proc, for a service gonogo started; Prometheus otherwise. */
    AUTO("auto"),
    /** {@code jmx}: the JVM's platform MBeans over a local attach (service gonogo started). */
    JMX("jmx"),
    /** {@code proc}: /proc of the service's process (service gonogo started, Linux). */
    PROC("proc"),
    /** {@code prometheus}: the service's Prometheus endpoint ({@code metrics-path}). */
    PROMETHEUS("prometheus");

    private final String id;

    MemorySource(String id) {
        this.id = id;
    }

    /** The value written in targets files and the {@code source} label, e.g. {@code jmx}. */
    String id() {
        return id;
    }

    /**
     * The source {@code n} names.
     *
     * @throws io.gonogo.core.InvalidInputException naming file, line, column and the sources
     */
    static MemorySource parse(ConfigNode n) {
        String v = n.asScalarText("'source'").strip();
        return Arrays.stream(values())
                .filter(c -> c.id.equals(v))
                .findFirst()
                .orElseThrow(
                        () ->
                                n.error(
                                        "'source' is '"
                                                + v
                                                + "'; expected one of "
                                                + Arrays.stream(values())
                                                        .map(MemorySource::id)
                                                        .collect(Collectors.joining(", "))));
    }
}
