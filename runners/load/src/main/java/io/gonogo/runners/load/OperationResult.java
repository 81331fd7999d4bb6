package io.gonogo.runners.load;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * The figures of one operation of a weighted mix, over the run's measured requests; the same
 * accounting as {@link LoadResult}, restricted to this operation's requests.
 *
 * @param name the operation's name
 * @param latencyMicros latency of its answered requests (open model: and its timeouts),
 *     microseconds
 * @param attempted its measured requests attempted
 * @param answered those that got a complete response
 * @param succeeded answered ones whose status is among its expected statuses
 * @param errors its requests per error kind; every kind present
 * @param throughputPerSecond its answered requests per second of the run's measured window
 */
public record OperationResult(
        String name,
        Histogram latencyMicros,
        long attempted,
        long answered,
        long succeeded,
        Map<ErrorKind, Long> errors,
        double throughputPerSecond) {

    /**
     * Copies the histogram and completes the error map.
     *
     * @param name the operation's name
     * @param latencyMicros latency of its answered requests, microseconds
     * @param attempted its measured requests attempted
     * @param answered those that got a complete response
     * @param succeeded answered ones with an expected status
     * @param errors its requests per error kind
     * @param throughputPerSecond its answered requests per second of the measured window
     */
    public OperationResult {
        Objects.requireNonNull(name, "name");
        latencyMicros = Objects.requireNonNull(latencyMicros, "latencyMicros").copy();
        EnumMap<ErrorKind, Long> all = new EnumMap<>(ErrorKind.class);
        for (ErrorKind kind : ErrorKind.values()) {
            all.put(kind, Objects.requireNonNull(errors, "errors").getOrDefault(kind, 0L));
        }
        errors = Collections.unmodifiableMap(all);
    }

    /**
     * Returns a copy of the latency histogram.
     *
     * @return a copy the caller may change
     */
    @Override
    public Histogram latencyMicros() {
        return latencyMicros.copy();
    }

    /**
     * Returns the count of this operation's requests that ended in {@code kind}.
     *
     * @param kind the error kind
     * @return the count
     */
    public long errorCount(ErrorKind kind) {
        return errors.get(Objects.requireNonNull(kind, "kind"));
    }

    /**
     * Returns the share of its attempted requests that succeeded, in percent.
     *
     * @return {@code 100 * succeeded / attempted}, 0 when none was attempted
     */
    public double successRatePercent() {
        return attempted > 0 ? 100.0 * succeeded / attempted : 0.0;
    }
}
