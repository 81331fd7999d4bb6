package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One measured figure: a metric with labels, a unit, a value, quality flags, its source and, where
 * it has one, the interval of its uncertainty ({@link Interval#NONE} otherwise).
 *
 * <p>Metric names and label keys are those of DESIGN.md ({@code latency}, {@code throughput},
 * {@code success_rate}, {@code errors}; labels {@code suite}, {@code scenario}, {@code operation},
 * {@code transport}, {@code model}, ...). The unit is the unit of the value: latency distributions
 * are in microseconds.
 */
public record Measurement(
        String metric,
        Map<String, String> labels,
        Unit unit,
        MeasuredValue value,
        Set<Quality> quality,
        Source source,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Interval.NoneFilter.class)
                Interval interval) {

    /**
     * Checks the fields and copies the collections (labels into a {@link LabelMap}, sorted by key);
     * a null interval is NONE.
     */
    public Measurement {
        Objects.requireNonNull(metric, "metric");
        if (metric.isBlank()) {
            throw new IllegalArgumentException("metric must not be blank");
        }
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(value, "value");
        labels = LabelMap.of(labels == null ? Map.of() : labels);
        quality =
                quality == null || quality.isEmpty()
                        ? Set.of()
                        : Collections.unmodifiableSet(EnumSet.copyOf(quality));
        source = Objects.requireNonNullElse(source, Source.UNATTRIBUTED);
        interval = Objects.requireNonNullElse(interval, Interval.NONE);
    }

    /** A measurement without an interval. */
    public Measurement(
            String metric,
            Map<String, String> labels,
            Unit unit,
            MeasuredValue value,
            Set<Quality> quality,
            Source source) {
        this(metric, labels, unit, value, quality, source, Interval.NONE);
    }

    /** A measurement with no quality flags and no source yet. */
    public static Measurement of(
            String metric, Map<String, String> labels, Unit unit, MeasuredValue value) {
        return new Measurement(metric, labels, unit, value, Set.of(), Source.UNATTRIBUTED);
    }

    /** This measurement attributed to {@code newSource}. */
    public Measurement withSource(Source newSource) {
        return new Measurement(metric, labels, unit, value, quality, newSource, interval);
    }

    /** This measurement with {@code extra} labels added (existing keys are kept). */
    public Measurement withLabels(Map<String, String> extra) {
        Map<String, String> merged = new TreeMap<>(extra);
        merged.putAll(labels);
        return new Measurement(metric, merged, unit, value, quality, source, interval);
    }

    /** This measurement with {@code newInterval} as its uncertainty. */
    public Measurement withInterval(Interval newInterval) {
        return new Measurement(metric, labels, unit, value, quality, source, newInterval);
    }

    /** Whether every entry of {@code filter} is among this measurement's labels. */
    public boolean matches(Map<String, String> filter) {
        for (Map.Entry<String, String> e : filter.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
