package io.gonogo.runners.load;

import io.gonogo.runners.load.internal.EngineRun;
import io.gonogo.runners.load.internal.LoadPlan;
import io.gonogo.runners.load.internal.OpPlan;
import io.gonogo.runners.load.internal.RequestEncoder;
import io.gonogo.runners.spi.RunShard;
import io.gonogo.runners.spi.TlsSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs an HTTP/1.1 keep-alive load against one target, in the closed or the open model, over plain
 * TCP ({@code http://}) or TLS ({@code https://}, see {@link Builder#tls(TlsSettings)}).
 *
 * <p>Closed model (the default): {@code concurrency} virtual users, each on its own keep-alive
 * connection, share {@code warmupRequests + requests} requests, or send for a {@link
 * Builder#duration(Duration) duration} after the warm-up; each user sends its next request when the
 * previous one is resolved. Open model ({@link Builder#rate(double)}): requests leave at a constant
 * rate for a duration over a pool of {@code concurrency} connections, and latency runs from each
 * request's intended send time, so a stalled server shows in the percentiles; see {@link
 * LoadResult#sendLagMicros()} for how late the generator itself was.
 *
 * <p>Built with {@link #builder()}; a runner is immutable and {@link #run()} may be called any
 * number of times, each run independent of the others. A run blocks the calling thread, which
 * becomes the engine thread: it owns one selector and all connections of that run.
 *
 * <p>Behaviour on failure, per virtual user: a refused or timed-out connect counts the request as
 * {@link ErrorKind#CONNECT} and the user tries its next request on a new connection after a 10 ms
 * back-off; a request not answered within the request timeout counts as {@link ErrorKind#TIMEOUT}
 * and its connection is closed and reopened; a connection closed by the peer while a request is
 * outstanding counts as {@link ErrorKind#RESET}; a malformed response counts as {@link
 * ErrorKind#PROTOCOL} and the connection is reopened. A server that closes a connection after a
 * complete response ({@code Connection: close}, an HTTP/1.0 response, or closing an idle
 * connection) is not an error: the user reconnects for its next request. When the first connect
 * attempt of every user fails before any response, the run stops at once with an abort reason
 * starting with {@code target unreachable}. The open model treats its pooled connections the same
 * way, except that a request is never retried on another connection and the run stops as
 * unreachable when its first {@code concurrency} connect attempts all fail.
 *
 * <p>Over {@code https} every connection does its TLS handshake as part of its connect, within the
 * same timeout: the connect time includes the handshake, and a failed handshake counts the request
 * as {@link ErrorKind#TLS} with the back-off and stop rules of a failed connect. TLS sessions are
 * resumed on reconnects within a run; ALPN offers {@code http/1.1} only.
 */
public final class LoadRunner {

    private final LoadPlan plan;

    private LoadRunner(LoadPlan plan) {
        this.plan = plan;
    }

    /**
     * Starts a builder with the defaults: closed model, one user, one request, method GET, no
     * headers or body, request timeout 10 s, success statuses 200..299, no warm-up, maximum
     * duration 10 minutes, no progress listener.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the load once and blocks until it has finished, aborted or reached its maximum duration.
     *
     * <p>If the calling thread is interrupted, the run stops as soon as the engine notices, with
     * the abort reason {@code interrupted}, and the thread's interrupt flag is set again.
     *
     * @return the figures of this run
     * @throws java.io.UncheckedIOException if the selector cannot be opened
     */
    public LoadResult run() {
        return EngineRun.run(plan);
    }

    /**
     * Warms the JIT for this runner's requests before any clock starts, once per JVM: the JDK's TLS
     * code for an https target; nothing for plain HTTP, and nothing is sent to the target. {@link
     * #run()} and {@link #runFrom} do it themselves; a shard calls it before it waits for the start
     * instant, so that the warm-up does not make it late.
     */
    public void warm() {
        EngineRun.warm(plan);
    }

    /**
     * Runs with the run's clock anchored at {@code startAt}: the open model's schedule and the
     * interval log's one-second grid count from that wall-clock instant, not from when this runner
     * got ready. The shards of a sharded run are given one start instant, so their arrivals form
     * the one schedule and their interval logs share one grid, however long each took to open its
     * log and start its threads. A {@code startAt} in the future is waited for; one more than a
     * second past is taken as now.
     *
     * @param startAt the wall-clock instant the run's clock starts at
     * @return the figures of this run
     * @throws java.io.UncheckedIOException if the selector cannot be opened
     */
    public LoadResult runFrom(java.time.Instant startAt) {
        return EngineRun.runCalls(plan, java.util.Objects.requireNonNull(startAt, "startAt"))
                .figures();
    }

    /**
     * Returns the target this runner sends its requests to.
     *
     * @return the target URI
     */
    public URI target() {
        return plan.target();
    }

    private static long saturatedNanos(Duration d) {
        return d.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : d.toNanos();
    }

    /** Collects and validates the settings of a {@link LoadRunner}. */
    public static final class Builder {

        private URI target;
        private String method = "GET";
        private final List<String[]> headers = new ArrayList<>();
        private byte[] body = new byte[0];
        private String contentType;
        private LoadShape.Builder shape = LoadShape.builder();
        private int successFrom = 200;
        private int successTo = 299;
        private ProgressListener progressListener;
        private GeneratorBounds bounds = GeneratorBounds.DEFAULT;
        private Path intervalLog;
        private String logTag = "latency";
        private final List<LoadOperation> operations = new ArrayList<>();
        private TlsSettings tls = TlsSettings.DEFAULT;
        private RunShard shard = RunShard.WHOLE;

        private Builder() {}

        /**
         * Runs shard {@code I} of {@code N}'s share of the load the other settings describe;
         * default {@link RunShard#WHOLE}. Closed model: this runner opens {@link
         * RunShard#share(long)} of the connections and sends that share of the requests and of the
         * warm-up, so the shares of all shards add up to the whole. Open model: the rate, ramp,
         * duration and warm-up stay the whole run's and so does the schedule, of which this runner
         * sends the requests {@code I, I + N, I + 2N, ...} over its share of the connection pool:
         * run together, the shards' arrivals interleave into the one schedule.
         *
         * <p>{@link #build()} fails when a share would be empty: fewer connections (or, by count,
         * requests) than shards.
         *
         * @param shard the share this runner sends
         * @return this builder
         */
        public Builder shard(RunShard shard) {
            this.shard = Objects.requireNonNull(shard, "shard");
            return this;
        }

        /**
         * Sets the target URL.
         *
         * @param target an absolute {@code http://} or {@code https://host[:port]/path[?query]}
         *     URI; the port defaults to 80 or 443
         * @return this builder
         * @throws IllegalArgumentException if the scheme is neither http nor https or the host is
         *     missing
         */
        public Builder target(URI target) {
            Objects.requireNonNull(target, "target");
            String scheme = target.getScheme();
            String lower = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
            if (!lower.equals("http") && !lower.equals("https")) {
                throw new IllegalArgumentException(
                        "target must be an http:// or https:// URL, got " + target);
            }
            if (target.getHost() == null || target.getHost().isEmpty()) {
                throw new IllegalArgumentException("target must name a host, got " + target);
            }
            if (target.getPort() > 65535) {
                throw new IllegalArgumentException(
                        "target port must be <= 65535, got " + target.getPort());
            }
            this.target = target;
            return this;
        }

        /**
         * Sets how TLS connections are opened when the target is {@code https}: trusted
         * certificates, host name check, client certificate, server name; default {@link
         * TlsSettings#DEFAULT} (the JDK's trust store, the URL's host verified). Not used for an
         * {@code http} target.
         *
         * @param tls the TLS settings
         * @return this builder
         */
        public Builder tls(TlsSettings tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * Sets the request method; default GET.
         *
         * @param method an HTTP method token such as GET or POST
         * @return this builder
         * @throws IllegalArgumentException if the method is not an HTTP token
         */
        public Builder method(String method) {
            Objects.requireNonNull(method, "method");
            if (!RequestEncoder.isToken(method)) {
                throw new IllegalArgumentException(
                        "method must be an HTTP token such as GET, got '" + method + "'");
            }
            this.method = method;
            return this;
        }

        /**
         * Adds a request header; may be called several times, also with the same name.
         *
         * <p>{@code Content-Length} and {@code Transfer-Encoding} are set by the engine and cannot
         * be given; a {@code Host} header replaces the one taken from the target.
         *
         * @param name the header name
         * @param value the header value
         * @return this builder
         * @throws IllegalArgumentException if the name is not a token, is reserved, or the value
         *     contains a line break
         */
        public Builder header(String name, String value) {
            checkHeader(name, value);
            headers.add(new String[] {name, value});
            return this;
        }

        static void checkHeader(String name, String value) {
            Objects.requireNonNull(name, "header name");
            Objects.requireNonNull(value, "header value");
            if (!RequestEncoder.isToken(name)) {
                throw new IllegalArgumentException(
                        "header name must be an HTTP token, got '" + name + "'");
            }
            if (name.equalsIgnoreCase("Content-Length")
                    || name.equalsIgnoreCase("Transfer-Encoding")) {
                throw new IllegalArgumentException(
                        "header " + name + " is set by the engine and cannot be given");
            }
            if (!RequestEncoder.isFieldValue(value)) {
                throw new IllegalArgumentException(
                        "header "
                                + name
                                + " must not contain line breaks or"
                                + " control characters");
            }
        }

        /**
         * Adds an operation to a weighted mix; with at least one, every request is one of the mix's
         * operations (chosen in a fixed interleaved order that gives each its weight's share), sent
         * to the target's host and port with the operation's path, its headers after the runner's
         * ({@link #header(String, String)}) and its body; the runner's method, body, path and
         * success statuses are then not used. {@link LoadResult#operations()} gives each
         * operation's figures; the run's figures are over all of them.
         *
         * @param operation the operation; names must be unique within the mix
         * @return this builder
         * @throws IllegalArgumentException if an operation of that name was already added
         */
        public Builder operation(LoadOperation operation) {
            Objects.requireNonNull(operation, "operation");
            for (LoadOperation o : operations) {
                if (o.name().equals(operation.name())) {
                    throw new IllegalArgumentException(
                            "operation '" + operation.name() + "' is in the mix twice");
                }
            }
            operations.add(operation);
            return this;
        }

        /**
         * Sets the request body and its content type; by default requests have no body.
         *
         * @param bytes the body, copied
         * @param contentType the value of the {@code Content-Type} header
         * @return this builder
         * @throws IllegalArgumentException if the content type contains a line break
         */
        public Builder body(byte[] bytes, String contentType) {
            Objects.requireNonNull(bytes, "body");
            Objects.requireNonNull(contentType, "contentType");
            if (!RequestEncoder.isFieldValue(contentType)) {
                throw new IllegalArgumentException(
                        "body content type must not contain line breaks or"
                                + " control characters");
            }
            this.body = bytes.clone();
            this.contentType = contentType;
            return this;
        }

        /**
         * Sets the number of virtual users, each with its own connection; 1..100,000, checked when
         * set.
         *
         * @param concurrency the number of connections
         * @return this builder
         */
        public Builder concurrency(int concurrency) {
            shape.concurrency(concurrency);
            return this;
        }

        /**
         * Sets the number of measured requests of a closed run, instead of a duration; must be >=
         * 1, checked when set.
         *
         * @param requests the number of requests in the figures
         * @return this builder
         */
        public Builder requests(long requests) {
            shape.requests(requests);
            return this;
        }

        /**
         * Sets how long a run sends measured requests, instead of a request count; must be
         * positive, checked when set.
         *
         * <p>In the closed model the clock starts with the first measured request (after the
         * warm-up); once the duration has passed no new request is sent and the outstanding ones
         * finish, each bounded by the request timeout, without the run counting as aborted. In the
         * open model the schedule holds {@code floor(rate * duration)} measured requests. Unless
         * {@link #maxDuration(Duration)} is set, the hard stop becomes this duration plus 10
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
         * Selects the open model with this constant arrival rate; must be > 0, checked when set,
         * and needs a duration.
         *
         * <p>{@code concurrency} then sets the size of the connection pool: a request due while
         * every connection is busy waits for one, and its wait counts in its latency.
         *
         * @param perSecond requests per second
         * @return this builder
         */
        public Builder rate(double perSecond) {
            shape.rate(perSecond);
            return this;
        }

        /**
         * Open model: ramps the arrival rate linearly from {@link #rate(double)} at the start of
         * the measured duration to this rate at its end; must be > 0 (checked when set) and needs a
         * rate.
         *
         * <p>Warm-up requests leave at the starting rate, before the ramp. Measured request {@code
         * m} is intended to leave when {@code rate*t + (rampTo-rate)*t^2/(2*duration)} reaches
         * {@code m}, so the run holds {@code floor((rate+rampTo)/2 * duration)} measured requests.
         *
         * @param perSecond the rate reached at the end of the duration, requests per second
         * @return this builder
         */
        public Builder rampTo(double perSecond) {
            shape.rampTo(perSecond);
            return this;
        }

        /**
         * Sets the number of engine threads, each with its own selector and a near-equal share of
         * the connections (at most one thread per connection); 1..256 (checked when set), default
         * 1.
         *
         * <p>In the closed model by count each thread also takes its share of the requests and of
         * the warm-up (a thread starts measuring when its own warm-up is done); in the open model
         * the threads share one schedule, each sending every {@code threads}-th request, so
         * together they keep the rate. Histograms and counts are merged at the end, and progress
         * sums the threads, so the figures mean the same as with one thread.
         *
         * @param threads the number of engine threads
         * @return this builder
         */
        public Builder threads(int threads) {
            shape.threads(threads);
            return this;
        }

        /**
         * Sets the whole shape of the load at once: concurrency, count or duration, rate and ramp,
         * threads, warm-up, request timeout and hard stop; the shape's setters of this builder
         * change it afterwards. The HTTP engine opens one connection per request in flight, so the
         * shape's connections must equal its concurrency.
         *
         * @param shape the shape
         * @return this builder
         */
        public Builder shape(LoadShape shape) {
            this.shape = Objects.requireNonNull(shape, "shape").toBuilder();
            return this;
        }

        /**
         * Sets the bounds on the generator's own health beyond which a run is flagged as
         * generator-bound; default {@link GeneratorBounds#DEFAULT}.
         *
         * @param bounds the bounds
         * @return this builder
         */
        public Builder generatorBounds(GeneratorBounds bounds) {
            this.bounds = Objects.requireNonNull(bounds, "bounds");
            return this;
        }

        /**
         * Writes an HdrHistogram interval log of the measured latencies (microseconds, one interval
         * per second and engine thread, each tagged {@code tag}) to {@code file}; by default none.
         * Adding all intervals of the log gives exactly {@link LoadResult#latencyMicros()}.
         *
         * @param file the log file, replaced if present
         * @param tag the tag of every interval histogram, such as the scenario's id; no spaces or
         *     commas
         * @return this builder
         * @throws IllegalArgumentException if the tag is empty or holds spaces, commas or line
         *     breaks
         */
        public Builder intervalLog(Path file, String tag) {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(tag, "tag");
            if (tag.isEmpty() || !tag.matches("[^\\s,]+")) {
                throw new IllegalArgumentException(
                        "interval log tag must be non-empty without spaces or commas, got '"
                                + tag
                                + "'");
            }
            this.intervalLog = file;
            this.logTag = tag;
            return this;
        }

        /**
         * Sets the number of warm-up requests sent first, on top of {@code requests} and excluded
         * from every figure; must be >= 0, checked when set; default 0.
         *
         * <p>The measured requests start only when every warm-up request has been resolved.
         *
         * @param warmupRequests the number of warm-up requests
         * @return this builder
         */
        public Builder warmupRequests(long warmupRequests) {
            shape.warmupRequests(warmupRequests);
            return this;
        }

        /**
         * Sets how long a request may wait for its complete response, and a connect for its
         * connection; must be positive, checked when set; default 10 s.
         *
         * @param requestTimeout the timeout
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            shape.requestTimeout(requestTimeout);
            return this;
        }

        /**
         * Sets the inclusive range of statuses that count as success; default 200..299.
         *
         * @param from the lowest successful status, at least 100
         * @param to the highest successful status, at most 599 and at least {@code from}
         * @return this builder
         */
        public Builder successStatuses(int from, int to) {
            this.successFrom = from;
            this.successTo = to;
            return this;
        }

        /**
         * Sets a listener called on the engine thread about once per second; by default none.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder progressListener(ProgressListener listener) {
            this.progressListener = Objects.requireNonNull(listener, "progressListener");
            return this;
        }

        /**
         * Sets a hard stop for the whole run, warm-up included; default 10 minutes. When it is
         * reached, the remaining requests are not sent and the result carries an abort reason.
         *
         * @param maxDuration the longest a run may last; must be positive, checked when set
         * @return this builder
         */
        public Builder maxDuration(Duration maxDuration) {
            shape.maxDuration(maxDuration);
            return this;
        }

        /**
         * Validates the settings and builds the runner.
         *
         * @return a runner for these settings
         * @throws IllegalArgumentException naming the setting, its bound and the bad value
         */
        public LoadRunner build() {
            if (target == null) {
                throw new IllegalArgumentException(
                        "target must be set (an http:// or https:// URL)");
            }
            if (target.getScheme().equalsIgnoreCase("https")) {
                try {
                    tls.sslContext(); // reads the PEM files now, so a bad one fails the build
                } catch (IOException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
            if (successFrom < 100 || successFrom > 599) {
                throw new IllegalArgumentException(
                        "successStatuses from must be within 100..599, got " + successFrom);
            }
            if (successTo < successFrom || successTo > 599) {
                throw new IllegalArgumentException(
                        "successStatuses to must be within "
                                + successFrom
                                + "..599, got "
                                + successTo);
            }
            LoadShape s = shape.build();
            if (s.connections() != s.concurrency()) {
                throw new IllegalArgumentException(
                        "the HTTP engine opens one connection per request in flight: connections "
                                + s.connections()
                                + " must equal concurrency "
                                + s.concurrency());
            }
            byte[] request =
                    RequestEncoder.encode(
                            target, method, headers, body, Optional.ofNullable(contentType));
            boolean open = s.rate() > 0;
            int concurrency = (int) shareOf("concurrency", s.concurrency());
            long requests =
                    open || s.duration().isPresent()
                            ? s.requests()
                            : shareOf("requests", s.requests());
            long warmup = open ? s.warmupRequests() : shard.share(s.warmupRequests());
            return new LoadRunner(
                    new LoadPlan(
                            target,
                            RequestEncoder.host(target),
                            RequestEncoder.port(target),
                            request,
                            method.equals("HEAD"),
                            concurrency,
                            requests,
                            warmup,
                            s.requestTimeout(),
                            successFrom,
                            successTo,
                            Optional.ofNullable(progressListener),
                            s.maxDuration(),
                            s.duration(),
                            s.rate(),
                            s.rampTo(),
                            s.threads(),
                            bounds,
                            Optional.ofNullable(intervalLog),
                            logTag,
                            ops(request, s.requestTimeout()),
                            tls,
                            Optional.empty(),
                            shard));
        }

        /** This shard's share of {@code total}, failing when it would be empty. */
        private long shareOf(String name, long total) {
            return shard.requireShare(name, total);
        }

        /** The operations of the run: the runner's own request, or the mix's. */
        private List<OpPlan> ops(byte[] request, Duration requestTimeout) {
            List<OpPlan> ops = new ArrayList<>();
            if (operations.isEmpty()) {
                boolean[] ok = new boolean[600];
                for (int st = successFrom; st <= successTo; st++) {
                    ok[st] = true;
                }
                ops.add(
                        new OpPlan(
                                "",
                                request,
                                method.equals("HEAD"),
                                ok,
                                saturatedNanos(requestTimeout),
                                1));
            }
            for (LoadOperation o : operations) {
                ops.add(op(o, requestTimeout));
            }
            return List.copyOf(ops);
        }

        private OpPlan op(LoadOperation o, Duration requestTimeout) {
            URI uri;
            try {
                uri = URI.create(target.getScheme() + "://" + target.getRawAuthority() + o.path());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "operation '"
                                + o.name()
                                + "' has a path that is not a valid URI"
                                + " path: "
                                + o.path());
            }
            List<String[]> all = new ArrayList<>(headers);
            all.addAll(o.headers());
            boolean[] ok = new boolean[600];
            for (int st = 100; st < 600; st++) {
                ok[st] = o.succeeds(st);
            }
            return new OpPlan(
                    o.name(),
                    RequestEncoder.encode(uri, o.method(), all, o.body(), o.contentType()),
                    o.method().equals("HEAD"),
                    ok,
                    saturatedNanos(o.timeout().orElse(requestTimeout)),
                    o.weight());
        }
    }
}
