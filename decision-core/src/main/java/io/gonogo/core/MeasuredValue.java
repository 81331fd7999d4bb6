package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What a measurement holds: one number, a distribution of samples, or a time series. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Scalar.class, name = "scalar"),
    @JsonSubTypes.Type(value = Distribution.class, name = "distribution"),
    @JsonSubTypes.Type(value = Series.class, name = "series")
})
public sealed interface MeasuredValue permits Scalar, Distribution, Series {

    /**
     * How many samples stand behind this value (1 for a scalar).
     *
     * @return the sample count: 1 for a scalar, the recorded samples of a distribution, the points
     *     of a series
     */
    long sampleCount();
}
