package io.gonogo.runners.memory;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One reading of the service: when it was taken and the gauges the source could read (a gauge the
 * source lacks is absent, never zero).
 *
 * @param epochMillis when the sample was taken
 * @param values the gauges read, finite values only
 */
public record Sample(long epochMillis, Map<Gauge, Double> values) {

    /**
     * Checks the values and copies them.
     *
     * @param epochMillis when the sample was taken
     * @param values the gauges read, finite values only
     */
    public Sample {
        Objects.requireNonNull(values, "values");
        EnumMap<Gauge, Double> copy = new EnumMap<>(Gauge.class);
        for (Map.Entry<Gauge, Double> e : values.entrySet()) {
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException(
                        "gauge " + e.getKey().key() + " has no finite value: " + e.getValue());
            }
            copy.put(e.getKey(), e.getValue());
        }
        values = Collections.unmodifiableMap(copy);
    }

    /**
     * The value of {@code gauge}, if the source could read it.
     *
     * @param gauge the gauge
     * @return the value the source read, or empty when it could not read this gauge
     */
    public OptionalDouble get(Gauge gauge) {
        Double v = values.get(gauge);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
