package io.gonogo.core;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A scenario the plan declares, whether or not it ran: what a target expects comes from these,
 * never from what happened to arrive.
 *
 * @param suite the suite kind, e.g. {@code load}
 * @param id the scenario id
 * @param optional whether the scenario (or its suite) is optional
 * @param labels the labels its measurements will carry ({@code suite}, {@code scenario}, {@code
 *     operation}, {@code transport}, {@code model}, ...)
 */
public record PlannedScenario(
        String suite, String id, boolean optional, Map<String, String> labels) {

    /**
     * Checks and copies; {@code suite} and {@code scenario} labels are always present.
     *
     * @param suite the suite kind, e.g. {@code load}
     * @param id the scenario id
     * @param optional whether the scenario (or its suite) is optional
     * @param labels the labels its measurements will carry ({@code suite}, {@code scenario}, {@code
     *     operation}, {@code transport}, {@code model}, ...)
     */
    public PlannedScenario {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(id, "id");
        Map<String, String> all = new TreeMap<>(labels == null ? Map.of() : labels);
        all.put("suite", suite);
        all.put("scenario", id);
        labels = java.util.Collections.unmodifiableMap(all);
    }

    /**
     * The JUnit unique id of this scenario's test.
     *
     * @return the id, such as {@code [engine:gonogo]/[suite:load]/[scenario:health-1k]}
     */
    public String testId() {
        return "[engine:gonogo]/[suite:" + suite + "]/[scenario:" + id + "]";
    }

    /**
     * Whether this scenario may produce measurements matching {@code filter}: every filter key it
     * declares agrees.
     *
     * @param filter a target's label filter
     * @return false when one of the scenario's own labels contradicts the filter, true otherwise
     */
    public boolean mayMatch(Map<String, String> filter) {
        for (Map.Entry<String, String> e : filter.entrySet()) {
            String mine = labels.get(e.getKey());
            if (mine != null && !mine.equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code suite/id}, as documents name a scenario.
     *
     * @return the suite and the scenario id, such as {@code load/health-1k}
     */
    public String qualifiedId() {
        return suite + "/" + id;
    }
}
