package io.gonogo.runners.load;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * The figures of one load run, over its measured requests only (warm-up is excluded).
 *
 * <p>Every measured request that was attempted ends in exactly one of: answered (a complete HTTP
 * response, whatever its status) or one of the errors {@link ErrorKind#CONNECT}, {@link
 * ErrorKind#TIMEOUT}, {@link ErrorKind#RESET} and {@link ErrorKind#PROTOCOL}. So {@code attempted
 * == answered + connect + timeout + reset + protocol}; the {@link ErrorKind#HTTP_4XX} and {@link
 * ErrorKind#HTTP_5XX} errors are answered requests. Requests that a hard stop left unsent, or
 * abandoned while their connection was still being opened or their response was still outstanding,
 * are not counted as attempted; the abort reason says how many there were.
 *
 * <p>In the open model ({@code model} is {@link LoadModel#OPEN}) latency runs from each request's
 * intended send time on the schedule, and timed-out requests are recorded in the latency histogram
 * too (at the time they were given up), so its count is {@code answered + timeouts}.
 *
 * @param latencyMicros latency of every answered measured request, from the actual send of its
 *     first byte (closed model) or its intended send time (open model) to the last byte of its
 *     response, in microseconds (at least 1); the open model adds its timeouts
 * @param connectTimeMicros time to open each connection that was opened for a measured request, in
 *     microseconds; connections opened during warm-up and reused afterwards are not in it
 * @param attempted measured requests attempted
 * @param answered measured requests that got a complete HTTP response
 * @param succeeded answered measured requests whose status is in the success range
 * @param errors measured requests per error kind; every kind is present, zero where none
 * @param measuredWindow from the start of the first measured request (its send, or its connect
 *     attempt when it needed a new connection) to the end of the last measured request
 * @param startedAt when the run started, warm-up included
 * @param endedAt when the run ended
 * @param connectionsOpened connections opened successfully for measured requests
 * @param abortReason why the run stopped before all requests were sent, if it did
 * @param model the load model, closed or open
 * @param sendLagMicros open model: per measured request that found a connection, how late the
 *     generator sent it against its schedule (from the later of its intended time and the moment
 *     its connection became free), in microseconds; empty for the closed model
 * @param health the generator's own health over the run (GC pauses, CPU, send lag) and whether it
 *     was the bottleneck ({@link #generatorBound()})
 * @param operations a weighted mix's figures per operation, in the order the operations were added;
 *     empty for a run of one request
 */
public record LoadResult(
        Histogram latencyMicros,
        Histogram connectTimeMicros,
        long attempted,
        long answered,
        long succeeded,
        Map<ErrorKind, Long> errors,
        Duration measuredWindow,
        Instant startedAt,
        Instant endedAt,
        long connectionsOpened,
        Optional<String> abortReason,
        LoadModel model,
        Histogram sendLagMicros,
        GeneratorHealth health,
        List<OperationResult> operations) {

    /**
     * Checks the components and takes defensive copies of the histograms and the error map.
     *
     * @param latencyMicros latency of every answered measured request, from the actual send of its
     *     first byte (closed model) or its intended send time (open model) to the last byte of its
     *     response, in microseconds (at least 1); the open model adds its timeouts
     * @param connectTimeMicros time to open each connection that was opened for a measured request,
     *     in microseconds; connections opened during warm-up and reused afterwards are not in it
     * @param attempted measured requests attempted
     * @param answered measured requests that got a complete HTTP response
     * @param succeeded answered measured requests whose status is in the success range
     * @param errors measured requests per error kind; every kind is present, zero where none
     * @param measuredWindow from the start of the first measured request (its send, or its connect
     *     attempt when it needed a new connection) to the end of the last measured request
     * @param startedAt when the run started, warm-up included
     * @param endedAt when the run ended
     * @param connectionsOpened connections opened successfully for measured requests
     * @param abortReason why the run stopped before all requests were sent, if it did
     * @param model the load model, closed or open
     * @param sendLagMicros open model: how late the generator sent each measured request against
     *     its schedule, in microseconds; empty for the closed model
     * @param health the generator's own health over the run
     * @param operations a weighted mix's figures per operation; empty without a mix
     */
    public LoadResult {
        Objects.requireNonNull(latencyMicros, "latencyMicros");
        Objects.requireNonNull(connectTimeMicros, "connectTimeMicros");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(measuredWindow, "measuredWindow");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(abortReason, "abortReason");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(sendLagMicros, "sendLagMicros");
        Objects.requireNonNull(health, "health");
        operations = List.copyOf(Objects.requireNonNull(operations, "operations"));
        latencyMicros = latencyMicros.copy();
        sendLagMicros = sendLagMicros.copy();
        connectTimeMicros = connectTimeMicros.copy();
        EnumMap<ErrorKind, Long> all = new EnumMap<>(ErrorKind.class);
        for (ErrorKind kind : ErrorKind.values()) {
            all.put(kind, errors.getOrDefault(kind, 0L));
        }
        errors = Collections.unmodifiableMap(all);
    }

    /**
     * Builds a result without a mix.
     *
     * @param latencyMicros latency of every answered measured request, in microseconds
     * @param connectTimeMicros time to open each connection opened for a measured request
     * @param attempted measured requests attempted
     * @param answered measured requests that got a complete HTTP response
     * @param succeeded answered measured requests whose status is in the success range
     * @param errors measured requests per error kind
     * @param measuredWindow the measured window
     * @param startedAt when the run started, warm-up included
     * @param endedAt when the run ended
     * @param connectionsOpened connections opened successfully for measured requests
     * @param abortReason why the run stopped before all requests were sent, if it did
     * @param model the load model
     * @param sendLagMicros open model: how late the generator sent each measured request
     * @param health the generator's own health over the run
     */
    public LoadResult(
            Histogram latencyMicros,
            Histogram connectTimeMicros,
            long attempted,
            long answered,
            long succeeded,
            Map<ErrorKind, Long> errors,
            Duration measuredWindow,
            Instant startedAt,
            Instant endedAt,
            long connectionsOpened,
            Optional<String> abortReason,
            LoadModel model,
            Histogram sendLagMicros,
            GeneratorHealth health) {
        this(
                latencyMicros,
                connectTimeMicros,
                attempted,
                answered,
                succeeded,
                errors,
                measuredWindow,
                startedAt,
                endedAt,
                connectionsOpened,
                abortReason,
                model,
                sendLagMicros,
                health,
                List.of());
    }

    /**
     * Builds a result whose generator health was not watched ({@link GeneratorHealth#UNKNOWN}).
     *
     * @param latencyMicros latency of every answered measured request, in microseconds
     * @param connectTimeMicros time to open each connection opened for a measured request
     * @param attempted measured requests attempted
     * @param answered measured requests that got a complete HTTP response
     * @param succeeded answered measured requests whose status is in the success range
     * @param errors measured requests per error kind
     * @param measuredWindow the measured window
     * @param startedAt when the run started, warm-up included
     * @param endedAt when the run ended
     * @param connectionsOpened connections opened successfully for measured requests
     * @param abortReason why the run stopped before all requests were sent, if it did
     * @param model the load model
     * @param sendLagMicros open model: how late the generator sent each measured request
     */
    public LoadResult(
            Histogram latencyMicros,
            Histogram connectTimeMicros,
            long attempted,
            long answered,
            long succeeded,
            Map<ErrorKind, Long> errors,
            Duration measuredWindow,
            Instant startedAt,
            Instant endedAt,
            long connectionsOpened,
            Optional<String> abortReason,
            LoadModel model,
            Histogram sendLagMicros) {
        this(
                latencyMicros,
                connectTimeMicros,
                attempted,
                answered,
                succeeded,
                errors,
                measuredWindow,
                startedAt,
                endedAt,
                connectionsOpened,
                abortReason,
                model,
                sendLagMicros,
                GeneratorHealth.UNKNOWN,
                List.of());
    }

    /**
     * Builds a result without send-lag figures, as the closed model has none.
     *
     * @param latencyMicros latency of every answered measured request, in microseconds
     * @param connectTimeMicros time to open each connection opened for a measured request
     * @param attempted measured requests attempted
     * @param answered measured requests that got a complete HTTP response
     * @param succeeded answered measured requests whose status is in the success range
     * @param errors measured requests per error kind
     * @param measuredWindow the measured window
     * @param startedAt when the run started, warm-up included
     * @param endedAt when the run ended
     * @param connectionsOpened connections opened successfully for measured requests
     * @param abortReason why the run stopped before all requests were sent, if it did
     * @param model the load model
     */
    public LoadResult(
            Histogram latencyMicros,
            Histogram connectTimeMicros,
            long attempted,
            long answered,
            long succeeded,
            Map<ErrorKind, Long> errors,
            Duration measuredWindow,
            Instant startedAt,
            Instant endedAt,
            long connectionsOpened,
            Optional<String> abortReason,
            LoadModel model) {
        this(
                latencyMicros,
                connectTimeMicros,
                attempted,
                answered,
                succeeded,
                errors,
                measuredWindow,
                startedAt,
                endedAt,
                connectionsOpened,
                abortReason,
                model,
                new Histogram(3),
                GeneratorHealth.UNKNOWN,
                List.of());
    }

    /**
     * Tells whether the generator, not the service, may have been the bottleneck of this run (a
     * bound of {@link GeneratorBounds} was exceeded); {@link GeneratorHealth#reasons()} says why.
     *
     * @return true when the run's figures describe the generator rather than the service
     */
    public boolean generatorBound() {
        return health.generatorBound();
    }

    /**
     * Returns a copy of the send-lag histogram (open model): microseconds, 3 significant digits.
     *
     * @return a copy the caller may change; empty for the closed model
     */
    @Override
    public Histogram sendLagMicros() {
        return sendLagMicros.copy();
    }

    /**
     * Returns a copy of the latency histogram: microseconds, 3 significant digits.
     *
     * @return a copy the caller may change
     */
    @Override
    public Histogram latencyMicros() {
        return latencyMicros.copy();
    }

    /**
     * Returns a copy of the connect time histogram: microseconds, 3 significant digits.
     *
     * @return a copy the caller may change
     */
    @Override
    public Histogram connectTimeMicros() {
        return connectTimeMicros.copy();
    }

    /**
     * Returns the count of measured requests that ended in the given error kind.
     *
     * @param kind the error kind
     * @return the count, zero where none
     */
    public long errorCount(ErrorKind kind) {
        return errors.get(Objects.requireNonNull(kind, "kind"));
    }

    /**
     * Returns the count of measured requests that ended in any error kind.
     *
     * @return the sum over all kinds
     */
    public long totalErrors() {
        long sum = 0;
        for (long count : errors.values()) {
            sum += count;
        }
        return sum;
    }

    /**
     * Returns answered measured requests per second of the measured window.
     *
     * @return the throughput, 0 when the window is empty
     */
    public double throughputPerSecond() {
        double seconds = measuredWindow.toNanos() / 1e9;
        return seconds > 0 ? answered / seconds : 0.0;
    }

    /**
     * Returns the share of attempted measured requests that succeeded, in percent.
     *
     * @return {@code 100 * succeeded / attempted}, 0 when nothing was attempted
     */
    public double successRatePercent() {
        return attempted > 0 ? 100.0 * succeeded / attempted : 0.0;
    }

    /**
     * Tells whether the run stopped before sending all its requests.
     *
     * @return true when {@link #abortReason()} is present
     */
    public boolean aborted() {
        return abortReason.isPresent();
    }
}
