package io.gonogo.runners.chaos;

import java.util.Map;
import java.util.Set;

/**
 * Makes faults of one kind from their settings: the extension point for fault kinds, found with
 * {@link java.util.ServiceLoader} (service file {@code
 * META-INF/services/io.gonogo.runners.chaos.FaultInjector}) and registrable in code through {@link
 * FaultInjectors#register(FaultInjector)}.
 *
 * <p>Example: {@code FaultInjectors.standard().create("latency", Map.of("latency", "100ms",
 * "direction", "downstream"))}.
 */
public interface FaultInjector {

    /**
     * The kind this injector makes, as written in {@code fault: {kind: ...}}, e.g. {@code latency}.
     *
     * @return the kind, unique in a {@link FaultInjectors} registry
     */
    String kind();

    /**
     * The setting keys it accepts besides {@code kind} (others are errors).
     *
     * @return the keys, such as {@code latency} and {@code direction}
     */
    Set<String> settings();

    /**
     * Makes one fault.
     *
     * @param settings the fault's settings as text, e.g. {@code latency=100ms}; only keys in {@link
     *     #settings()}
     * @return the fault, immutable
     * @throws IllegalArgumentException naming the setting, what was expected and the bad value
     */
    Fault create(Map<String, String> settings);
}
