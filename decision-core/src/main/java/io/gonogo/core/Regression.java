package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A metric of one label set that moved beyond its noise against the baseline.
 *
 * <p>The noise is the measurement's {@link Interval} when it has one (it moved when the baseline's
 * figure lies outside it, or when both have intervals and they do not overlap), else the default
 * band of {@value #DEFAULT_BAND_PERCENT}% of the baseline's figure.
 *
 * @param metric the metric
 * @param labels its labels
 * @param figure which figure of it: the single value, or a percentile or the mean of a distribution
 * @param baseline the baseline's figure
 * @param current this run's figure, in the baseline's unit
 * @param changePercent the change in percent of the baseline's figure
 * @param direction worse, better, or changed when gonogo does not know which way is better for this
 *     metric
 * @param noise the noise it moved beyond, in words
 */
public record Regression(
        String metric,
        Map<String, String> labels,
        Figure figure,
        Quantity baseline,
        Quantity current,
        double changePercent,
        Direction direction,
        String noise) {

    /**
     * The band of change, in percent of the baseline, that counts as noise for a figure without an
     * interval.
     */
    public static final double DEFAULT_BAND_PERCENT = 5.0;

    /** A change for the worse. */
    public static final Direction WORSE = Direction.WORSE;

    /** A change for the better. */
    public static final Direction BETTER = Direction.BETTER;

    /** A change of unknown direction. */
    public static final Direction CHANGED = Direction.CHANGED;

    /** Which figure of a metric moved; written in lower case in {@code decision.json}. */
    public enum Figure {
        /** The single value of a metric published as one value. */
        VALUE,
        /** The median of a distribution. */
        P50,
        /** The 99th percentile of a distribution. */
        P99,
        /** The mean of a distribution. */
        MEAN;

        /**
         * The figure as {@code decision.json} writes it, e.g. {@code p99}.
         *
         * @return the constant's name in lower case
         */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The figure as written, {@link #id()}.
         *
         * @return {@link #id()}
         */
        @Override
        public String toString() {
            return id();
        }

        /**
         * The figure written {@code id}, if there is one.
         *
         * @param id the figure as {@code decision.json} writes it, such as {@code p99}
         * @return the figure, or empty for any other text
         */
        public static java.util.Optional<Figure> fromId(String id) {
            for (Figure f : values()) {
                if (f.id().equals(id)) {
                    return java.util.Optional.of(f);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /** Which way a figure moved; written in lower case in {@code decision.json}. */
    public enum Direction {
        /** For the worse: up for a metric where lower is better, down where higher is better. */
        WORSE,
        /** For the better. */
        BETTER,
        /** Moved, but gonogo does not know which way is better for this metric. */
        CHANGED;

        /**
         * The direction as {@code decision.json} writes it, e.g. {@code worse}.
         *
         * @return the constant's name in lower case
         */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The direction as written, {@link #id()}.
         *
         * @return {@link #id()}
         */
        @Override
        public String toString() {
            return id();
        }
    }

    /**
     * Checks and copies.
     *
     * @param metric the metric
     * @param labels its labels
     * @param figure which figure of it: the single value, or a percentile or the mean of a
     *     distribution
     * @param baseline the baseline's figure
     * @param current this run's figure, in the baseline's unit
     * @param changePercent the change in percent of the baseline's figure
     * @param direction worse, better, or changed when gonogo does not know which way is better for
     *     this metric
     * @param noise the noise it moved beyond, in words
     */
    @JsonCreator
    public Regression {
        Objects.requireNonNull(metric, "metric");
        labels =
                java.util.Collections.unmodifiableMap(
                        new TreeMap<>(labels == null ? Map.of() : labels));
        Objects.requireNonNull(figure, "figure");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(direction, "direction");
        noise = Objects.requireNonNullElse(noise, "");
    }

    /**
     * A regression of the figure written {@code figure}, e.g. {@code p99}.
     *
     * @param metric the metric
     * @param labels its labels
     * @param figure which figure of it: the single value, or a percentile or the mean of a
     *     distribution
     * @param baseline the baseline's figure
     * @param current this run's figure, in the baseline's unit
     * @param changePercent the change in percent of the baseline's figure
     * @param direction worse, better, or changed when gonogo does not know which way is better for
     *     this metric
     * @param noise the noise it moved beyond, in words
     * @throws IllegalArgumentException when {@code figure} is not a {@link Figure} id
     */
    public Regression(
            String metric,
            Map<String, String> labels,
            String figure,
            Quantity baseline,
            Quantity current,
            double changePercent,
            Direction direction,
            String noise) {
        this(
                metric,
                labels,
                Figure.fromId(figure)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "figure '"
                                                        + figure
                                                        + "'; expected value, p50, p99 or mean")),
                baseline,
                current,
                changePercent,
                direction,
                noise);
    }
}
