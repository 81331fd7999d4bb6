package io.gonogo.runners.load;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The shape of a load, whatever it sends: how many requests in flight over how many connections and
 * engine threads, how many requests or for how long, at what rate (and ramp) in the open model, the
 * warm-up, the request timeout and the hard stop. {@link LoadRunner}, {@link
 * io.gonogo.runners.load.grpc.GrpcLoadRunner} and {@link
 * io.gonogo.runners.load.grpc.FutureLoadRunner} all take one.
 *
 * <pre>{@code
 * LoadShape shape = LoadShape.builder()
 *         .concurrency(50)
 *         .rate(2_000)
 *         .duration(Duration.ofSeconds(30))
 *         .warmupRequests(1_000)
 *         .build();
 * LoadResult r = LoadRunner.builder().target(uri).shape(shape).build().run();
 * }</pre>
 *
 * @param concurrency closed model: requests in flight (virtual users); open model: the most in
 *     flight; 1..100,000
 * @param connections connections the requests go over: the HTTP engine opens one per request in
 *     flight, so it needs {@code connections == concurrency}; the gRPC runner multiplexes calls
 *     over them; 1..100,000
 * @param threads engine threads (HTTP: selectors, gRPC: event loops), 1..256
 * @param requests measured requests of a run by count, at least 1; not used with a duration
 * @param duration the measured duration of a run by duration, positive
 * @param rate open model: requests per second at the start of the duration, up to 10,000,000; 0 for
 *     the closed model
 * @param rampTo open model: requests per second at the end of the duration, the rate rising or
 *     falling linearly from {@code rate}; equal to {@code rate} for a constant rate, 0 for the
 *     closed model
 * @param warmupRequests requests before the measured ones, excluded from every figure, at least 0
 * @param requestTimeout how long a request (and a connect) may take, positive
 * @param maxDuration the hard stop of the whole run, warm-up included, positive
 */
public record LoadShape(
        int concurrency,
        int connections,
        int threads,
        long requests,
        Optional<Duration> duration,
        double rate,
        double rampTo,
        long warmupRequests,
        Duration requestTimeout,
        Duration maxDuration) {

    /** The most requests in flight, and the most connections. */
    public static final int MAX_CONCURRENCY = 100_000;

    /** The most engine threads. */
    public static final int MAX_THREADS = 256;

    /** The highest rate, requests per second. */
    public static final double MAX_RATE = 10_000_000;

    /** The most requests of a run, warm-up included. */
    public static final long MAX_REQUESTS = Long.MAX_VALUE / 2;

    /** The hard stop without {@link Builder#maxDuration(Duration)}, after the duration if any. */
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(10);

    /**
     * Checks every component and how they go together.
     *
     * @param concurrency requests in flight, 1..100,000
     * @param connections connections, 1..100,000
     * @param threads engine threads, 1..256
     * @param requests measured requests of a run by count, at least 1
     * @param duration the measured duration of a run by duration, positive
     * @param rate open model: requests per second, 0 for the closed model
     * @param rampTo open model: the rate at the end of the duration, 0 for the closed model
     * @param warmupRequests warm-up requests, at least 0
     * @param requestTimeout the request timeout, positive
     * @param maxDuration the hard stop, positive
     * @throws IllegalArgumentException naming the component, its bound and the bad value
     */
    public LoadShape {
        checkConcurrency(concurrency);
        checkConnections(connections);
        checkThreads(threads);
        checkRequests(requests);
        Objects.requireNonNull(duration, "duration").ifPresent(LoadShape::checkDuration);
        checkWarmup(warmupRequests);
        checkPositive("requestTimeout", requestTimeout);
        checkPositive("maxDuration", maxDuration);
        if (rate != 0) {
            checkRate("rate", rate);
            checkRate("rampTo", rampTo);
            if (duration.isEmpty()) {
                throw new IllegalArgumentException(
                        "rate needs a duration (the open model runs for a duration)");
            }
        } else if (rampTo != 0) {
            throw new IllegalArgumentException("rampTo needs a rate (the ramp starts from it)");
        }
        if (requests > MAX_REQUESTS - warmupRequests) {
            throw new IllegalArgumentException(
                    "requests + warmupRequests must be <= "
                            + MAX_REQUESTS
                            + ", got "
                            + requests
                            + " + "
                            + warmupRequests);
        }
    }

    /**
     * Starts a builder with the defaults: closed model, one request in flight over one connection
     * and one thread, one request, no warm-up, request timeout 10 s, hard stop 10 minutes (after
     * the duration, for a run by duration).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this shape, to change some of it; its hard stop is this shape's
     * {@link #maxDuration()}, set, so a new duration does not move it, and its connections follow
     * the concurrency unless this shape has them apart.
     *
     * @return a new builder with every component of this shape set
     */
    public Builder toBuilder() {
        Builder b =
                new Builder()
                        .concurrency(concurrency)
                        .threads(threads)
                        .warmupRequests(warmupRequests)
                        .requestTimeout(requestTimeout)
                        .maxDuration(maxDuration);
        if (connections != concurrency) {
            b.connections(connections);
        }
        duration.ifPresentOrElse(b::duration, () -> b.requests(requests));
        if (rate != 0) {
            b.rate(rate);
            if (rampTo != rate) {
                b.rampTo(rampTo);
            }
        }
        return b;
    }

    /**
     * Returns the load model: open with a rate, closed without.
     *
     * @return {@link LoadModel#OPEN} or {@link LoadModel#CLOSED}
     */
    public LoadModel model() {
        return rate > 0 ? LoadModel.OPEN : LoadModel.CLOSED;
    }

    private static void checkConcurrency(long concurrency) {
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException(
                    "concurrency must be within 1..100000, got " + concurrency);
        }
    }

    private static void checkConnections(long connections) {
        if (connections < 1 || connections > MAX_CONCURRENCY) {
            throw new IllegalArgumentException(
                    "connections must be within 1..100000, got " + connections);
        }
    }

    private static void checkThreads(long threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be within 1..256, got " + threads);
        }
    }

    private static void checkRequests(long requests) {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be >= 1, got " + requests);
        }
    }

    private static void checkDuration(Duration duration) {
        checkPositive("duration", duration);
    }

    private static void checkWarmup(long warmupRequests) {
        if (warmupRequests < 0) {
            throw new IllegalArgumentException(
                    "warmupRequests must be >= 0, got " + warmupRequests);
        }
    }

    private static void checkRate(String name, double perSecond) {
        if (!(perSecond > 0 && perSecond <= MAX_RATE)) {
            throw new IllegalArgumentException(
                    name + " must be > 0 and <= 10000000 per second, got " + perSecond);
        }
    }

    private static void checkPositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + d);
        }
    }

    /**
     * Collects the components of a {@link LoadShape}, checking each when it is set and how they go
     * together at {@link #build()}; not thread-safe.
     */
    public static final class Builder {
        private int concurrency = 1;
        private int connections;
        private boolean connectionsSet;
        private int threads = 1;
        private long requests = 1;
        private boolean requestsSet;
        private Duration duration;
        private double rate;
        private boolean rateSet;
        private double rampTo;
        private boolean rampSet;
        private long warmupRequests;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration maxDuration = DEFAULT_MAX_DURATION;
        private boolean maxDurationSet;

        private Builder() {}

        /**
         * Sets the requests in flight: the virtual users of the closed model, the most in flight of
         * the open model; default 1.
         *
         * @param concurrency 1..100,000; also the number of connections unless set apart
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder concurrency(int concurrency) {
            checkConcurrency(concurrency);
            this.concurrency = concurrency;
            return this;
        }

        /**
         * Sets the connections the requests go over; default the concurrency.
         *
         * @param connections 1..100,000
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder connections(int connections) {
            checkConnections(connections);
            this.connections = connections;
            this.connectionsSet = true;
            return this;
        }

        /**
         * Sets the engine threads, each with its share of the connections; default 1.
         *
         * @param threads 1..256
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder threads(int threads) {
            checkThreads(threads);
            this.threads = threads;
            return this;
        }

        /**
         * Sets the measured requests of a run by count, instead of a duration; default 1.
         *
         * @param requests at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder requests(long requests) {
            checkRequests(requests);
            this.requests = requests;
            this.requestsSet = true;
            return this;
        }

        /**
         * Sets how long measured requests are sent, instead of a count.
         *
         * <p>Closed model: the clock starts with the first measured request; once the duration has
         * passed no new request starts and those in flight finish. Open model: the schedule holds
         * {@code floor((rate + rampTo) / 2 * duration)} measured requests. Unless {@link
         * #maxDuration(Duration)} is set, the hard stop becomes this duration plus 10 minutes.
         *
         * @param duration positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder duration(Duration duration) {
            Objects.requireNonNull(duration, "duration");
            checkDuration(duration);
            this.duration = duration;
            return this;
        }

        /**
         * Selects the open model at this arrival rate; needs a duration.
         *
         * @param perSecond requests per second, above 0 and at most 10,000,000
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder rate(double perSecond) {
            checkRate("rate", perSecond);
            this.rate = perSecond;
            this.rateSet = true;
            return this;
        }

        /**
         * Open model: ramps the arrival rate linearly from {@link #rate(double)} at the start of
         * the measured duration to this rate at its end; needs a rate. Warm-up requests leave at
         * the starting rate, before the ramp.
         *
         * @param perSecond the rate at the end of the duration, above 0 and at most 10,000,000
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder rampTo(double perSecond) {
            checkRate("rampTo", perSecond);
            this.rampTo = perSecond;
            this.rampSet = true;
            return this;
        }

        /**
         * Sets the warm-up requests, sent first on top of the measured ones and excluded from every
         * figure; the measured requests start when every warm-up request is resolved; default 0.
         *
         * @param warmupRequests at least 0
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder warmupRequests(long warmupRequests) {
            checkWarmup(warmupRequests);
            this.warmupRequests = warmupRequests;
            return this;
        }

        /**
         * Sets how long a request may wait for its complete response, and a connect for its
         * connection; default 10 s.
         *
         * @param requestTimeout positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder requestTimeout(Duration requestTimeout) {
            checkPositive("requestTimeout", requestTimeout);
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * Sets the hard stop of the whole run, warm-up included; default 10 minutes, after the
         * duration for a run by duration. When it is reached, the remaining requests are not sent
         * and the result carries an abort reason.
         *
         * @param maxDuration positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxDuration(Duration maxDuration) {
            checkPositive("maxDuration", maxDuration);
            this.maxDuration = maxDuration;
            this.maxDurationSet = true;
            return this;
        }

        /**
         * Checks how the settings go together and builds the shape.
         *
         * @return the shape
         * @throws IllegalArgumentException naming the settings that do not go together
         */
        public LoadShape build() {
            if (duration != null && requestsSet) {
                throw new IllegalArgumentException("set either requests or duration, not both");
            }
            if (rateSet && duration == null) {
                throw new IllegalArgumentException(
                        "rate needs a duration (the open model runs for a duration)");
            }
            if (rampSet && !rateSet) {
                throw new IllegalArgumentException("rampTo needs a rate (the ramp starts from it)");
            }
            Duration hardStop = maxDuration;
            if (duration != null && !maxDurationSet) {
                hardStop =
                        duration.compareTo(Duration.ofDays(365)) > 0
                                ? duration
                                : duration.plus(maxDuration);
            }
            return new LoadShape(
                    concurrency,
                    connectionsSet ? connections : concurrency,
                    threads,
                    requests,
                    Optional.ofNullable(duration),
                    rateSet ? rate : 0.0,
                    rampSet ? rampTo : rateSet ? rate : 0.0,
                    warmupRequests,
                    requestTimeout,
                    hardStop);
        }
    }
}
