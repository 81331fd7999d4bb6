package io.gonogo.runners.load.grpc;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import io.gonogo.testing.TestCertificates;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real gRPC server on 127.0.0.1 and a free port for the load tests: service {@code
 * gonogo.test.v1.Echo} built from a hand-written descriptor (no protoc), with server reflection
 * (v1).
 *
 * <p>{@code Echo(EchoRequest) returns (EchoResponse)}: answers {@code text} back after {@code
 * delay_millis}, or closes with the status named by {@code fail} (such as {@code UNAVAILABLE});
 * while the server is frozen, once ({@link #freezeFrom(long, long)}) or periodically ({@link
 * #freezeEvery(long, long)}), every call is held until the freeze ends. {@code Watch} is server
 * streaming, to test that only unary methods are accepted. Every call is counted, warm-up included.
 */
final class TestGrpcServer implements AutoCloseable {

    static final String SERVICE = "gonogo.test.v1.Echo";
    static final String ECHO = SERVICE + "/Echo";

    static final FileDescriptor FILE = file();
    static final Descriptor REQUEST = FILE.findMessageTypeByName("EchoRequest");
    static final Descriptor RESPONSE = FILE.findMessageTypeByName("EchoResponse");

    private final Server server;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "test-grpc-timer");
                        t.setDaemon(true);
                        return t;
                    });
    final AtomicLong calls = new AtomicLong();
    final AtomicLong authorized = new AtomicLong();

    /** The freeze set last, waiting for the next call to start its clock; null when none. */
    private volatile Freeze armed;

    /** The freeze whose clock runs; null when none. */
    private volatile Freeze running;

    private TestGrpcServer(boolean reflection) {
        this(reflection, InsecureServerCredentials.create());
    }

    private TestGrpcServer(boolean reflection, ServerCredentials credentials) {
        NettyServerBuilder b =
                NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), credentials)
                        .addService(definition());
        if (reflection) {
            b.addService(ProtoReflectionServiceV1.newInstance());
        }
        server = b.build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a server with reflection. */
    static TestGrpcServer start() {
        return new TestGrpcServer(true);
    }

    /**
     * Starts a TLS server with reflection, presenting {@code cert}; with {@code clientCa}, it
     * requires a client certificate issued by it (mutual TLS).
     */
    static TestGrpcServer startTls(
            TestCertificates.Pair cert, java.util.Optional<Path> clientCa, boolean reflection)
            throws IOException {
        TlsServerCredentials.Builder b =
                TlsServerCredentials.newBuilder()
                        .keyManager(cert.cert().toFile(), cert.key().toFile());
        if (clientCa.isPresent()) {
            b.trustManager(clientCa.get().toFile())
                    .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
        }
        return new TestGrpcServer(reflection, b.build());
    }

    /** Starts a server without the reflection service. */
    static TestGrpcServer startWithoutReflection() {
        return new TestGrpcServer(false);
    }

    String target() {
        return "127.0.0.1:" + server.getPort();
    }

    /**
     * Holds every call that arrives in {@code [t + afterMillis, t + afterMillis + forMillis)} until
     * the end of that window, where {@code t} is the arrival of the next call; replaces any earlier
     * freeze from that call on.
     */
    void freezeFrom(long afterMillis, long forMillis) {
        armed =
                new Freeze(
                        TimeUnit.MILLISECONDS.toNanos(afterMillis),
                        TimeUnit.MILLISECONDS.toNanos(forMillis),
                        0,
                        0);
    }

    /**
     * Freezes the server in the last {@code forMillis} of every {@code periodMillis}, its clock
     * starting with the arrival {@code t} of the next Echo call: a call arriving in {@code [t + (k
     * + 1) * periodMillis - forMillis, t + (k + 1) * periodMillis)}, for any {@code k >= 0}, is
     * held until the end of that window, then answered as it asks (so 1 s of every 5 s is {@code
     * freezeEvery(5_000, 1_000)}, frozen from 4 s to 5 s, 9 s to 10 s...). The server does not
     * stop: a held call's answer is scheduled on a timer, no server thread waits, and the calls are
     * released together as the window ends. Replaces any earlier freeze from that call on, and
     * calling it again restarts the clock.
     *
     * @param periodMillis the period, > 0
     * @param forMillis how long the server is frozen in each period, within 1..periodMillis - 1
     */
    void freezeEvery(long periodMillis, long forMillis) {
        if (forMillis < 1 || forMillis >= periodMillis) {
            throw new IllegalArgumentException(
                    "a freeze of " + forMillis + " ms every " + periodMillis + " ms");
        }
        long period = TimeUnit.MILLISECONDS.toNanos(periodMillis);
        long frozen = TimeUnit.MILLISECONDS.toNanos(forMillis);
        armed = new Freeze(period - frozen, frozen, period, 0);
    }

    /**
     * Returns when the answer to a call arriving at {@code now} may go: {@code now}, or the end of
     * the freeze window it arrived in. The call that finds a freeze armed starts its clock.
     */
    private long heldUntil(long now) {
        if (armed != null) {
            synchronized (this) {
                Freeze a = armed;
                if (a != null) {
                    armed = null;
                    running = a.startingAt(now);
                }
            }
        }
        Freeze f = running;
        return f == null ? now : f.heldUntil(now);
    }

    /**
     * Frozen windows of {@code forNanos} starting {@code afterNanos} after {@code start}, repeating
     * every {@code periodNanos} (0: once).
     */
    private record Freeze(long afterNanos, long forNanos, long periodNanos, long start) {
        Freeze startingAt(long now) {
            return new Freeze(afterNanos, forNanos, periodNanos, now);
        }

        long heldUntil(long now) {
            long into = now - start - afterNanos;
            if (into < 0) {
                return now;
            }
            if (periodNanos > 0) {
                into %= periodNanos;
            }
            return into < forNanos ? now + (forNanos - into) : now;
        }
    }

    /**
     * Writes the descriptor set of the service, as protoc --include_imports --descriptor_set_out
     * would.
     */
    static Path writeDescriptorSet(Path file) throws IOException {
        Files.write(
                file, FileDescriptorSet.newBuilder().addFile(FILE.toProto()).build().toByteArray());
        return file;
    }

    /** A loopback port nobody listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
    }

    private static FileDescriptor file() {
        FileDescriptorProto proto =
                FileDescriptorProto.newBuilder()
                        .setName("gonogo/test/v1/echo.proto")
                        .setPackage("gonogo.test.v1")
                        .setSyntax("proto3")
                        .addMessageType(
                                DescriptorProto.newBuilder()
                                        .setName("EchoRequest")
                                        .addField(
                                                field(
                                                        "text",
                                                        1,
                                                        FieldDescriptorProto.Type.TYPE_STRING))
                                        .addField(
                                                field(
                                                        "delay_millis",
                                                        2,
                                                        FieldDescriptorProto.Type.TYPE_INT64))
                                        .addField(
                                                field(
                                                        "fail",
                                                        3,
                                                        FieldDescriptorProto.Type.TYPE_STRING)))
                        .addMessageType(
                                DescriptorProto.newBuilder()
                                        .setName("EchoResponse")
                                        .addField(
                                                field(
                                                        "text",
                                                        1,
                                                        FieldDescriptorProto.Type.TYPE_STRING)))
                        .addService(
                                ServiceDescriptorProto.newBuilder()
                                        .setName("Echo")
                                        .addMethod(
                                                MethodDescriptorProto.newBuilder()
                                                        .setName("Echo")
                                                        .setInputType(".gonogo.test.v1.EchoRequest")
                                                        .setOutputType(
                                                                ".gonogo.test.v1.EchoResponse"))
                                        .addMethod(
                                                MethodDescriptorProto.newBuilder()
                                                        .setName("Watch")
                                                        .setServerStreaming(true)
                                                        .setInputType(".gonogo.test.v1.EchoRequest")
                                                        .setOutputType(
                                                                ".gonogo.test.v1.EchoResponse")))
                        .build();
        try {
            return FileDescriptor.buildFrom(proto, new FileDescriptor[0]);
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FieldDescriptorProto field(
            String name, int number, FieldDescriptorProto.Type type) {
        return FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
                .build();
    }

    /** Schema suppliers so that the reflection service finds the file. */
    private static final class Schema
            implements ProtoServiceDescriptorSupplier, ProtoMethodDescriptorSupplier {
        private final String method;

        Schema(String method) {
            this.method = method;
        }

        @Override
        public FileDescriptor getFileDescriptor() {
            return FILE;
        }

        @Override
        public Descriptors.ServiceDescriptor getServiceDescriptor() {
            return FILE.findServiceByName("Echo");
        }

        @Override
        public Descriptors.MethodDescriptor getMethodDescriptor() {
            return getServiceDescriptor().findMethodByName(method);
        }
    }

    private ServerServiceDefinition definition() {
        MethodDescriptor.Marshaller<DynamicMessage> req =
                ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(REQUEST));
        MethodDescriptor.Marshaller<DynamicMessage> resp =
                ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(RESPONSE));
        MethodDescriptor<DynamicMessage, DynamicMessage> echo =
                MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                        .setType(MethodDescriptor.MethodType.UNARY)
                        .setFullMethodName(ECHO)
                        .setRequestMarshaller(req)
                        .setResponseMarshaller(resp)
                        .setSchemaDescriptor(new Schema("Echo"))
                        .build();
        MethodDescriptor<DynamicMessage, DynamicMessage> watch =
                MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                        .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
                        .setFullMethodName(SERVICE + "/Watch")
                        .setRequestMarshaller(req)
                        .setResponseMarshaller(resp)
                        .setSchemaDescriptor(new Schema("Watch"))
                        .build();
        ServiceDescriptor sd =
                ServiceDescriptor.newBuilder(SERVICE)
                        .setSchemaDescriptor(new Schema(null))
                        .addMethod(echo)
                        .addMethod(watch)
                        .build();
        return ServerServiceDefinition.builder(sd)
                .addMethod(echo, new EchoHandler())
                .addMethod(
                        watch,
                        (call, headers) -> {
                            call.close(Status.UNIMPLEMENTED, new Metadata());
                            return new ServerCall.Listener<>() {};
                        })
                .build();
    }

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    /** The Echo method: delay, fail or answer, honouring a freeze. */
    private final class EchoHandler implements ServerCallHandler<DynamicMessage, DynamicMessage> {
        @Override
        public ServerCall.Listener<DynamicMessage> startCall(
                ServerCall<DynamicMessage, DynamicMessage> call, Metadata headers) {
            calls.incrementAndGet();
            if ("Bearer secret".equals(headers.get(AUTHORIZATION))) {
                authorized.incrementAndGet();
            }
            call.request(1);
            return new ServerCall.Listener<>() {
                @Override
                public void onMessage(DynamicMessage message) {
                    String text = (String) message.getField(REQUEST.findFieldByName("text"));
                    long delay = (Long) message.getField(REQUEST.findFieldByName("delay_millis"));
                    String fail = (String) message.getField(REQUEST.findFieldByName("fail"));
                    long now = System.nanoTime();
                    long delayNanos =
                            Math.max(TimeUnit.MILLISECONDS.toNanos(delay), heldUntil(now) - now);
                    Runnable answer =
                            () -> {
                                try {
                                    if (!fail.isEmpty()) {
                                        call.close(
                                                Status.fromCode(Status.Code.valueOf(fail))
                                                        .withDescription("asked to fail"),
                                                new Metadata());
                                        return;
                                    }
                                    call.sendHeaders(new Metadata());
                                    call.sendMessage(
                                            DynamicMessage.newBuilder(RESPONSE)
                                                    .setField(
                                                            RESPONSE.findFieldByName("text"), text)
                                                    .build());
                                    call.close(Status.OK, new Metadata());
                                } catch (IllegalStateException cancelled) {
                                    // the client gave up first
                                }
                            };
                    if (delayNanos > 0) {
                        timer.schedule(answer, delayNanos, TimeUnit.NANOSECONDS);
                    } else {
                        answer.run();
                    }
                }
            };
        }
    }
}
