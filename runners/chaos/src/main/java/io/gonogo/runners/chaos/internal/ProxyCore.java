package io.gonogo.runners.chaos.internal;

import io.gonogo.runners.chaos.Fault;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fault proxy's Netty side: one listening socket, the event loops, the active faults.
 * Thread-safe.
 */
public final class ProxyCore {
    /** Counters of what the proxy did, for tests and evidence. */
    public static final class Stats {
        final LongAdder accepted = new LongAdder();
        final LongAdder dropped = new LongAdder();
        final LongAdder resets = new LongAdder();
        final LongAdder answered = new LongAdder();
        final LongAdder blackholed = new LongAdder();
        final LongAdder upstreamFailures = new LongAdder();

        /** Connections accepted. */
        public long accepted() {
            return accepted.sum();
        }

        /** Connections dropped at accept by a fault. */
        public long dropped() {
            return dropped.sum();
        }

        /** Connections reset by a fault. */
        public long resets() {
            return resets.sum();
        }

        /** HTTP requests answered by the proxy instead of the service. */
        public long answered() {
            return answered.sum();
        }

        /** Bytes discarded by a blackhole. */
        public long blackholedBytes() {
            return blackholed.sum();
        }

        /** Connections whose connection to the service could not be opened. */
        public long upstreamFailures() {
            return upstreamFailures.sum();
        }
    }

    final Stats stats = new Stats();
    private final String host;
    private final int requestedPort;
    private final boolean http;
    private final io.gonogo.runners.chaos.FaultProxy.Protocol protocol;

    /**
     * Native epoll on Linux unless {@code -Dgonogo.proxy.transport=nio}: it costs less per
     * forwarded chunk than NIO, which matters since the proxy shares the machine's cores with the
     * load generator and the service.
     */
    private static final String TRANSPORT =
            System.getProperty("gonogo.proxy.transport", "auto").toLowerCase(java.util.Locale.ROOT);

    private static final boolean URING =
            (TRANSPORT.equals("auto") || TRANSPORT.equals("io_uring")) && IoUring.isAvailable();
    private static final boolean EPOLL = !URING && !TRANSPORT.equals("nio") && Epoll.isAvailable();

    /** The name prefix of the proxy's event-loop threads (benchmarks read their CPU time by it). */
    public static final String THREAD_PREFIX = "gonogo-fault-proxy";

    private final int ioThreads;
    private final long seed;
    private final AtomicLong connections = new AtomicLong();
    private final SplittableRandom master;
    private volatile InetSocketAddress upstream;
    private volatile Fault[] faults = new Fault[0];
    private EventLoopGroup group;
    private Channel listener;

    public ProxyCore(
            String host,
            int port,
            InetSocketAddress upstream,
            boolean http,
            int ioThreads,
            long seed) {
        this(
                host,
                port,
                upstream,
                http
                        ? io.gonogo.runners.chaos.FaultProxy.Protocol.HTTP1
                        : io.gonogo.runners.chaos.FaultProxy.Protocol.TCP,
                ioThreads,
                seed);
    }

    public ProxyCore(
            String host,
            int port,
            InetSocketAddress upstream,
            io.gonogo.runners.chaos.FaultProxy.Protocol protocol,
            int ioThreads,
            long seed) {
        this.protocol = protocol;
        boolean http = protocol == io.gonogo.runners.chaos.FaultProxy.Protocol.HTTP1;
        this.host = host;
        this.requestedPort = port;
        this.upstream = upstream;
        this.http = http;
        this.ioThreads = ioThreads;
        this.seed = seed;
        this.master = new SplittableRandom(seed);
    }

    boolean http() {
        return http;
    }

    /** Whether connections are framed as HTTP/2 (gRPC). */
    boolean http2() {
        return protocol == io.gonogo.runners.chaos.FaultProxy.Protocol.HTTP2;
    }

    Fault[] faults() {
        return faults;
    }

    public InetSocketAddress upstream() {
        return upstream;
    }

    public void upstream(InetSocketAddress address) {
        this.upstream = address;
    }

    public Stats stats() {
        return stats;
    }

    public synchronized void add(Fault fault) {
        Fault[] next = Arrays.copyOf(faults, faults.length + 1);
        next[faults.length] = fault;
        faults = next;
    }

    public synchronized boolean remove(Fault fault) {
        for (int i = 0; i < faults.length; i++) {
            if (faults[i] == fault) {
                Fault[] next = new Fault[faults.length - 1];
                System.arraycopy(faults, 0, next, 0, i);
                System.arraycopy(faults, i + 1, next, i, faults.length - i - 1);
                faults = next;
                return true;
            }
        }
        return false;
    }

    public synchronized void clear() {
        faults = new Fault[0];
    }

    public java.util.List<Fault> active() {
        return java.util.List.of(faults);
    }

    private synchronized SplittableRandom split() {
        return master.split();
    }

    /** Binds the listening socket; returns the bound port. */
    public synchronized int start() throws InterruptedException {
        if (listener != null) {
            return port();
        }
        IoHandlerFactory io =
                URING
                        ? IoUringIoHandler.newFactory()
                        : EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> serverChannel =
                URING
                        ? IoUringServerSocketChannel.class
                        : EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        group =
                new MultiThreadIoEventLoopGroup(
                        ioThreads, new DefaultThreadFactory(THREAD_PREFIX, true), io);
        ServerBootstrap b =
                new ServerBootstrap()
                        .group(group)
                        .channel(serverChannel)
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .childOption(ChannelOption.AUTO_READ, false)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        stats.accepted.increment();
                                        ProxyConnection c =
                                                new ProxyConnection(
                                                        ProxyCore.this,
                                                        connections.incrementAndGet(),
                                                        ch,
                                                        split());
                                        ch.pipeline().addLast(c.clientSide());
                                        ch.eventLoop().execute(c::start);
                                    }
                                });
        try {
            listener = b.bind(host, requestedPort).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
            throw e;
        }
        return port();
    }

    public synchronized int port() {
        if (listener == null) {
            throw new IllegalStateException("the proxy is not started");
        }
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public synchronized void close() {
        if (group == null) {
            return;
        }
        if (listener != null) {
            listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        group = null;
        listener = null;
    }

    /**
     * The socket channel type matching the event loops: epoll's where the native transport loads.
     */
    Class<? extends Channel> socketChannel() {
        return URING
                ? IoUringSocketChannel.class
                : EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    long seed() {
        return seed;
    }
}
