package io.gonogo.server;

import io.gonogo.server.internal.ApiRoutes;
import io.gonogo.server.internal.ConnectionLimits;
import io.gonogo.server.internal.HttpChannelInitializer;
import io.gonogo.server.internal.Transport;
import io.gonogo.server.internal.governance.Admission;
import io.gonogo.server.internal.governance.GovernanceService;
import io.gonogo.server.internal.governance.PendingHub;
import io.gonogo.server.internal.governance.ServerMetrics;
import io.gonogo.server.internal.governance.Store;
import io.gonogo.server.internal.grpc.GrpcServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The governance server: operators open sessions and review the decisions an automated system
 * proposes, over HTTP/JSON on one Netty event loop and over gRPC, with its state in an embedded H2
 * database. gonogo measures and governs it.
 *
 * <p>Built by a {@link Builder}, then started once and stopped once:
 *
 * <pre>{@code
 * try (GovernanceServer server = GovernanceServer.builder().httpPort(0).build()) {
 *     server.start();
 *     URI health = server.httpBaseUri().resolve("/health");
 *     ...
 * }
 * }</pre>
 *
 * <p>It binds to loopback unless told otherwise, and port 0 picks a free port that {@link
 * #httpPort()} reports after {@link #start()}. {@code GET /health} (also {@code HEAD}) answers
 * {@code {"status":"UP"}} on the event loop without touching storage; the governance API is
 * described in {@code io.gonogo.server.internal.ApiRoutes} and the gRPC service in {@code
 * src/main/proto/governance.proto}. gRPC is served only when {@link Builder#grpcPort(int)} was set.
 * Unknown paths are 404, request bodies over 1 MiB are 413 and malformed requests are 400.
 * Connections are kept alive and pipelined requests are answered in order. Mutating calls need the
 * operator token ({@link #operatorToken()}); storage work is bounded by {@link
 * Builder#maxInFlight(int)}, past which calls fail fast with 503 / RESOURCE_EXHAUSTED.
 *
 * <p>A connection is held to limits, so that clients which hold connections open or never finish a
 * request cannot wear the server down: it is closed after {@link Builder#idleTimeout(Duration)}
 * without a request (an event stream gets a heartbeat instead), a request not complete within
 * {@link Builder#requestTimeout(Duration)} of its first byte is a 408, a request past {@link
 * Builder#maxPipelinedRequests(int)} waiting on its connection is a 503, and at most {@link
 * Builder#maxWatchers(int)} watches of pending decisions (SSE and gRPC together) are open at once,
 * past which a watch is refused with 503 / RESOURCE_EXHAUSTED.
 *
 * <p>The configuration is immutable and every method is thread-safe.
 */
public final class GovernanceServer implements AutoCloseable {

    private static final String DEFAULT_HOST = "127.0.0.1";
    private static final long SHUTDOWN_QUIET_MILLIS = 10;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 5_000;

    private enum State {
        NEW,
        STARTED,
        STOPPED
    }

    private final String host;
    private final int requestedHttpPort;
    private final int requestedGrpcPort;
    private final Path dataDir;
    private final String operatorToken;
    private final int workerThreads;
    private final int maxInFlight;
    private final int maxWatchers;
    private final ConnectionLimits limits;
    private final Transport transport;
    private final LongAdder handledRequests = new LongAdder();

    private Store store;
    private PendingHub hub;
    private GovernanceService service;
    private ServerMetrics metrics;
    private Admission admission;
    private GrpcServer grpc;
    private volatile int boundGrpcPort = -1;

    private final Object lock = new Object();
    private State state = State.NEW;
    private EventLoopGroup group;
    private Channel serverChannel;
    private HttpChannelInitializer connections;
    private volatile int boundHttpPort = -1;

    private GovernanceServer(Builder builder) {
        this.host = builder.host;
        this.requestedHttpPort = builder.httpPort;
        this.requestedGrpcPort = builder.grpcPort;
        this.dataDir = builder.dataDir;
        this.operatorToken = builder.operatorToken != null ? builder.operatorToken : randomToken();
        this.workerThreads = builder.workerThreads;
        this.maxInFlight = builder.maxInFlight;
        this.maxWatchers = builder.maxWatchers;
        this.limits =
                new ConnectionLimits(
                        builder.idleTimeout.toNanos(),
                        builder.requestTimeout.toNanos(),
                        builder.maxPipelinedRequests);
        this.transport = Transport.fromSystemProperty();
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Returns a builder with the defaults: host 127.0.0.1, HTTP port 0, no gRPC, no data directory
     * (state in memory), a random operator token, 4 workers, 256 requests in flight, 1,000
     * watchers, 64 pipelined requests per connection, a 60 s idle timeout and a 10 s request
     * timeout.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the data directory if one was given, opens the database (in it, or in memory), then
     * binds the HTTP port and, if enabled, the gRPC port, and starts serving.
     *
     * @throws IllegalStateException if this server was started or stopped before
     * @throws UncheckedIOException if a port cannot be bound, the data directory created or the
     *     database opened (for example because another process holds it)
     */
    public void start() {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException(
                        "this governance server was already "
                                + (state == State.STARTED
                                        ? "started on " + httpBaseUri()
                                        : "stopped")
                                + "; a GovernanceServer starts once, build a new one to start"
                                + " again");
            }
            state = State.STARTED;
            try {
                createDataDir();
                openServices();
                bind();
                if (requestedGrpcPort >= 0) {
                    grpc =
                            new GrpcServer(
                                    host,
                                    requestedGrpcPort,
                                    service,
                                    admission,
                                    hub,
                                    metrics,
                                    HttpChannelInitializer.MAX_BODY_BYTES,
                                    limits.idleTimeoutNanos(),
                                    limits.requestTimeoutNanos());
                    boundGrpcPort = grpc.port();
                }
            } catch (RuntimeException e) {
                state = State.STOPPED;
                shutDownAll();
                throw e;
            }
        }
    }

    private void createDataDir() {
        if (dataDir == null) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the governance server's data directory " + dataDir + ": " + e,
                    e);
        }
    }

    private void openServices() {
        try {
            store = Store.open(Optional.ofNullable(dataDir), workerThreads);
        } catch (SQLException e) {
            throw new UncheckedIOException(
                    new IOException(
                            "cannot open the governance server's database"
                                    + (dataDir == null ? " in memory" : " in " + dataDir)
                                    + ": "
                                    + e.getMessage(),
                            e));
        }
        metrics = new ServerMetrics();
        admission = new Admission(workerThreads, maxInFlight);
        hub = new PendingHub(maxWatchers);
        service = new GovernanceService(store, hub, Clock.systemUTC(), operatorToken);
        metrics.functionCounter(
                "gonogo.server.http.handled",
                "HTTP requests answered, any path",
                handledRequests,
                LongAdder::sum);
        metrics.gauge(
                "gonogo.server.inflight",
                "admitted requests not yet finished",
                admission,
                Admission::inFlight);
        metrics.gauge(
                "gonogo.server.inflight.max",
                "the bound on admitted requests",
                admission,
                Admission::maxInFlight);
        metrics.functionCounter(
                "gonogo.server.rejected",
                "requests refused as overload",
                admission,
                Admission::rejected);
        metrics.gauge(
                "gonogo.server.watchers",
                "open watches of pending decisions",
                hub,
                PendingHub::watchers);
        metrics.gauge(
                "gonogo.server.watchers.max",
                "the bound on open watches of pending decisions",
                hub,
                PendingHub::maxWatchers);
        metrics.functionCounter(
                "gonogo.server.watchers.refused",
                "watches refused at the bound",
                hub,
                PendingHub::refused);
    }

    private void bind() {
        InetSocketAddress address = new InetSocketAddress(host, requestedHttpPort);
        if (address.isUnresolved()) {
            throw new UncheckedIOException(
                    new UnknownHostException(
                            "cannot bind the governance server: host '"
                                    + host
                                    + "' does not resolve to an address"));
        }
        group =
                new MultiThreadIoEventLoopGroup(
                        1,
                        new DefaultThreadFactory("gonogo-governance-http", true),
                        transport.newIoHandlerFactory());
        connections =
                new HttpChannelInitializer(
                        handledRequests, new ApiRoutes(service, admission, metrics, hub), limits);
        metrics.gauge(
                "gonogo.server.http.connections",
                "open HTTP connections",
                connections,
                HttpChannelInitializer::openConnections);
        ServerBootstrap bootstrap =
                new ServerBootstrap()
                        .group(group)
                        .channel(transport.serverChannelClass())
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(connections);
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            IOException io =
                    cause instanceof IOException ? (IOException) cause : new IOException(cause);
            throw new UncheckedIOException(
                    "cannot bind the governance server's HTTP port to "
                            + host
                            + ":"
                            + requestedHttpPort
                            + ": "
                            + cause.getMessage(),
                    io);
        }
        serverChannel = bound.channel();
        boundHttpPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Stops serving, gracefully: stops accepting on both transports, lets admitted requests finish
     * (up to 5 s), ends open watches, closes every connection and then the database. Idempotent;
     * harmless before {@link #start()}, after which this server can no longer be started.
     */
    public void stop() {
        synchronized (lock) {
            if (state == State.STOPPED) {
                return;
            }
            boolean wasStarted = state == State.STARTED;
            state = State.STOPPED;
            if (wasStarted) {
                shutDownAll();
            }
        }
    }

    /**
     * Graceful order: stop accepting on both transports, let admitted work finish, end the streams
     * and connections, then close storage.
     */
    private void shutDownAll() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
        }
        if (grpc != null) {
            grpc.beginShutdown();
        }
        if (admission != null) {
            admission.shutdown(SHUTDOWN_TIMEOUT_MILLIS);
        }
        if (hub != null) {
            hub.endAll();
        }
        if (grpc != null) {
            grpc.stop(SHUTDOWN_TIMEOUT_MILLIS);
        }
        shutDownLoop();
        if (metrics != null) {
            metrics.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private void shutDownLoop() {
        if (group != null) {
            var terminated =
                    group.shutdownGracefully(
                            SHUTDOWN_QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            // The loop cannot wait for its own termination.
            if (!group.next().inEventLoop()) {
                terminated.awaitUninterruptibly(2 * SHUTDOWN_TIMEOUT_MILLIS);
            }
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Returns the HTTP port bound by {@link #start()}, also after {@link #stop()}.
     *
     * @return the port, such as {@code 41234}
     * @throws IllegalStateException if the server has not been started successfully
     */
    public int httpPort() {
        int port = boundHttpPort;
        if (port < 0) {
            throw new IllegalStateException(
                    "the governance server has no HTTP port yet: call start() first");
        }
        return port;
    }

    /**
     * Returns {@code http://HOST:PORT} for the bound port, IPv6 hosts in brackets.
     *
     * @return the base URI, without a trailing {@code /}
     * @throws IllegalStateException if the server has not been started successfully
     */
    public URI httpBaseUri() {
        try {
            return new URI("http", null, host, httpPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("host '" + host + "' does not make a valid URI", e);
        }
    }

    /**
     * Returns the gRPC port bound by {@link #start()}.
     *
     * @return the port
     * @throws IllegalStateException if gRPC is not enabled or the server has not started
     */
    public int grpcPort() {
        int port = boundGrpcPort;
        if (port < 0) {
            throw new IllegalStateException(
                    requestedGrpcPort < 0
                            ? "gRPC is not enabled on this governance server: set Builder.grpcPort"
                            : "the governance server has no gRPC port yet: call start() first");
        }
        return port;
    }

    /**
     * Returns whether this server serves gRPC.
     *
     * @return true when {@link Builder#grpcPort} was called
     */
    public boolean grpcEnabled() {
        return requestedGrpcPort >= 0;
    }

    /**
     * Returns {@code HOST:PORT} of the gRPC server, the target a gRPC channel is built for.
     *
     * @return the address, such as {@code 127.0.0.1:50051}
     * @throws IllegalStateException if gRPC is not enabled or the server has not started
     */
    public String grpcAddress() {
        int port = grpcPort();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Returns the operator token mutating calls need, given or generated.
     *
     * @return the token
     */
    public String operatorToken() {
        return operatorToken;
    }

    /**
     * Returns how many HTTP requests this server has answered, on any path, since start.
     *
     * @return the count, 0 before start
     */
    public long handledRequests() {
        return handledRequests.sum();
    }

    /**
     * Returns the host or address the server binds to.
     *
     * @return the host, such as {@code 127.0.0.1}
     */
    public String host() {
        return host;
    }

    /**
     * Returns the data directory, if one was configured.
     *
     * @return the directory, or empty when the state is kept in memory
     */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /**
     * Returns whether the server has been started and not yet stopped.
     *
     * @return true between a successful {@link #start()} and {@link #stop()}
     */
    public boolean isRunning() {
        synchronized (lock) {
            return state == State.STARTED;
        }
    }

    @Override
    public String toString() {
        int port = boundHttpPort;
        int grpcPort = boundGrpcPort;
        return "GovernanceServer[http="
                + host
                + ":"
                + (port < 0 ? requestedHttpPort : port)
                + ", grpc="
                + (requestedGrpcPort < 0
                        ? "none"
                        : host + ":" + (grpcPort < 0 ? requestedGrpcPort : grpcPort))
                + ", data="
                + (dataDir == null ? "memory" : dataDir.toString())
                + ", transport="
                + transport.id()
                + ", state="
                + (isRunning() ? "started" : port < 0 ? "new" : "stopped")
                + "]";
    }

    /**
     * Collects the settings of a {@link GovernanceServer}; each setter checks its argument.
     *
     * <p>Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {

        private String host = DEFAULT_HOST;
        private int httpPort = 0;
        private int grpcPort = -1;
        private Path dataDir;
        private String operatorToken;
        private int workerThreads = 4;
        private int maxInFlight = 256;
        private int maxWatchers = 1000;
        private int maxPipelinedRequests = 64;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration requestTimeout = Duration.ofSeconds(10);

        private Builder() {}

        /**
         * Sets the host name or address to bind to; default {@code 127.0.0.1}.
         *
         * @param host the host name or address
         * @return this builder
         * @throws IllegalArgumentException if the host is blank or contains whitespace
         */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(
                        "host must be a host name or address without whitespace, got '"
                                + host
                                + "'");
            }
            this.host = host;
            return this;
        }

        /**
         * Sets the HTTP port; 0 (the default) picks a free one.
         *
         * @param port the port, 0 for a free one
         * @return this builder
         * @throws IllegalArgumentException if the port is outside 0..65535
         */
        public Builder httpPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(
                        "httpPort must be within 0..65535 (0 picks a free port), got " + port);
            }
            this.httpPort = port;
            return this;
        }

        /**
         * Enables gRPC on this port; 0 picks a free one. Without this call gRPC is not served.
         *
         * @param port the port, 0 for a free one
         * @return this builder
         * @throws IllegalArgumentException if the port is outside 0..65535
         */
        public Builder grpcPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(
                        "grpcPort must be within 0..65535 (0 picks a free port), got " + port);
            }
            this.grpcPort = port;
            return this;
        }

        /**
         * Sets the operator token that mutating calls must present as {@code Authorization: Bearer
         * <token>}; when not set, a random one is generated.
         *
         * @param token the token
         * @return this builder
         * @throws IllegalArgumentException if it is blank, has whitespace or is over 512 chars
         */
        public Builder operatorToken(String token) {
            Objects.requireNonNull(token, "operatorToken");
            if (token.isEmpty()
                    || token.length() > 512
                    || token.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                throw new IllegalArgumentException(
                        "operatorToken must be 1..512 visible ASCII"
                                + " characters without whitespace, got "
                                + token.length()
                                + " characters");
            }
            this.operatorToken = token;
            return this;
        }

        /**
         * Sets how many worker threads (and database connections) run storage work; default 4.
         *
         * @param threads the number of threads
         * @return this builder
         * @throws IllegalArgumentException if not within 1..256
         */
        public Builder workerThreads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException(
                        "workerThreads must be within 1..256, got " + threads);
            }
            this.workerThreads = threads;
            return this;
        }

        /**
         * Sets how many requests may be admitted (running or queued) at once; past it calls fail at
         * once with 503 / RESOURCE_EXHAUSTED. Default 256.
         *
         * @param max the most requests admitted at once
         * @return this builder
         * @throws IllegalArgumentException if not within 1..1,000,000
         */
        public Builder maxInFlight(int max) {
            if (max < 1 || max > 1_000_000) {
                throw new IllegalArgumentException(
                        "maxInFlight must be within 1..1000000, got " + max);
            }
            this.maxInFlight = max;
            return this;
        }

        /**
         * Sets how many watches of pending decisions may be open at once, SSE streams and gRPC
         * {@code WatchPendingDecisions} calls together; past it a watch is refused at once with 503
         * / RESOURCE_EXHAUSTED. Default 1,000.
         *
         * @param max the most watches open at once
         * @return this builder
         * @throws IllegalArgumentException if not within 1..1,000,000
         */
        public Builder maxWatchers(int max) {
            if (max < 1 || max > 1_000_000) {
                throw new IllegalArgumentException(
                        "maxWatchers must be within 1..1000000, got " + max);
            }
            this.maxWatchers = max;
            return this;
        }

        /**
         * Sets how many requests one HTTP connection may have waiting for their answers; a request
         * past it is answered 503 without being run, and the connection is not read until answers
         * go out. {@code /health} on a connection with nothing waiting is answered at once and
         * never waits. Default 64.
         *
         * @param max the most requests waiting per connection
         * @return this builder
         * @throws IllegalArgumentException if not within 1..65,536
         */
        public Builder maxPipelinedRequests(int max) {
            if (max < 1 || max > 65_536) {
                throw new IllegalArgumentException(
                        "maxPipelinedRequests must be within 1..65536, got " + max);
            }
            this.maxPipelinedRequests = max;
            return this;
        }

        /**
         * Sets how long a connection may stay open without a request before the server closes it:
         * on HTTP, no request being read, no answer pending and nothing written; an SSE stream gets
         * a heartbeat comment at this interval instead. On gRPC, a connection without calls (a
         * watch is a call). Default 60 s.
         *
         * @param timeout the idle time allowed
         * @return this builder
         * @throws IllegalArgumentException if not within 1 ms..1 day
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout("idleTimeout", timeout);
            return this;
        }

        /**
         * Sets how long a request may take to arrive in full, head and body, from its first byte;
         * past it the server answers 408 and closes the connection. On gRPC, how long a new
         * connection may take to start HTTP/2. Default 10 s.
         *
         * @param timeout the time a request may take to arrive
         * @return this builder
         * @throws IllegalArgumentException if not within 1 ms..1 day
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout("requestTimeout", timeout);
            return this;
        }

        private static Duration timeout(String name, Duration timeout) {
            Objects.requireNonNull(timeout, name);
            if (timeout.compareTo(Duration.ofMillis(1)) < 0
                    || timeout.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException(
                        name + " must be within 1 ms..1 day, got " + timeout);
            }
            return timeout;
        }

        /**
         * Sets the directory the server keeps its data in; created on start if missing.
         *
         * @param dataDir the directory; state survives a restart on it
         * @return this builder
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath();
            return this;
        }

        /**
         * Returns a new, unstarted server with these settings.
         *
         * @return the server, not yet started
         * @throws IllegalArgumentException if the system property {@code gonogo.server.transport}
         *     names no transport
         * @throws IllegalStateException if that property asks for epoll where it is unavailable
         */
        public GovernanceServer build() {
            return new GovernanceServer(this);
        }
    }
}
