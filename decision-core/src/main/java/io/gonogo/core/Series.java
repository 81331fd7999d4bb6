package io.gonogo.core;

import java.util.List;

/** Timestamped points, such as heap samples taken during a soak. */
public record Series(List<Point> points) implements MeasuredValue {

    /** One sample of a series: milliseconds since the epoch and a value. */
    public record Point(long epochMillis, double value) {}

    /** Copies the points. */
    public Series {
        points = List.copyOf(points);
    }

    @Override
    public long sampleCount() {
        return points.size();
    }
}
