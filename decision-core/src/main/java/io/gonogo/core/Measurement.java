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
 *
 * @param metric the metric's name, such as {@code latency} or {@code success_rate}; not blank
 * @param labels what the figure is of ({@code suite}, {@code scenario}, {@code operation}, ...);
 *     empty when it is of the whole run
 * @param unit the unit of the value
 * @param value one number, a distribution of samples or a time series
 * @param quality the reasons to trust the figure less than its number suggests; empty when none
 * @param source where it came from; {@link Source#UNATTRIBUTED} until the collector attributes it
 * @param interval the interval of its uncertainty, {@link Interval#NONE} when it has none
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
     *
     * @param metric the metric's name, such as {@code latency} or {@code success_rate}; not blank
     * @param labels what the figure is of; null is no labels
     * @param unit the unit of the value
     * @param value one number, a distribution of samples or a time series
     * @param quality the reasons to trust the figure less; null is none
     * @param source where it came from; null is {@link Source#UNATTRIBUTED}
     * @param interval the interval of its uncertainty; null is {@link Interval#NONE}
     * @throws IllegalArgumentException when the metric is blank
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

    /**
     * A measurement without an interval.
     *
     * @param metric the metric's name, such as {@code latency} or {@code success_rate}; not blank
     * @param labels what the figure is of; null is no labels
     * @param unit the unit of the value
     * @param value one number, a distribution of samples or a time series
     * @param quality the reasons to trust the figure less; null is none
     * @param source where it came from; null is {@link Source#UNATTRIBUTED}
     * @throws IllegalArgumentException when the metric is blank
     */
    public Measurement(
            String metric,
            Map<String, String> labels,
            Unit unit,
            MeasuredValue value,
            Set<Quality> quality,
            Source source) {
        this(metric, labels, unit, value, quality, source, Interval.NONE);
    }

    /**
     * A measurement with no quality flags and no source yet.
     *
     * @param metric the metric's name, such as {@code latency} or {@code success_rate}; not blank
     * @param labels what the figure is of; empty when it is of the whole run
     * @param unit the unit of the value
     * @param value one number, a distribution of samples or a time series
     * @return the measurement, {@link Source#UNATTRIBUTED} and without an interval
     * @throws IllegalArgumentException when the metric is blank
     */
    public static Measurement of(
            String metric, Map<String, String> labels, Unit unit, MeasuredValue value) {
        return new Measurement(metric, labels, unit, value, Set.of(), Source.UNATTRIBUTED);
    }

    /**
     * This measurement attributed to {@code newSource}.
     *
     * @param newSource the run, shard, test and file it came from; null is {@link
     *     Source#UNATTRIBUTED}
     * @return a copy with only the source replaced
     */
    public Measurement withSource(Source newSource) {
        return new Measurement(metric, labels, unit, value, quality, newSource, interval);
    }

    /**
     * This measurement with {@code extra} labels added (existing keys are kept).
     *
     * @param extra labels to add, such as {@code suite} and {@code scenario}
     * @return a copy whose labels are the union, this measurement's value winning on a shared key
     */
    public Measurement withLabels(Map<String, String> extra) {
        Map<String, String> merged = new TreeMap<>(extra);
        merged.putAll(labels);
        return new Measurement(metric, merged, unit, value, quality, source, interval);
    }

    /**
     * This measurement with {@code newInterval} as its uncertainty.
     *
     * @param newInterval the interval; null is {@link Interval#NONE}
     * @return a copy with only the interval replaced
     */
    public Measurement withInterval(Interval newInterval) {
        return new Measurement(metric, labels, unit, value, quality, source, newInterval);
    }

    /**
     * Whether every entry of {@code filter} is among this measurement's labels.
     *
     * @param filter label keys and the values they must have; empty matches every measurement
     * @return true when each key of {@code filter} is a label with the same value
     */
    public boolean matches(Map<String, String> filter) {
        for (Map.Entry<String, String> e : filter.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
