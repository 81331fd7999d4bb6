package io.gonogo.runners.load.grpc;

import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadShape;
import io.gonogo.runners.load.ProgressListener;
import io.gonogo.runners.load.grpc.internal.FutureEngine;
import io.gonogo.runners.load.grpc.internal.FuturePlan;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Drives any call that returns a future under the closed or the open model, with the figures of the
 * HTTP engine.
 *
 * <pre>{@code
 * CallLoadResult r = FutureLoadRunner.builder()
 *         .call(() -> client.sendAsync(request))   // any CompletionStage
 *         .concurrency(50)
 *         .requests(10_000)
 *         .warmupRequests(1_000)
 *         .build()
 *         .run();
 * }</pre>
 *
 * <p>Closed model (the default): {@code concurrency} calls in flight, each followed by the next
 * when it resolves, for a number of calls or a duration; warm-up calls come first and all resolve
 * before the measured ones start. Open model ({@link Builder#rate(double)}): calls start at a
 * constant rate for a duration, at most {@code concurrency} in flight, and latency runs from each
 * call's intended start, so a stalled service shows in the percentiles. A call that has not
 * completed within the request timeout counts as a timeout (and its future is cancelled); a call
 * that fails is counted by the failure classifier (by default: a {@link ConnectException} anywhere
 * in the cause chain is {@link ErrorKind#CONNECT}, another {@link IOException} {@link
 * ErrorKind#RESET}, anything else an answered error of kind {@code failed}).
 *
 * <p>Built with {@link #builder()}; immutable and thread-safe; {@link #run()} blocks the calling
 * thread, which paces the open model and reports progress, while completions are handled on the
 * threads that complete the futures. The call supplier is invoked from those threads too.
 */
public final class FutureLoadRunner {

    private final FuturePlan plan;

    private FutureLoadRunner(FuturePlan plan) {
        this.plan = plan;
    }

    /**
     * Starts a builder with the defaults: closed model, one call in flight, one call, no warm-up,
     * timeout 10 s, maximum duration 10 minutes, the default failure classifier.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs once and blocks until every call has resolved, the run aborted or reached its maximum
     * duration.
     *
     * @return the figures of this run
     */
    public CallLoadResult run() {
        return new FutureEngine(plan).run(new Histogram(3), 0);
    }

    /**
     * Runs once, reporting connection set-up done before the run (for example a pool of channels
     * connected up front), and blocks until it has finished.
     *
     * @param connectTimeMicros connection set-up times in microseconds, copied into the result
     * @param connectionsOpened the number of connections those times belong to
     * @return the figures of this run
     */
    public CallLoadResult run(Histogram connectTimeMicros, long connectionsOpened) {
        return new FutureEngine(plan)
                .run(
                        Objects.requireNonNull(connectTimeMicros, "connectTimeMicros"),
                        connectionsOpened);
    }

    /**
     * The default failure classifier: connect, reset or an answered {@code failed}.
     *
     * @param failure the exception a call completed with
     * @return its outcome
     */
    public static CallOutcome defaultClassifier(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return CallOutcome.unanswered(ErrorKind.CONNECT);
            }
            if (t instanceof TimeoutException) {
                return CallOutcome.unanswered(ErrorKind.TIMEOUT);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return CallOutcome.unanswered(ErrorKind.RESET);
            }
        }
        return CallOutcome.answered("failed");
    }

    /** Collects and validates the settings of a {@link FutureLoadRunner}. */
    public static final class Builder {
        private Supplier<? extends CompletionStage<?>> call;
        private Function<Throwable, CallOutcome> classifier = FutureLoadRunner::defaultClassifier;
        private LoadShape.Builder shape = LoadShape.builder();
        private ProgressListener listener;
        private Map<String, Long> knownKinds = Map.of();
        private String targetName = "the target";
        private boolean selfTimed;

        private Builder() {}

        /**
         * Sets the call to drive: each invocation starts one call and returns its future.
         *
         * @param call the call; it may be invoked from several threads at once
         * @return this builder
         */
        public Builder call(Supplier<? extends CompletionStage<?>> call) {
            this.call = Objects.requireNonNull(call, "call");
            return this;
        }

        /**
         * Sets how a failed call counts; by default {@link
         * FutureLoadRunner#defaultClassifier(Throwable)}.
         *
         * @param classifier maps the exception a call completed with (unwrapped from {@code
         *     CompletionException}) to its outcome
         * @return this builder
         */
        public Builder failureClassifier(Function<Throwable, CallOutcome> classifier) {
            this.classifier = Objects.requireNonNull(classifier, "classifier");
            return this;
        }

        /**
         * Sets the calls in flight (closed model) or the most calls in flight (open model);
         * 1..100,000, checked when set.
         *
         * @param concurrency the number of calls in flight
         * @return this builder
         */
        public Builder concurrency(int concurrency) {
            shape.concurrency(concurrency);
            return this;
        }

        /**
         * Sets the number of measured calls of a closed run, instead of a duration; must be >= 1,
         * checked when set.
         *
         * @param requests measured calls
         * @return this builder
         */
        public Builder requests(long requests) {
            shape.requests(requests);
            return this;
        }

        /**
         * Sets how long measured calls are started, instead of a count; must be positive, checked
         * when set.
         *
         * <p>Closed model: the clock starts with the first measured call; afterwards no call starts
         * and those in flight finish. Open model: {@code floor(rate * duration)} measured calls.
         * Unless {@link #maxDuration(Duration)} is set, the hard stop becomes this duration plus 10
         * minutes.
         *
         * @param duration the measured duration
         * @return this builder
         */
        public Builder duration(Duration duration) {
            shape.duration(duration);
            return this;
        }

        /**
         * Selects the open model at this constant arrival rate; must be > 0, checked when set, and
         * needs a duration.
         *
         * @param perSecond calls per second
         * @return this builder
         */
        public Builder rate(double perSecond) {
            shape.rate(perSecond);
            return this;
        }

        /**
         * Sets the warm-up calls, on top of the measured ones and excluded from every figure;
         * default 0.
         *
         * @param warmupRequests warm-up calls, must be >= 0, checked when set
         * @return this builder
         */
        public Builder warmupRequests(long warmupRequests) {
            shape.warmupRequests(warmupRequests);
            return this;
        }

        /**
         * Sets how long a call may take before it counts as a timeout; default 10 s.
         *
         * @param timeout the per-call timeout, must be positive, checked when set
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            shape.requestTimeout(timeout);
            return this;
        }

        /**
         * Sets the hard stop of the whole run, warm-up included; default 10 minutes.
         *
         * @param maxDuration the longest a run may last, must be positive, checked when set
         * @return this builder
         */
        public Builder maxDuration(Duration maxDuration) {
            shape.maxDuration(maxDuration);
            return this;
        }

        /**
         * Sets the whole shape of the load at once: calls in flight, count or duration, rate,
         * warm-up, timeout and hard stop; the shape's setters of this builder change it afterwards.
         * The calls bring their own connections and threads, so the shape's are not used, and a
         * ramp is not supported.
         *
         * @param shape the shape
         * @return this builder
         */
        public Builder shape(LoadShape shape) {
            this.shape = Objects.requireNonNull(shape, "shape").toBuilder();
            return this;
        }

        /**
         * Sets a listener called about once a second on the thread that runs; by default none.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder progressListener(ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the answered error kinds the result lists even when none occurred (with zero
         * counts).
         *
         * @param kinds error kind labels, such as every {@code grpc_<STATUS>}
         * @return this builder
         */
        public Builder knownErrorKinds(Iterable<String> kinds) {
            Map<String, Long> m = new java.util.TreeMap<>();
            for (String k : kinds) {
                m.put(CallOutcome.answered(k).kind(), 0L);
            }
            this.knownKinds = Map.copyOf(m);
            return this;
        }

        /**
         * Sets how abort reasons name the target; default "the target".
         *
         * @param name such as {@code 127.0.0.1:50051}
         * @return this builder
         */
        public Builder targetName(String name) {
            this.targetName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Tells that each call completes exceptionally with a {@link TimeoutException} once the
         * request timeout has passed (as a gRPC call with that deadline does), so the runner need
         * not time it; default false: the runner gives up every call at the timeout itself.
         *
         * @param selfTimed whether the calls time out by themselves
         * @return this builder
         */
        public Builder callsTimeOutThemselves(boolean selfTimed) {
            this.selfTimed = selfTimed;
            return this;
        }

        /**
         * Validates the settings and builds the runner.
         *
         * @return a runner for these settings
         * @throws IllegalArgumentException naming the setting, its bound and the bad value
         */
        public FutureLoadRunner build() {
            if (call == null) {
                throw new IllegalArgumentException("call must be set");
            }
            LoadShape s = shape.build();
            if (s.rampTo() != s.rate()) {
                throw new IllegalArgumentException(
                        "rampTo is not supported for calls: the open model runs at a constant"
                                + " rate");
            }
            return new FutureLoadRunner(
                    new FuturePlan(
                            call,
                            classifier,
                            s.concurrency(),
                            s.requests(),
                            s.duration(),
                            s.rate(),
                            s.warmupRequests(),
                            s.requestTimeout(),
                            s.maxDuration(),
                            Optional.ofNullable(listener),
                            knownKinds,
                            targetName,
                            selfTimed));
        }
    }
}
