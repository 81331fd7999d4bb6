package io.gonogo.server.internal.grpc;

import io.gonogo.server.internal.ApiRoutes;
import io.gonogo.server.internal.governance.Admission;
import io.gonogo.server.internal.governance.GovernanceException;
import io.gonogo.server.internal.governance.GovernanceService;
import io.gonogo.server.internal.governance.PendingHub;
import io.gonogo.server.internal.governance.ServerMetrics;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC side of the governance server: one Netty event loop (epoll where available), a direct
 * executor (blocking calls hop to {@link Admission} themselves), the token check on mutating
 * methods, per-method metrics, and server reflection.
 */
public final class GrpcServer {

    /** The metadata key of the bearer token. */
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final Map<String, String> OPERATIONS =
            Map.ofEntries(
                    Map.entry("Health", "health"),
                    Map.entry("CreateSession", "create-session"),
                    Map.entry("CloseSession", "close-session"),
                    Map.entry("GetSessionStats", "session-stats"),
                    Map.entry("SubmitDecision", "submit-decision"),
                    Map.entry("ListDecisions", "list-decisions"),
                    Map.entry("GetDecision", "get-decision"),
                    Map.entry("Approve", "approve"),
                    Map.entry("Reject", "reject"),
                    Map.entry("Escalate", "escalate"),
                    Map.entry("GetMetrics", "metrics"),
                    Map.entry("WatchPendingDecisions", "watch"));
    private static final Set<String> MUTATING =
            Set.of(
                    "CreateSession",
                    "CloseSession",
                    "SubmitDecision",
                    "Approve",
                    "Reject",
                    "Escalate");

    private final Server server;
    private final EventLoopGroup boss;
    private final EventLoopGroup worker;

    /** Binds and starts the gRPC server. */
    public GrpcServer(
            String host,
            int port,
            GovernanceService service,
            Admission admission,
            PendingHub hub,
            ServerMetrics metrics,
            int maxMessageBytes,
            long idleTimeoutNanos,
            long handshakeTimeoutNanos) {
        // Same choice as the HTTP side: epoll unless told nio or unavailable.
        boolean epoll =
                !"nio".equalsIgnoreCase(System.getProperty("gonogo.server.transport", "auto"))
                        && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        boss =
                new MultiThreadIoEventLoopGroup(
                        1, new DefaultThreadFactory("gonogo-governance-grpc-boss", true), io);
        worker =
                new MultiThreadIoEventLoopGroup(
                        1, new DefaultThreadFactory("gonogo-governance-grpc", true), io);
        server =
                NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                        .bossEventLoopGroup(boss)
                        .workerEventLoopGroup(worker)
                        .channelType(channel)
                        .directExecutor()
                        .maxInboundMessageSize(maxMessageBytes)
                        .maxInboundMetadataSize(8192)
                        // a connection without calls is closed, as on HTTP; a watch is a call
                        .maxConnectionIdle(idleTimeoutNanos, TimeUnit.NANOSECONDS)
                        .handshakeTimeout(handshakeTimeoutNanos, TimeUnit.NANOSECONDS)
                        .addService(
                                ServerInterceptors.intercept(
                                        new GrpcGovernanceService(service, admission, hub),
                                        new AuthInterceptor(service),
                                        new MetricsInterceptor(metrics)))
                        .addService(ProtoReflectionServiceV1.newInstance())
                        .addService(legacyReflection())
                        .build();
        try {
            server.start();
        } catch (IOException e) {
            shutdownGroups();
            throw new UncheckedIOException(
                    "cannot bind the governance server's gRPC port to "
                            + host
                            + ":"
                            + port
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    @SuppressWarnings("deprecation")
    private static io.grpc.BindableService legacyReflection() {
        // grpcurl and older tools still ask the v1alpha reflection service.
        return io.grpc.protobuf.services.ProtoReflectionService.newInstance();
    }

    /** Returns the bound port. */
    public int port() {
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    /** Stops taking new calls; running ones go on. */
    public void beginShutdown() {
        server.shutdown();
    }

    /** Stops taking calls, lets running ones finish for up to {@code timeoutMillis}. */
    public void stop(long timeoutMillis) {
        server.shutdown();
        try {
            if (!server.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        shutdownGroups();
    }

    private void shutdownGroups() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        worker.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }

    private static String methodName(ServerCall<?, ?> call) {
        String bare = call.getMethodDescriptor().getBareMethodName();
        return bare == null ? "" : bare;
    }

    /** Refuses mutating calls without the operator token. */
    private static final class AuthInterceptor implements ServerInterceptor {
        private final GovernanceService service;

        AuthInterceptor(GovernanceService service) {
            this.service = service;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            if (MUTATING.contains(methodName(call))) {
                try {
                    service.authenticate(GovernanceService.bearer(headers.get(AUTHORIZATION)));
                } catch (GovernanceException e) {
                    call.close(
                            Status.UNAUTHENTICATED.withDescription(e.getMessage()), new Metadata());
                    return new ServerCall.Listener<>() {};
                }
            }
            return next.startCall(call, headers);
        }
    }

    /** Times each call from its start to its close, by operation and outcome. */
    private static final class MetricsInterceptor implements ServerInterceptor {
        private final ServerMetrics metrics;

        /** The success timer of each full method name, so that a call allocates no key. */
        private final ConcurrentHashMap<String, Timer> okTimers = new ConcurrentHashMap<>();

        MetricsInterceptor(ServerMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            long start = System.nanoTime();
            String method = call.getMethodDescriptor().getFullMethodName();
            Timer ok = okTimers.get(method);
            if (ok == null) {
                ok =
                        okTimers.computeIfAbsent(
                                method, m -> metrics.timer(operation(call), "grpc", "ok"));
            }
            Timer okTimer = ok;
            return next.startCall(
                    new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                        @Override
                        public void close(Status status, Metadata trailers) {
                            long nanos = System.nanoTime() - start;
                            if (status.isOk()) {
                                okTimer.record(nanos, TimeUnit.NANOSECONDS);
                            } else {
                                metrics.record(operation(call), "grpc", outcome(status), nanos);
                            }
                            super.close(status, trailers);
                        }
                    },
                    headers);
        }

        private static String operation(ServerCall<?, ?> call) {
            return OPERATIONS.getOrDefault(methodName(call), "unknown");
        }

        private static String outcome(Status status) {
            switch (status.getCode()) {
                case OK:
                    return "ok";
                case INVALID_ARGUMENT:
                    return ApiRoutes.outcome(GovernanceException.Kind.INVALID_ARGUMENT);
                case UNAUTHENTICATED:
                    return ApiRoutes.outcome(GovernanceException.Kind.UNAUTHENTICATED);
                case NOT_FOUND:
                    return ApiRoutes.outcome(GovernanceException.Kind.NOT_FOUND);
                case FAILED_PRECONDITION:
                    return ApiRoutes.outcome(GovernanceException.Kind.FAILED_PRECONDITION);
                case RESOURCE_EXHAUSTED:
                    return ApiRoutes.outcome(GovernanceException.Kind.RESOURCE_EXHAUSTED);
                case CANCELLED:
                    return "cancelled";
                default:
                    return "unavailable";
            }
        }
    }
}
