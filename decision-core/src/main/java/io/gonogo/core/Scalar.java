package io.gonogo.core;

/**
 * A single measured number, such as a throughput or a success rate.
 *
 * @param value the number, in its measurement's unit; finite
 */
public record Scalar(double value) implements MeasuredValue {

    /**
     * Checks that the value is finite.
     *
     * @param value the number, in its measurement's unit
     * @throws IllegalArgumentException when it is NaN or infinite
     */
    public Scalar {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a scalar must be finite, was " + value);
        }
    }

    @Override
    public long sampleCount() {
        return 1;
    }
}
