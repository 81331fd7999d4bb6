package io.gonogo.runners.chaos;

import io.gonogo.runners.chaos.internal.ProxyCore;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * A TCP proxy on loopback, between a client and a service, whose {@link Fault}s can be added and
 * removed while traffic flows, in the manner of Toxiproxy but in-process (Netty). With no fault
 * active, bytes pass through unchanged. In HTTP/1.1 mode (the default) it also frames requests on
 * client connections, so a fault can answer single requests (keep-alive, Content-Length and chunked
 * bodies; what is not HTTP/1.1, such as gRPC's HTTP/2, passes through as plain TCP). In HTTP/2 mode
 * ({@link Protocol#HTTP2}, for gRPC over plaintext HTTP/2) it frames both flows and lets a fault
 * end single new calls with a gRPC status ({@link Fault#grpcStatusInstead}); every frame is still
 * forwarded unchanged. In TCP mode it frames nothing: that is the mode for a service that speaks
 * TLS, whose bytes the proxy cannot read (the handshake stays between client and service, and only
 * chunk and connection faults act).
 *
 * <pre>{@code
 * try (FaultProxy proxy =
 *         FaultProxy.builder().upstream(new InetSocketAddress("127.0.0.1", 8080)).build()) {
 *     int port = proxy.start();
 *     Fault slow = FaultInjectors.standard().create("latency", Map.of("latency", "100ms"));
 *     proxy.add(slow);      // every chunk to the client now waits 100 ms
 *     proxy.remove(slow);   // and no longer does
 * }
 * }</pre>
 *
 * <p>Thread-safe: faults may be added, removed and the upstream re-pointed from any thread; a new
 * connection goes to the upstream current when it is accepted, and a chunk meets the faults active
 * when it is read. {@link #close()} is idempotent.
 */
public final class FaultProxy implements AutoCloseable {
    private final ProxyCore core;

    private FaultProxy(ProxyCore core) {
        this.core = core;
    }

    /** How the proxy frames what flows through it. */
    public enum Protocol {
        /** HTTP/1.1 requests and responses are framed; a fault can answer single requests. */
        HTTP1,
        /** HTTP/2 frames are framed (gRPC); a fault can end single new calls with a gRPC status. */
        HTTP2,
        /** Plain TCP: only chunk and connection faults act. */
        TCP
    }

    /**
     * A builder with the defaults: listen on 127.0.0.1 port 0, HTTP/1.1 mode, one I/O thread, seed
     * 1.
     *
     * @return a builder; {@link Builder#upstream} must be set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the listening socket (idempotent).
     *
     * @return the bound port
     * @throws InterruptedException if interrupted while binding
     */
    public int start() throws InterruptedException {
        return core.start();
    }

    /**
     * The bound port; fails before {@link #start()}.
     *
     * @return the port clients connect to
     * @throws IllegalStateException before {@link #start()}
     */
    public int port() {
        return core.port();
    }

    /**
     * Where new connections go.
     *
     * @return the service's address
     */
    public InetSocketAddress upstream() {
        return core.upstream();
    }

    /**
     * Re-points new connections to {@code address} (a service restarted on another port); open ones
     * stay.
     *
     * @param address the service's new address
     */
    public void upstream(InetSocketAddress address) {
        core.upstream(Objects.requireNonNull(address, "address"));
    }

    /**
     * Activates {@code fault} for every connection, open and new; returns it for {@link #remove}.
     *
     * @param fault the fault
     * @return {@code fault}
     */
    public Fault add(Fault fault) {
        core.add(Objects.requireNonNull(fault, "fault"));
        return fault;
    }

    /**
     * Deactivates {@code fault}; returns whether it was active.
     *
     * @param fault a fault returned by {@link #add}
     * @return true when it was active
     */
    public boolean remove(Fault fault) {
        return core.remove(fault);
    }

    /** Deactivates every fault. */
    public void clear() {
        core.clear();
    }

    /**
     * The active faults, in the order they were added.
     *
     * @return a snapshot of the active faults
     */
    public List<Fault> faults() {
        return core.active();
    }

    /**
     * Counters of connections accepted, dropped and reset, requests and calls answered, bytes
     * blackholed.
     *
     * @return a snapshot of the counters since the proxy was built
     */
    public ProxyStats stats() {
        ProxyCore.Stats s = core.stats();
        return new ProxyStats(
                s.accepted(),
                s.dropped(),
                s.resets(),
                s.answered(),
                s.blackholedBytes(),
                s.upstreamFailures());
    }

    /** Stops listening and closes every connection; idempotent. */
    @Override
    public void close() {
        core.close();
    }

    /** Collects the settings of a {@link FaultProxy}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private InetSocketAddress upstream;
        private Protocol protocol = Protocol.HTTP1;
        private int ioThreads = 1;
        private long seed = 1;

        private Builder() {}

        /**
         * The address to listen on; default 127.0.0.1.
         *
         * @param value the host name or address
         * @return this builder
         */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /**
         * The port to listen on, 0 (the default) for one the system picks.
         *
         * @param value the port, 0..65535
         * @return this builder
         */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be within 0..65535, got " + value);
            }
            this.port = value;
            return this;
        }

        /**
         * Where connections go (required).
         *
         * @param value the service's address
         * @return this builder
         */
        public Builder upstream(InetSocketAddress value) {
            this.upstream = Objects.requireNonNull(value, "upstream");
            return this;
        }

        /**
         * Whether to frame HTTP/1.1 requests (default true); false for plain TCP; same as {@link
         * #protocol}.
         *
         * @param value true for HTTP/1.1 framing, false for plain TCP
         * @return this builder
         */
        public Builder http(boolean value) {
            this.protocol = value ? Protocol.HTTP1 : Protocol.TCP;
            return this;
        }

        /**
         * How to frame the traffic: HTTP/1.1 (the default), HTTP/2 (gRPC) or plain TCP.
         *
         * @param value the framing
         * @return this builder
         */
        public Builder protocol(Protocol value) {
            this.protocol = Objects.requireNonNull(value, "protocol");
            return this;
        }

        /**
         * Netty event loop threads, 1..64; default 1.
         *
         * @param value the number of threads, 1..64
         * @return this builder
         */
        public Builder ioThreads(int value) {
            if (value < 1 || value > 64) {
                throw new IllegalArgumentException("ioThreads must be within 1..64, got " + value);
            }
            this.ioThreads = value;
            return this;
        }

        /**
         * Seed of the random choices faults make (which requests, which connections); default 1.
         *
         * @param value the seed; the same seed makes the same choices for the same traffic
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Builds the proxy (not yet listening).
         *
         * @return the proxy
         * @throws IllegalStateException when no upstream was set
         */
        public FaultProxy build() {
            if (upstream == null) {
                throw new IllegalStateException(
                        "upstream must be set (the service's host and port)");
            }
            return new FaultProxy(new ProxyCore(host, port, upstream, protocol, ioThreads, seed));
        }
    }
}
