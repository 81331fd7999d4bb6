package io.gonogo.runners.load.grpc.internal;

import io.gonogo.runners.load.ProgressListener;
import io.gonogo.runners.load.grpc.CallOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The validated settings of one future-driven run.
 *
 * @param call starts one call; may be invoked from several threads at once
 * @param classifier turns the exception a call failed with into its outcome
 * @param concurrency closed model: calls in flight; open model: the most calls in flight
 * @param requests measured calls of a closed run by count (ignored with a duration)
 * @param duration measured duration, if the run is by duration
 * @param ratePerSecond open-model arrival rate, 0 for the closed model
 * @param warmupRequests calls before the measured ones, excluded from every figure
 * @param timeout how long a call may take before it counts as a timeout
 * @param maxDuration hard stop of the whole run
 * @param progressListener called about once a second on the calling thread
 * @param knownKinds answered error kinds reported with zero counts when they did not occur
 * @param targetName how abort reasons name the target, such as {@code 127.0.0.1:50051}
 * @param selfTimed the calls complete with a {@link java.util.concurrent.TimeoutException} at the
 *     timeout by themselves (a gRPC deadline), so the engine sets no timer of its own
 */
public record FuturePlan(
        Supplier<? extends CompletionStage<?>> call,
        Function<Throwable, CallOutcome> classifier,
        int concurrency,
        long requests,
        Optional<Duration> duration,
        double ratePerSecond,
        long warmupRequests,
        Duration timeout,
        Duration maxDuration,
        Optional<ProgressListener> progressListener,
        Map<String, Long> knownKinds,
        String targetName,
        boolean selfTimed) {

    /** Copies the map of known kinds. */
    public FuturePlan {
        knownKinds = Map.copyOf(knownKinds);
    }
}
