package io.gonogo.server;

import io.gonogo.server.internal.HttpChannelInitializer;
import io.gonogo.server.internal.Transport;
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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The governance server: an HTTP/1.1 service on one Netty event loop that gonogo measures and
 * governs.
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
 * #httpPort()} reports after {@link #start()}. This version serves {@code GET /health}
 * (also {@code HEAD}), answering {@code {"status":"UP"}}; unknown paths are 404, other methods
 * on {@code /health} are 405, request bodies over 1 MiB are 413 and malformed requests are 400.
 * Connections are kept alive and pipelined requests are answered in order.
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
    private final Path dataDir;
    private final Transport transport;
    private final LongAdder handledRequests = new LongAdder();

    private final Object lock = new Object();
    private State state = State.NEW;
    private EventLoopGroup group;
    private Channel serverChannel;
    private volatile int boundHttpPort = -1;

    private GovernanceServer(Builder builder) {
        this.host = builder.host;
        this.requestedHttpPort = builder.httpPort;
        this.dataDir = builder.dataDir;
        this.transport = Transport.fromSystemProperty();
    }

    /** Returns a builder with the defaults: host 127.0.0.1, HTTP port 0, no data directory. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the data directory if one was given, then binds the HTTP port and starts serving.
     *
     * @throws IllegalStateException if this server was started or stopped before
     * @throws UncheckedIOException if the port cannot be bound or the data directory created
     */
    public void start() {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException(
                        "this governance server was already "
                                + (state == State.STARTED ? "started on " + httpBaseUri() : "stopped")
                                + "; a GovernanceServer starts once, build a new one to start again");
            }
            state = State.STARTED;
            try {
                createDataDir();
                bind();
            } catch (RuntimeException e) {
                state = State.STOPPED;
                shutDownLoop();
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

    private void bind() {
        InetSocketAddress address = new InetSocketAddress(host, requestedHttpPort);
        if (address.isUnresolved()) {
            throw new UncheckedIOException(
                    new UnknownHostException(
                            "cannot bind the governance server: host '" + host
                                    + "' does not resolve to an address"));
        }
        group =
                new MultiThreadIoEventLoopGroup(
                        1,
                        new DefaultThreadFactory("gonogo-governance-http", true),
                        transport.newIoHandlerFactory());
        ServerBootstrap bootstrap =
                new ServerBootstrap()
                        .group(group)
                        .channel(transport.serverChannelClass())
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(new HttpChannelInitializer(handledRequests));
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            IOException io =
                    cause instanceof IOException ? (IOException) cause : new IOException(cause);
            throw new UncheckedIOException(
                    "cannot bind the governance server's HTTP port to " + host + ":"
                            + requestedHttpPort + ": " + cause.getMessage(),
                    io);
        }
        serverChannel = bound.channel();
        boundHttpPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Stops serving: closes the listening socket and every connection, and waits for the event
     * loop to finish. Idempotent; harmless before {@link #start()}, after which this server can
     * no longer be started.
     */
    public void stop() {
        synchronized (lock) {
            if (state == State.STOPPED) {
                return;
            }
            boolean wasStarted = state == State.STARTED;
            state = State.STOPPED;
            if (wasStarted) {
                shutDownLoop();
            }
        }
    }

    private void shutDownLoop() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
        }
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
     * @throws IllegalStateException if the server has not been started successfully
     */
    public URI httpBaseUri() {
        try {
            return new URI("http", null, host, httpPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("host '" + host + "' does not make a valid URI", e);
        }
    }

    /** Returns how many HTTP requests this server has answered, on any path, since start. */
    public long handledRequests() {
        return handledRequests.sum();
    }

    /** Returns the host or address the server binds to. */
    public String host() {
        return host;
    }

    /** Returns the data directory, if one was configured. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** Returns whether the server has been started and not yet stopped. */
    public boolean isRunning() {
        synchronized (lock) {
            return state == State.STARTED;
        }
    }

    @Override
    public String toString() {
        int port = boundHttpPort;
        return "GovernanceServer[http=" + host + ":" + (port < 0 ? requestedHttpPort : port)
                + ", transport=" + transport.id() + ", state="
                + (isRunning() ? "started" : port < 0 ? "new" : "stopped") + "]";
    }

    /**
     * Collects the settings of a {@link GovernanceServer}; each setter checks its argument.
     *
     * <p>Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {

        private String host = DEFAULT_HOST;
        private int httpPort = 0;
        private Path dataDir;

        private Builder() {}

        /**
         * Sets the host name or address to bind to; default {@code 127.0.0.1}.
         *
         * @throws IllegalArgumentException if the host is blank or contains whitespace
         */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(
                        "host must be a host name or address without whitespace, got '" + host + "'");
            }
            this.host = host;
            return this;
        }

        /**
         * Sets the HTTP port; 0 (the default) picks a free one.
         *
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

        /** Sets the directory the server keeps its data in; created on start if missing. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath();
            return this;
        }

        /**
         * Returns a new, unstarted server with these settings.
         *
         * @throws IllegalArgumentException if the system property {@code gonogo.server.transport}
         *     names no transport
         * @throws IllegalStateException if that property asks for epoll where it is unavailable
         */
        public GovernanceServer build() {
            return new GovernanceServer(this);
        }
    }
}
