package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
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
 * @param figure which figure of it: {@code value} for a single value, {@code p50}, {@code p99} or
 *     {@code mean} of a distribution
 * @param baseline the baseline's figure
 * @param current this run's figure, in the baseline's unit
 * @param changePercent the change in percent of the baseline's figure
 * @param direction {@code worse}, {@code better}, or {@code changed} when gonogo does not know
 *     which way is better for this metric
 * @param noise the noise it moved beyond, in words
 */
public record Regression(
        String metric,
        Map<String, String> labels,
        String figure,
        Quantity baseline,
        Quantity current,
        double changePercent,
        String direction,
        String noise) {

    /**
     * The band of change, in percent of the baseline, that counts as noise for a figure without an
     * interval.
     */
    public static final double DEFAULT_BAND_PERCENT = 5.0;

    /** A change for the worse. */
    public static final String WORSE = "worse";

    /** A change for the better. */
    public static final String BETTER = "better";

    /** A change of unknown direction. */
    public static final String CHANGED = "changed";

    /** Checks and copies. */
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
}
