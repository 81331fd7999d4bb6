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
 * while the server is frozen ({@link #freezeFrom(long, long)}) every call is held until the freeze
 * ends. {@code Watch} is server streaming, to test that only unary methods are accepted. Every call
 * is counted, warm-up included.
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
    private volatile long freezeStart = Long.MAX_VALUE;
    private volatile long freezeEnd = Long.MIN_VALUE;

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
     * the end of that window, where {@code t} is the arrival of the next call.
     */
    synchronized void freezeFrom(long afterMillis, long forMillis) {
        armedAfterNanos = TimeUnit.MILLISECONDS.toNanos(afterMillis);
        armedForNanos = TimeUnit.MILLISECONDS.toNanos(forMillis);
        armed = true;
    }

    private synchronized void startFreezeClock(long now) {
        if (armed) {
            armed = false;
            freezeStart = now + armedAfterNanos;
            freezeEnd = freezeStart + armedForNanos;
        }
    }

    private volatile boolean armed;
    private long armedAfterNanos;
    private long armedForNanos;

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
                    if (armed) {
                        startFreezeClock(now);
                    }
                    if (now - freezeStart >= 0 && now - freezeEnd < 0) {
                        delay = Math.max(delay, TimeUnit.NANOSECONDS.toMillis(freezeEnd - now) + 1);
                    }
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
                    if (delay > 0) {
                        timer.schedule(answer, delay, TimeUnit.MILLISECONDS);
                    } else {
                        answer.run();
                    }
                }
            };
        }
    }
}
