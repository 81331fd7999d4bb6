package io.gonogo.core;

/** A single measured number, such as a throughput or a success rate. */
public record Scalar(double value) implements MeasuredValue {

    /** Checks that the value is finite. */
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
