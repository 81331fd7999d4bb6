package io.gonogo.core;

import java.util.List;

/**
 * Timestamped points, such as heap samples taken during a soak.
 *
 * @param points the samples in the order taken
 */
public record Series(List<Point> points) implements MeasuredValue {

    /**
     * One sample of a series: milliseconds since the epoch and a value.
     *
     * @param epochMillis when it was taken, in milliseconds since 1970-01-01T00:00Z
     * @param value the sample, in its measurement's unit
     */
    public record Point(long epochMillis, double value) {}

    /**
     * Copies the points.
     *
     * @param points the samples in the order taken; none null
     */
    public Series {
        points = List.copyOf(points);
    }

    @Override
    public long sampleCount() {
        return points.size();
    }
}
