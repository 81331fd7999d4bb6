package io.gonogo.runners.load.grpc;

import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.GeneratorBounds;
import io.gonogo.runners.load.LoadModel;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.LoadShape;
import io.gonogo.runners.load.ProgressListener;
import io.gonogo.runners.load.grpc.internal.FutureEngine;
import io.gonogo.runners.load.grpc.internal.MethodResolver;
import io.gonogo.runners.load.grpc.internal.UnaryCall;
import io.gonogo.runners.load.internal.EngineRun;
import io.gonogo.runners.load.internal.GrpcRequests;
import io.gonogo.runners.load.internal.LoadPlan;
import io.gonogo.runners.load.internal.OpPlan;
import io.gonogo.runners.spi.RunShard;
import io.gonogo.runners.spi.TlsSettings;
import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.HdrHistogram.Histogram;

/**
 * Drives one unary gRPC method, named by its full name with a JSON request body, under the closed
 * or the open model.
 *
 * <pre>{@code
 * CallLoadResult r = GrpcLoadRunner.builder()
 *         .target("127.0.0.1:50051")
 *         .method("gonogo.governance.v1.Governance/CreateSession")
 *         .body("{\"operator\":\"alice\"}")
 *         .header("authorization", "Bearer " + token)
 *         .concurrency(50)
 *         .requests(10_000)
 *         .build()
 *         .run();
 * }</pre>
 *
 * <p>The method is resolved through the target's server reflection service (v1), or in a descriptor
 * set file ({@link Builder#descriptorSet(Path)}); the body, in the protobuf JSON mapping, becomes
 * the request message once and its bytes are sent with every call. The calls go over {@code
 * connections} HTTP/2 channels (one TCP connection each, used in turn), plaintext or TLS ({@code
 * grpcs://host:port}, {@link Builder#tls(TlsSettings)}), opened and timed before the first call
 * (connection set-up is counted apart, in {@code connect_time}, when there is no warm-up). Each
 * call carries the request timeout as its gRPC deadline. The figures mean what they mean for HTTP
 * ({@link FutureLoadRunner}); outcomes: OK is a success; a connection that cannot be opened is
 * {@link ErrorKind#CONNECT}; a failed TLS handshake (an untrusted or misnamed server certificate, a
 * refused client certificate) is {@link ErrorKind#TLS}; the call's own deadline expiring is {@link
 * ErrorKind#TIMEOUT}; a connection lost during the call is {@link ErrorKind#RESET}; any other
 * status is answered and counted as {@code grpc_<STATUS>} (for example {@code grpc_UNAVAILABLE}
 * sent by the server, or {@code grpc_DEADLINE_EXCEEDED} sent before the deadline of the call).
 *
 * <p>Built with {@link #builder()}; thread-safe, its settings immutable (the method is resolved
 * once, by the first {@link #check()} or {@link #run()}); each {@link #run()} opens and closes its
 * own channels.
 */
public final class GrpcLoadRunner {

    /**
     * The error kinds of every gRPC status but OK, listed with zero counts when they did not occur.
     */
    public static final List<String> STATUS_KINDS = statusKinds();

    /** HTTP/2's initial stream window, which a request's DATA must fit. */
    private static final int H2_INITIAL_WINDOW = 65_535;

    private final Builder b;

    /** The method and request once resolved; the same for every run of this runner. */
    private volatile Prepared prepared;

    private final LoadShape shape;
    private final String host;
    private final int port;

    private GrpcLoadRunner(Builder b, LoadShape shape, String host, int port) {
        this.b = b;
        this.shape = shape;
        this.host = host;
        this.port = port;
    }

    private static List<String> statusKinds() {
        List<String> kinds = new ArrayList<>();
        for (Status.Code code : Status.Code.values()) {
            if (code != Status.Code.OK) {
                kinds.add(kind(code));
            }
        }
        return List.copyOf(kinds);
    }

    /**
     * Returns the error kind label of a gRPC status code.
     *
     * @param code the status code
     * @return {@code grpc_} and the code's name, such as {@code grpc_UNAVAILABLE}
     */
    public static String kind(Status.Code code) {
        return "grpc_" + code.name();
    }

    /**
     * Starts a builder with the defaults: closed model, one call in flight over one connection, one
     * call, an empty request message, no metadata, timeout 10 s, no warm-up, maximum duration 10
     * minutes, resolution through server reflection.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Classifies the failure of a gRPC call, as described in the class comment.
     *
     * @param failure the exception a call completed with
     * @return its outcome
     */
    public static CallOutcome classify(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return CallOutcome.unanswered(ErrorKind.TIMEOUT);
        }
        Status status = Status.fromThrowable(failure);
        if (status.getCode() == Status.Code.UNAVAILABLE) {
            for (Throwable t = status.getCause();
                    t != null;
                    t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SSLException) {
                    return CallOutcome.unanswered(
                            closedMidHandshake(t) ? ErrorKind.RESET : ErrorKind.TLS);
                }
                if (t instanceof ConnectException) {
                    return CallOutcome.unanswered(ErrorKind.CONNECT);
                }
            }
            String d =
                    status.getDescription() == null
                            ? ""
                            : status.getDescription().toLowerCase(Locale.ROOT);
            if (status.getCause() instanceof IOException
                    || d.startsWith("connection closed")
                    || d.startsWith("network closed")
                    || d.contains("goaway")) {
                return CallOutcome.unanswered(ErrorKind.RESET);
            }
        }
        return CallOutcome.answered(kind(status.getCode()));
    }

    /**
     * Whether a TLS failure is the connection closing before the handshake finished (a service that
     * went away, or a proxy in front of one that is down) rather than the handshake refusing
     * something: that is a lost connection, counted as {@code reset}, not a TLS problem.
     */
    private static boolean closedMidHandshake(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("connection closed")
                || m.contains("terminated the handshake")
                || m.contains("connection reset")
                || t.getCause() instanceof java.io.EOFException
                || t.getCause() instanceof java.nio.channels.ClosedChannelException;
    }

    /**
     * Returns the target as {@code host:port}.
     *
     * @return the target address
     */
    public String target() {
        return host + ":" + port;
    }

    /**
     * Resolves the method and checks the body against its request type, without load; the command
     * line calls it first to tell bad arguments from a failed run.
     *
     * @return the full name of the resolved method
     * @throws IllegalArgumentException for an unknown service or method, a streaming method, a body
     *     that does not fit, a server without reflection, an unreadable descriptor set
     * @throws IllegalStateException starting with {@code target unreachable} when reflection cannot
     *     reach the target
     */
    public String check() {
        Prepared p = prepare();
        if (usesEngine(p)) {
            EngineRun.warm(enginePlan(p));
        }
        return p.fullName();
    }

    /**
     * Resolves the method (through server reflection, or in the descriptor set) and writes the file
     * descriptors it needs, its own and every import, as a {@code FileDescriptorSet} to {@code
     * file}; runners built with {@link Builder#descriptorSet(Path)} of that file then resolve the
     * method without reflection calls, which a fault between the runner and the service (the chaos
     * suite's proxy) could fail.
     *
     * @param file where to write the descriptor set (replaced)
     * @return the full name of the resolved method
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException as {@link #check()}
     * @throws IllegalStateException as {@link #check()}
     */
    public String writeDescriptorSet(Path file) throws IOException {
        List<com.google.protobuf.Descriptors.MethodDescriptor> methods = resolve();
        java.util.LinkedHashMap<String, com.google.protobuf.DescriptorProtos.FileDescriptorProto>
                files = new java.util.LinkedHashMap<>();
        for (com.google.protobuf.Descriptors.MethodDescriptor m : methods) {
            addWithImports(m.getFile(), files);
        }
        com.google.protobuf.DescriptorProtos.FileDescriptorSet.Builder set =
                com.google.protobuf.DescriptorProtos.FileDescriptorSet.newBuilder();
        files.values().forEach(set::addFile);
        java.nio.file.Files.write(file, set.build().toByteArray());
        return fullName(methods);
    }

    private static void addWithImports(
            com.google.protobuf.Descriptors.FileDescriptor f,
            Map<String, com.google.protobuf.DescriptorProtos.FileDescriptorProto> files) {
        if (files.containsKey(f.getName())) {
            return;
        }
        for (com.google.protobuf.Descriptors.FileDescriptor dep : f.getDependencies()) {
            addWithImports(dep, files);
        }
        files.put(f.getName(), f.toProto());
    }

    /**
     * One resolved operation: its name in the figures ({@code ""} without a mix), its method, its
     * request message, weight, success table (by status code) and deadline.
     */
    private record Call(
            String name,
            String fullName,
            byte[] request,
            int weight,
            boolean[] ok,
            long timeoutNanos) {}

    /** The resolved operations, one without a mix. */
    private record Prepared(List<Call> calls) {
        String fullName() {
            return calls.size() == 1
                    ? calls.get(0).fullName()
                    : mixName(calls.stream().map(Call::fullName).toList());
        }

        Call only() {
            return calls.get(0);
        }
    }

    private static String fullName(List<com.google.protobuf.Descriptors.MethodDescriptor> methods) {
        List<String> names = methods.stream().map(MethodResolver::fullName).toList();
        return names.size() == 1 ? names.get(0) : mixName(names);
    }

    private static String mixName(List<String> names) {
        return "a mix of " + names.size() + " calls: " + String.join(", ", names);
    }

    /**
     * The resolved method and request bytes, kept once resolved: {@link #check()} and {@link
     * #run()} then need one reflection call between them, and a run does not spend its measured
     * time opening a channel for it.
     */
    private Prepared prepare() {
        Prepared p = prepared;
        if (p == null) {
            List<com.google.protobuf.Descriptors.MethodDescriptor> methods = resolve();
            long runTimeout = shape.requestTimeout().toNanos();
            List<Call> calls = new ArrayList<>();
            if (b.operations.isEmpty()) {
                boolean[] ok = new boolean[600];
                ok[0] = true;
                com.google.protobuf.Descriptors.MethodDescriptor m = methods.get(0);
                calls.add(
                        new Call(
                                "",
                                MethodResolver.fullName(m),
                                MethodResolver.request(m, b.body),
                                1,
                                ok,
                                runTimeout));
            } else {
                for (int i = 0; i < methods.size(); i++) {
                    GrpcOperation op = b.operations.get(i);
                    com.google.protobuf.Descriptors.MethodDescriptor m = methods.get(i);
                    byte[] request;
                    try {
                        request = MethodResolver.request(m, op.body());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(
                                "operation '" + op.name() + "': " + e.getMessage(), e);
                    }
                    boolean[] ok = new boolean[600];
                    op.success().forEach(c -> ok[c.value()] = true);
                    calls.add(
                            new Call(
                                    op.name(),
                                    MethodResolver.fullName(m),
                                    request,
                                    op.weight(),
                                    ok,
                                    op.timeout().map(Duration::toNanos).orElse(runTimeout)));
                }
            }
            p = new Prepared(List.copyOf(calls));
            prepared = p;
        }
        return p;
    }

    /** The methods of the run, one per operation of a mix, resolved in one go. */
    private List<com.google.protobuf.Descriptors.MethodDescriptor> resolve() {
        List<String> names =
                b.operations.isEmpty()
                        ? List.of(b.method)
                        : b.operations.stream().map(GrpcOperation::method).toList();
        List<com.google.protobuf.Descriptors.MethodDescriptor> methods = new ArrayList<>();
        if (b.descriptorSet != null) {
            for (String name : names) {
                methods.add(MethodResolver.viaDescriptorSet(b.descriptorSet, name));
            }
            return methods;
        }
        EventLoopGroup group = group(1);
        ManagedChannel ch =
                GrpcChannels.channel(host, port, GrpcChannels.credentials(tls()), tls(), group);
        try {
            for (String name : names) {
                methods.add(
                        MethodResolver.viaReflection(ch, target(), name, shape.requestTimeout()));
            }
        } finally {
            close(List.of(ch), group);
        }
        return methods;
    }

    /**
     * Resolves the method, opens the connections and runs the load once.
     *
     * <p>When no connection can be opened, the result has nothing attempted and an abort reason
     * starting with {@code target unreachable}.
     *
     * @return the figures of this run
     * @throws IllegalArgumentException for an unknown service or method, a streaming method, a body
     *     that does not fit, a server without reflection, an unreadable descriptor set
     * @throws IllegalStateException starting with {@code target unreachable} when reflection cannot
     *     reach the target
     */
    public CallLoadResult run() {
        Prepared p = prepare();
        if (usesEngine(p)) {
            return onEngine(p, null);
        }
        if (p.calls().size() > 1) {
            throw new IllegalArgumentException(
                    "a mix runs on gonogo's client, whose messages are at most 64 KiB; a message"
                            + " of the mix is larger");
        }
        Instant startedAt = Instant.now();
        MethodDescriptor<byte[], byte[]> md = UnaryCall.method(p.only().fullName());
        boolean own = b.channels == null;
        List<ManagedChannel> channels = own ? new ArrayList<>() : b.channels.list();
        EventLoopGroup group = own ? group(shape.threads()) : null;
        try {
            Histogram connect = new Histogram(1, TimeUnit.HOURS.toMicros(1), 3);
            int ready;
            if (own) {
                ChannelCredentials creds = GrpcChannels.credentials(tls());
                for (int i = 0; i < shape.connections(); i++) {
                    channels.add(GrpcChannels.channel(host, port, creds, tls(), group));
                }
                ready = connectAll(channels, connect);
            } else {
                // shared channels: opened (and timed) by their owner; a broken one reconnects by
                // itself
                ready = channels.size();
            }
            Metadata headers = new Metadata();
            b.headers.forEach(
                    (k, v) -> headers.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
            if (ready == 0 && !handshakeFails(channels.get(0), md, p.only().request(), headers)) {
                return FutureEngine.notRun(
                        "target unreachable: none of "
                                + channels.size()
                                + " connections to "
                                + target()
                                + " could be opened within "
                                + human(shape.requestTimeout()),
                        shape.model(),
                        startedAt,
                        known());
            }
            ManagedChannel[] pool = channels.toArray(new ManagedChannel[0]);
            AtomicLong next = new AtomicLong();
            long timeoutNanos = shape.requestTimeout().toNanos();
            byte[] request = p.only().request();
            FutureLoadRunner.Builder f =
                    FutureLoadRunner.builder()
                            .call(
                                    () ->
                                            UnaryCall.start(
                                                    pool[
                                                            (int)
                                                                    Math.floorMod(
                                                                            next.getAndIncrement(),
                                                                            (long) pool.length)],
                                                    md,
                                                    request,
                                                    headers,
                                                    timeoutNanos))
                            .failureClassifier(GrpcLoadRunner::classify)
                            .callsTimeOutThemselves(true)
                            .knownErrorKinds(STATUS_KINDS)
                            .targetName(target())
                            .shape(shape);
            if (b.listener != null) {
                f.progressListener(b.listener);
            }
            boolean countConnects = shape.warmupRequests() == 0 && own;
            return f.build()
                    .run(countConnects ? connect : new Histogram(3), countConnects ? ready : 0);
        } finally {
            if (own) {
                close(channels, group);
            }
        }
    }

    /**
     * Returns the client that makes this runner's calls: the one asked for, except that the load
     * engine's HTTP/2 client needs one connection per call in flight and channels of its own;
     * otherwise grpc-java's. A request message larger than the protocol's initial flow-control
     * window (64 KiB) also goes through grpc-java's.
     *
     * @return the client the calls go through
     */
    public Client client() {
        if (b.client == Client.GONOGO
                && b.channels == null
                && shape.connections() == shape.concurrency()) {
            return Client.GONOGO;
        }
        return Client.GRPC_JAVA;
    }

    /** The gRPC clients a runner can make its calls through. */
    public enum Client {
        /**
         * The load engine's own HTTP/2 client on its selector loop: the request's frames encoded
         * once, responses parsed in place, nothing allocated per call; the default.
         */
        GONOGO("gonogo"),

        /**
         * grpc-java's Netty client, for services whose behaviour depends on a full client
         * (keepalive pings, retries, load balancing); it costs several times the CPU per call.
         */
        GRPC_JAVA("grpc-java");

        private final String label;

        Client(String label) {
            this.label = label;
        }

        /**
         * Returns the name a targets file and the documents use.
         *
         * @return {@code gonogo} or {@code grpc-java}
         */
        public String label() {
            return label;
        }

        /**
         * Returns the client of a name.
         *
         * @param label {@code gonogo} or {@code grpc-java}
         * @return the client
         * @throws IllegalArgumentException for another name, listing both
         */
        public static Client of(String label) {
            for (Client c : values()) {
                if (c.label.equals(label)) {
                    return c;
                }
            }
            throw new IllegalArgumentException(
                    "unknown gRPC client '" + label + "'; expected gonogo or grpc-java");
        }
    }

    /** Whether the calls go through the load engine's HTTP/2 client. */
    private boolean usesEngine(Prepared p) {
        return client() == Client.GONOGO
                && p.calls().stream().allMatch(c -> c.request().length + 5 <= H2_INITIAL_WINDOW);
    }

    /** The load engine's plan of this runner's calls. */
    private LoadPlan enginePlan(Prepared p) {
        boolean secure = tls().isPresent();
        List<GrpcRequests.Call> frames = new ArrayList<>();
        List<OpPlan> ops = new ArrayList<>();
        for (Call c : p.calls()) {
            frames.add(new GrpcRequests.Call("/" + c.fullName(), c.request(), c.timeoutNanos()));
            ops.add(new OpPlan(c.name(), new byte[0], false, c.ok(), c.timeoutNanos(), c.weight()));
        }
        return new LoadPlan(
                URI.create((secure ? "grpcs://" : "grpc://") + authority()),
                host,
                port,
                new byte[0],
                false,
                shape.concurrency(),
                shape.requests(),
                shape.warmupRequests(),
                shape.requestTimeout(),
                0,
                0,
                Optional.ofNullable(b.listener),
                shape.maxDuration(),
                shape.duration(),
                shape.rate(),
                shape.rampTo(),
                shape.threads(),
                b.bounds,
                Optional.ofNullable(b.intervalLog),
                b.logTag,
                ops,
                tls().orElse(TlsSettings.DEFAULT),
                Optional.of(GrpcRequests.of(frames, authority(), secure, b.headers)),
                b.shard);
    }

    /**
     * Runs as {@link #run()} does, with the run's clock anchored at {@code startAt}: the open
     * model's schedule and the interval log's one-second grid count from that wall-clock instant,
     * as {@link io.gonogo.runners.load.LoadRunner#runFrom} does for HTTP, so the shards of a
     * sharded run given one start instant send one schedule. Only calls on gonogo's client can be
     * anchored.
     *
     * @param startAt the wall-clock instant the run's clock starts at; one in the future is waited
     *     for, one more than a second past is taken as now
     * @return the figures of this run
     * @throws IllegalArgumentException as {@link #run()}
     * @throws IllegalStateException when the calls would go through grpc-java's client, or as
     *     {@link #run()}
     */
    public CallLoadResult runFrom(Instant startAt) {
        Objects.requireNonNull(startAt, "startAt");
        Prepared p = prepare();
        if (!usesEngine(p)) {
            throw new IllegalStateException(
                    "only calls on gonogo's client can start at a given instant; these go through"
                            + " grpc-java's (several calls per connection, shared channels, or a"
                            + " message over 64 KiB)");
        }
        return onEngine(p, startAt);
    }

    /** Runs the calls on the load engine's HTTP/2 client, its clock anchored at {@code anchor}. */
    private CallLoadResult onEngine(Prepared p, Instant anchor) {
        LoadPlan plan = enginePlan(p);
        Instant startedAt = Instant.now();
        EngineRun.Calls calls = EngineRun.runCalls(plan, anchor);
        LoadResult figures = calls.figures();
        if (figures.answered() == 0
                && figures.errorCount(ErrorKind.CONNECT) == figures.attempted()
                && figures.abortReason()
                        .filter(a -> a.startsWith("target unreachable"))
                        .isPresent()) {
            // as with grpc-java's channels: a target that no connection reaches is not run
            return FutureEngine.notRun(
                    figures.abortReason().get(), shape.model(), startedAt, known());
        }
        Map<String, Map<String, Long>> perOperation = new LinkedHashMap<>();
        if (p.calls().size() > 1) {
            for (int op = 0; op < p.calls().size(); op++) {
                perOperation.put(p.calls().get(op).name(), answered(calls.operationCodes()[op]));
            }
        }
        return new CallLoadResult(figures, answered(calls.codes()), perOperation);
    }

    /** The answered unsuccessful calls by error kind, from their counts by status code. */
    private static Map<String, Long> answered(long[] byCode) {
        Map<String, Long> answered = known();
        Status.Code[] codes = Status.Code.values();
        for (int i = 1; i < byCode.length && i < codes.length; i++) {
            answered.put(kind(codes[i]), byCode[i]);
        }
        return answered;
    }

    /** {@code host:port} as the {@code :authority} of the calls, IPv6 hosts in brackets. */
    private String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The event loops of a run: calls complete and the next ones start on them, without hand-offs.
     */
    static EventLoopGroup group(int threads) {
        return new MultiThreadIoEventLoopGroup(
                threads,
                new DefaultThreadFactory("gonogo-grpc-load", true),
                NioIoHandler.newFactory());
    }

    /** The TLS settings of the run's channels: the shared channels', else the builder's. */
    private Optional<TlsSettings> tls() {
        return b.channels != null ? b.channels.tls() : Optional.ofNullable(b.tls);
    }

    /**
     * Whether channels that never became ready failed their TLS handshake rather than their TCP
     * connect: one call tells, as grpc-java keeps the cause of a channel's failure for its calls. A
     * run whose handshakes fail goes on and counts each call under {@link ErrorKind#TLS}, where a
     * target that cannot be reached at all is not run.
     */
    private boolean handshakeFails(
            ManagedChannel ch,
            MethodDescriptor<byte[], byte[]> md,
            byte[] request,
            Metadata headers) {
        if (tls().isEmpty()) {
            return false;
        }
        try {
            UnaryCall.start(ch, md, request, headers, shape.requestTimeout().toNanos())
                    .get(shape.requestTimeout().toNanos() + 1_000_000_000L, TimeUnit.NANOSECONDS);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return classify(e.getCause()).unansweredKind().orElse(null) == ErrorKind.TLS;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Opens every channel at once and records how long each took; returns how many are ready. */
    private int connectAll(List<ManagedChannel> channels, Histogram connect) {
        List<CompletableFuture<Long>> done = new ArrayList<>();
        for (ManagedChannel ch : channels) {
            CompletableFuture<Long> f = new CompletableFuture<>();
            long start = System.nanoTime();
            watch(ch, ch.getState(true), start, f);
            done.add(f);
        }
        long deadline = System.nanoTime() + shape.requestTimeout().toNanos();
        int ready = 0;
        for (CompletableFuture<Long> f : done) {
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                long nanos = f.get(left, TimeUnit.NANOSECONDS);
                connect.recordValue(
                        Math.max(1, Math.min(nanos / 1000, connect.getHighestTrackableValue())));
                ready++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ready;
            } catch (Exception e) {
                // not ready in time or failed: its calls count as connect errors
            }
        }
        return ready;
    }

    private static void watch(
            ManagedChannel ch, ConnectivityState state, long start, CompletableFuture<Long> f) {
        if (state == ConnectivityState.READY) {
            f.complete(System.nanoTime() - start);
        } else if (state == ConnectivityState.TRANSIENT_FAILURE
                || state == ConnectivityState.SHUTDOWN) {
            f.completeExceptionally(new ConnectException(state.name()));
        } else {
            ch.notifyWhenStateChanged(state, () -> watch(ch, ch.getState(true), start, f));
        }
    }

    static void close(List<ManagedChannel> channels, EventLoopGroup group) {
        for (ManagedChannel ch : channels) {
            ch.shutdownNow();
        }
        try {
            for (ManagedChannel ch : channels) {
                ch.awaitTermination(5, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Long> known() {
        Map<String, Long> m = new TreeMap<>();
        STATUS_KINDS.forEach(k -> m.put(k, 0L));
        return m;
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** Collects and validates the settings of a {@link GrpcLoadRunner}. */
    public static final class Builder {
        private String target;
        private String method;
        private String body = "{}";
        private final Map<String, String> headers = new TreeMap<>();
        private Path descriptorSet;
        private LoadShape.Builder shape = LoadShape.builder();
        private boolean connectionsSet;
        private ProgressListener listener;
        private GrpcChannels channels;
        private TlsSettings tls;
        private Client client = Client.GONOGO;
        private GeneratorBounds bounds = GeneratorBounds.DEFAULT;
        private final List<GrpcOperation> operations = new ArrayList<>();
        private RunShard shard = RunShard.WHOLE;
        private Path intervalLog;
        private String logTag = "latency";

        private Builder() {}

        /**
         * Runs one shard's share of a sharded run, as {@link
         * io.gonogo.runners.load.LoadRunner.Builder#shard} does for HTTP. Closed model: this runner
         * opens its {@link RunShard#share(long)} of the connections and sends that share of the
         * calls (by count) and of the warm-up, so the shares of all shards add up to the whole.
         * Open model: the rate, ramp, duration and warm-up stay the whole run's and so does the
         * schedule, of which this runner sends the calls {@code I, I + N, I + 2N, ...} over its
         * share of the connection pool. Only gonogo's client, with one call in flight per
         * connection and channels of its own, can split its load.
         *
         * <p>{@link #build()} fails when a share would be empty (fewer connections, or calls by
         * count, than shards) or the calls would go through grpc-java's client.
         *
         * @param shard the share this runner sends
         * @return this builder
         */
        public Builder shard(RunShard shard) {
            this.shard = Objects.requireNonNull(shard, "shard");
            return this;
        }

        /**
         * Writes the measured latencies as an HdrHistogram interval log, one-second intervals
         * tagged {@code tag} with absolute time stamps, as the HTTP engine does; for calls on
         * gonogo's client only (grpc-java's writes none). None by default.
         *
         * @param file where to write the log
         * @param tag the intervals' tag
         * @return this builder
         */
        public Builder intervalLog(Path file, String tag) {
            this.intervalLog = Objects.requireNonNull(file, "file");
            this.logTag = Objects.requireNonNull(tag, "tag");
            return this;
        }

        /**
         * Adds an operation of a weighted mix, in place of {@link #method(String)} and {@link
         * #body(String)}: calls take the operations in a fixed interleaved order that gives each
         * its weight's share, and the figures come per operation besides the run's. A mix runs on
         * gonogo's client only.
         *
         * @param operation the operation
         * @return this builder
         * @throws IllegalArgumentException if an operation of that name was added already
         */
        public Builder operation(GrpcOperation operation) {
            Objects.requireNonNull(operation, "operation");
            for (GrpcOperation o : operations) {
                if (o.name().equals(operation.name())) {
                    throw new IllegalArgumentException(
                            "operation '" + operation.name() + "' is in the mix twice");
                }
            }
            operations.add(operation);
            return this;
        }

        /**
         * Sets the bounds on the generator's own health beyond which a run on the load engine's
         * client is flagged as generator-bound; default {@link GeneratorBounds#DEFAULT}.
         *
         * @param bounds the bounds
         * @return this builder
         */
        public Builder generatorBounds(GeneratorBounds bounds) {
            this.bounds = Objects.requireNonNull(bounds, "bounds");
            return this;
        }

        /**
         * Chooses the client the calls go through; default {@link Client#GONOGO}, the load engine's
         * own (see {@link GrpcLoadRunner#client()} for when grpc-java's is used anyway).
         *
         * @param client the client
         * @return this builder
         */
        public Builder client(Client client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Sets the target: {@code host:port} or {@code grpc://host:port} (plaintext HTTP/2), or
         * {@code grpcs://host:port} (TLS, with the JDK's trust store unless {@link
         * #tls(TlsSettings)} says otherwise).
         *
         * @param target the address
         * @return this builder
         * @throws IllegalArgumentException if it has no host or no valid port
         */
        public Builder target(String target) {
            Objects.requireNonNull(target, "target");
            hostPort(target);
            this.target = target;
            if (isTls(target) && tls == null) {
                tls = TlsSettings.DEFAULT;
            }
            return this;
        }

        /**
         * Opens the channels with TLS: trust, client certificate for mutual TLS and the name sent
         * in SNI and verified, whatever the target's scheme.
         *
         * @param tls the TLS settings
         * @return this builder
         */
        public Builder tls(TlsSettings tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * Sets the method by its full name.
         *
         * @param fullName {@code package.Service/Method}, such as {@code
         *     gonogo.governance.v1.Governance/Health}
         * @return this builder
         * @throws IllegalArgumentException if the name has no service or method part
         */
        public Builder method(String fullName) {
            Objects.requireNonNull(fullName, "method");
            String[] parts = MethodResolver.split(fullName);
            this.method = parts[0] + "/" + parts[1];
            return this;
        }

        /**
         * Sets the request body in the protobuf JSON mapping; default {@code {}} (an empty
         * message).
         *
         * @param json the body, checked against the request type when the runner runs
         * @return this builder
         */
        public Builder body(String json) {
            this.body = Objects.requireNonNull(json, "body");
            return this;
        }

        /**
         * Adds a metadata entry sent with every call, such as {@code authorization: Bearer ...}.
         *
         * @param name an ASCII metadata key (lower-cased), not ending in {@code -bin}
         * @param value an ASCII value
         * @return this builder
         * @throws IllegalArgumentException if the name or value is not valid metadata
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "header name");
            Objects.requireNonNull(value, "header value");
            String key = name.strip().toLowerCase(Locale.ROOT);
            if (key.endsWith("-bin") || key.startsWith("grpc-") || key.startsWith(":")) {
                throw new IllegalArgumentException(
                        "header "
                                + name
                                + " cannot be set: binary (-bin), grpc- and"
                                + " pseudo headers are not supported");
            }
            try {
                Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "header name '" + name + "' is not a valid gRPC metadata key");
            }
            for (char c : value.toCharArray()) {
                if (c < 0x20 || c > 0x7e) {
                    throw new IllegalArgumentException(
                            "header " + name + " must be printable ASCII");
                }
            }
            headers.put(key, value);
            return this;
        }

        /**
         * Resolves the method in this descriptor set file instead of through server reflection.
         *
         * @param file written by {@code protoc --include_imports --descriptor_set_out=FILE}
         * @return this builder
         */
        public Builder descriptorSet(Path file) {
            this.descriptorSet = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Sets the calls in flight (closed model) or the most in flight (open model); 1..100,000,
         * checked when set.
         *
         * @param concurrency calls in flight; also the number of connections unless set apart
         * @return this builder
         */
        public Builder concurrency(int concurrency) {
            shape.concurrency(concurrency);
            return this;
        }

        /**
         * Sets the number of connections (channels), used in turn; default the concurrency (at most
         * 10,000); 1..10,000, checked when set.
         *
         * @param connections the number of connections
         * @return this builder
         */
        public Builder connections(int connections) {
            checkConnections(connections);
            shape.connections(connections);
            this.connectionsSet = true;
            return this;
        }

        /**
         * Sets the event-loop threads that run the connections; default 1, as the HTTP engine's one
         * selector; 1..64.
         *
         * @param threads the number of threads
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("threads must be within 1..64, got " + threads);
            }
            shape.threads(threads);
            return this;
        }

        /**
         * Sets the measured calls of a closed run, instead of a duration; must be >= 1, checked
         * when set.
         *
         * @param requests measured calls
         * @return this builder
         */
        public Builder requests(long requests) {
            shape.requests(requests);
            return this;
        }

        /**
         * Sets the measured duration, instead of a count (see {@link
         * FutureLoadRunner.Builder#duration(Duration)}).
         *
         * @param duration the measured duration
         * @return this builder
         */
        public Builder duration(Duration duration) {
            shape.duration(duration);
            return this;
        }

        /**
         * Selects the open model at this constant arrival rate; needs a duration.
         *
         * @param perSecond calls per second
         * @return this builder
         */
        public Builder rate(double perSecond) {
            shape.rate(perSecond);
            return this;
        }

        /**
         * Ramps the open model's rate linearly from {@link #rate(double)} to this over the
         * duration; gonogo's client only.
         *
         * @param perSecond calls per second at the end of the duration
         * @return this builder
         */
        public Builder rampTo(double perSecond) {
            shape.rampTo(perSecond);
            return this;
        }

        /**
         * Sets the warm-up calls, on top and excluded from every figure; default 0.
         *
         * @param warmup warm-up calls
         * @return this builder
         */
        public Builder warmupRequests(long warmup) {
            shape.warmupRequests(warmup);
            return this;
        }

        /**
         * Runs the calls on channels opened beforehand and kept open after the run (they are not
         * closed, and their set-up is not counted in {@code connect_time}); the target defaults to
         * theirs, and {@code connections} is their count.
         *
         * @param channels the shared channels
         * @return this builder
         */
        public Builder channels(GrpcChannels channels) {
            this.channels = Objects.requireNonNull(channels, "channels");
            if (target == null) {
                target = channels.target();
            }
            return connections(channels.size());
        }

        /**
         * Sets the per-call timeout, sent as the call's gRPC deadline, also bounding connection
         * set-up and reflection; default 10 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            shape.requestTimeout(timeout);
            return this;
        }

        /**
         * Sets the hard stop of the whole run, warm-up included; default as {@link
         * FutureLoadRunner}.
         *
         * @param maxDuration the longest a run may last
         * @return this builder
         */
        public Builder maxDuration(Duration maxDuration) {
            shape.maxDuration(maxDuration);
            return this;
        }

        /**
         * Sets the whole shape of the load at once: calls in flight, connections, event-loop
         * threads (1..64), count or duration, rate, warm-up, timeout and hard stop; the shape's
         * setters of this builder change it afterwards. A ramp runs on gonogo's client only.
         *
         * @param shape the shape; its connections 1..10,000
         * @return this builder
         */
        public Builder shape(LoadShape shape) {
            Objects.requireNonNull(shape, "shape");
            checkConnections(shape.connections());
            if (shape.threads() > 64) {
                throw new IllegalArgumentException(
                        "threads must be within 1..64, got " + shape.threads());
            }
            this.shape = shape.toBuilder();
            this.connectionsSet = true;
            return this;
        }

        private static void checkConnections(long connections) {
            if (connections < 1 || connections > 10_000) {
                throw new IllegalArgumentException(
                        "connections must be within 1..10000, got " + connections);
            }
        }

        /**
         * Sets a listener called about once a second; by default none.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder progressListener(ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Validates the settings (without contacting the target) and builds the runner.
         *
         * @return a runner for these settings
         * @throws IllegalArgumentException naming the setting, its bound and the bad value
         */
        public GrpcLoadRunner build() {
            if (target == null) {
                throw new IllegalArgumentException(
                        "target must be set (host:port or grpc://host:port)");
            }
            if (method == null && operations.isEmpty()) {
                throw new IllegalArgumentException(
                        "method must be set (package.Service/Method), or operations of a mix");
            }
            if (method != null && !operations.isEmpty()) {
                throw new IllegalArgumentException(
                        "a mix names each operation's method; set the method or operations, not"
                                + " both");
            }
            LoadShape s = shape.build();
            if (!connectionsSet) {
                s = s.toBuilder().connections(Math.min(s.concurrency(), 10_000)).build();
            }
            if (s.rampTo() != s.rate()
                    && (client != Client.GONOGO
                            || channels != null
                            || s.connections() != s.concurrency())) {
                throw new IllegalArgumentException(
                        "rampTo runs on gonogo's client only, with one connection per call in"
                                + " flight; through grpc-java's client the open model runs at a"
                                + " constant rate");
            }
            if (!operations.isEmpty()
                    && (client != Client.GONOGO
                            || channels != null
                            || s.connections() != s.concurrency())) {
                throw new IllegalArgumentException(
                        "a mix runs on gonogo's client only, with one connection per call in"
                                + " flight and channels of its own");
            }
            if (!shard.equals(RunShard.WHOLE)) {
                if (client != Client.GONOGO
                        || channels != null
                        || s.connections() != s.concurrency()) {
                    throw new IllegalArgumentException(
                            "a sharded gRPC run splits its load on gonogo's client only, with one"
                                    + " call in flight per connection and channels of its own");
                }
                s = shareOf(s);
            }
            String[] hp = hostPort(target);
            return new GrpcLoadRunner(copy(), s, hp[0], Integer.parseInt(hp[1]));
        }

        /**
         * {@code s} with this shard's share, as {@link io.gonogo.runners.load.LoadRunner.Builder}
         * takes it: its share of the connections in both models, and in the closed model its share
         * of the calls (by count) and of the warm-up; the open model's schedule stays the whole
         * run's, of which the engine sends this shard's slots.
         */
        private LoadShape shareOf(LoadShape s) {
            boolean open = s.rate() > 0;
            int connections = (int) shard.requireShare("concurrency", s.concurrency());
            LoadShape.Builder b = s.toBuilder().concurrency(connections).connections(connections);
            if (!open) {
                b.warmupRequests(shard.share(s.warmupRequests()));
                if (s.duration().isEmpty()) {
                    b.requests(shard.requireShare("requests", s.requests()));
                }
            }
            return b.build();
        }

        private Builder copy() {
            Builder c = new Builder();
            c.shard = shard;
            c.intervalLog = intervalLog;
            c.logTag = logTag;
            c.target = target;
            c.method = method;
            c.body = body;
            c.headers.putAll(headers);
            c.descriptorSet = descriptorSet;
            c.listener = listener;
            c.channels = channels;
            c.tls = tls;
            c.client = client;
            c.bounds = bounds;
            c.operations.addAll(operations);
            return c;
        }

        /** Whether {@code target} names TLS: {@code grpcs://}. */
        static boolean isTls(String target) {
            return target.strip().regionMatches(true, 0, "grpcs://", 0, 8);
        }

        static String[] hostPort(String target) {
            String t = target.strip();
            URI uri;
            try {
                uri = new URI(t.contains("://") ? t : "grpc://" + t);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(
                        "malformed gRPC target '" + target + "': " + e.getReason());
            }
            if (!("grpc".equalsIgnoreCase(uri.getScheme())
                            || "grpcs".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null
                    || uri.getPort() < 1
                    || uri.getPort() > 65535
                    || (uri.getPath() != null
                            && !uri.getPath().isEmpty()
                            && !uri.getPath().equals("/"))
                    || uri.getQuery() != null) {
                throw new IllegalArgumentException(
                        "malformed gRPC target '"
                                + target
                                + "'; expected grpc://host:port, grpcs://host:port"
                                + " or host:port, such as grpc://127.0.0.1:50051");
            }
            String host =
                    uri.getHost().startsWith("[")
                            ? uri.getHost().substring(1, uri.getHost().length() - 1)
                            : uri.getHost();
            return new String[] {host, Integer.toString(uri.getPort())};
        }
    }

    /**
     * Returns the resolved settings as the command line shows them.
     *
     * @return for example {@code closed model, 50 calls in flight over 50 connections}
     */
    public String describe() {
        return (shape.model() == LoadModel.OPEN
                        ? "open model at " + shape.rate() + "/s"
                        : "closed model")
                + ", "
                + shape.concurrency()
                + " calls in flight over "
                + shape.connections()
                + " connections";
    }

    /**
     * Returns the descriptor set this runner resolves its method in, if any.
     *
     * @return the file, or empty when it uses server reflection
     */
    public Optional<Path> descriptorSet() {
        return Optional.ofNullable(b.descriptorSet);
    }
}
