package io.gonogo.runners.load.grpc.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Finds a unary method by its full name ({@code package.Service/Method}) through the server
 * reflection service (v1) of the target, or in a descriptor set file, and turns a JSON body into
 * the bytes of its request message.
 *
 * <p>Mistakes of the caller (unknown service or method, a streaming method, a body that does not
 * fit the request type, a server without reflection, an unreadable descriptor set) are {@link
 * IllegalArgumentException}s; a target that cannot be reached is an {@link IllegalStateException}
 * whose message starts with {@code target unreachable}.
 */
public final class MethodResolver {

    private MethodResolver() {}

    /**
     * Splits a full method name into service and method.
     *
     * @param fullName {@code package.Service/Method} or {@code package.Service.Method}
     * @return service full name and method name
     * @throws IllegalArgumentException if the name has no service or no method part
     */
    public static String[] split(String fullName) {
        String name = fullName.strip();
        if (name.startsWith("/")) {
            name = name.substring(1);
        }
        int slash = name.lastIndexOf('/');
        int cut = slash >= 0 ? slash : name.lastIndexOf('.');
        String service = cut > 0 ? name.substring(0, cut) : "";
        String method = cut > 0 ? name.substring(cut + 1) : "";
        if (!service.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")
                || !method.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException(
                    "'"
                            + fullName
                            + "' is not a full gRPC method name; expected package.Service/Method,"
                            + " such as gonogo.governance.v1.Governance/Health");
        }
        return new String[] {service, method};
    }

    /**
     * Resolves the method through the target's server reflection service.
     *
     * @param channel a channel to the target
     * @param target how messages name the target
     * @param fullName the full method name
     * @param timeout how long to wait for the reflection service
     * @return the unary method
     */
    public static MethodDescriptor viaReflection(
            Channel channel, String target, String fullName, Duration timeout) {
        String[] parts = split(fullName);
        Reflection r = new Reflection(channel, target, timeout, parts[0]);
        try {
            ServerReflectionResponse first =
                    r.ask(
                            ServerReflectionRequest.newBuilder()
                                    .setFileContainingSymbol(parts[0])
                                    .build());
            if (first.hasErrorResponse()) {
                List<String> services = new ArrayList<>();
                ServerReflectionResponse list =
                        r.ask(ServerReflectionRequest.newBuilder().setListServices("*").build());
                list.getListServicesResponse()
                        .getServiceList()
                        .forEach(s -> services.add(s.getName()));
                throw unknownService(parts[0], target, services);
            }
            Map<String, FileDescriptorProto> files = new LinkedHashMap<>();
            add(files, first.getFileDescriptorResponse().getFileDescriptorProtoList());
            for (int round = 0; round < 100; round++) {
                List<String> missing = new ArrayList<>();
                for (FileDescriptorProto f : files.values()) {
                    for (String dep : f.getDependencyList()) {
                        if (!files.containsKey(dep)) {
                            missing.add(dep);
                        }
                    }
                }
                if (missing.isEmpty()) {
                    break;
                }
                for (String dep : missing) {
                    ServerReflectionResponse resp =
                            r.ask(
                                    ServerReflectionRequest.newBuilder()
                                            .setFileByFilename(dep)
                                            .build());
                    if (resp.hasErrorResponse()) {
                        throw new IllegalArgumentException(
                                "the server reflection of "
                                        + target
                                        + " cannot give "
                                        + dep
                                        + ", imported by the file of "
                                        + parts[0]);
                    }
                    add(files, resp.getFileDescriptorResponse().getFileDescriptorProtoList());
                }
            }
            return find(build(files, "the server reflection of " + target), parts, "at " + target);
        } finally {
            r.close();
        }
    }

    /**
     * Resolves the method in a descriptor set file ({@code protoc --include_imports
     * --descriptor_set_out=FILE}).
     *
     * @param file the descriptor set
     * @param fullName the full method name
     * @return the unary method
     */
    public static MethodDescriptor viaDescriptorSet(Path file, String fullName) {
        String[] parts = split(fullName);
        FileDescriptorSet set;
        try {
            set = FileDescriptorSet.parseFrom(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("descriptor set " + file + " does not exist");
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(
                    "descriptor set "
                            + file
                            + " is not a protobuf FileDescriptorSet ("
                            + e.getMessage()
                            + "); write one with protoc --include_imports"
                            + " --descriptor_set_out=FILE");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read descriptor set " + file + ": " + e.getMessage());
        }
        Map<String, FileDescriptorProto> files = new LinkedHashMap<>();
        set.getFileList().forEach(f -> files.putIfAbsent(f.getName(), f));
        return find(build(files, "descriptor set " + file), parts, "in " + file);
    }

    /**
     * Turns a JSON body into the serialized request message of the method.
     *
     * @param method the method
     * @param json the body in the protobuf JSON mapping; blank means an empty message
     * @return the request bytes
     * @throws IllegalArgumentException if the body does not fit the request type
     */
    public static byte[] request(MethodDescriptor method, String json) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(method.getInputType());
        String text = json == null || json.isBlank() ? "{}" : json;
        try {
            JsonFormat.parser().merge(text, b);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            String why =
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
            throw new IllegalArgumentException(
                    "the body does not fit "
                            + method.getInputType().getFullName()
                            + ", the request of "
                            + method.getService().getFullName()
                            + "/"
                            + method.getName()
                            + ": "
                            + why.replace('\n', ' '));
        }
        return b.build().toByteArray();
    }

    private static void add(Map<String, FileDescriptorProto> files, List<ByteString> protos) {
        for (ByteString bytes : protos) {
            try {
                FileDescriptorProto f = FileDescriptorProto.parseFrom(bytes);
                files.putIfAbsent(f.getName(), f);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(
                        "the server reflection sent a malformed file descriptor: "
                                + e.getMessage());
            }
        }
    }

    private static List<FileDescriptor> build(
            Map<String, FileDescriptorProto> protos, String from) {
        Map<String, FileDescriptor> built = new HashMap<>();
        List<FileDescriptor> all = new ArrayList<>();
        for (String name : protos.keySet()) {
            all.add(build(name, protos, built, new ArrayList<>(), from));
        }
        return all;
    }

    private static FileDescriptor build(
            String name,
            Map<String, FileDescriptorProto> protos,
            Map<String, FileDescriptor> built,
            List<String> path,
            String from) {
        FileDescriptor done = built.get(name);
        if (done != null) {
            return done;
        }
        FileDescriptorProto proto = protos.get(name);
        if (proto == null) {
            throw new IllegalArgumentException(
                    from
                            + " lacks "
                            + name
                            + ", imported by "
                            + String.join(" <- ", path)
                            + (from.startsWith("descriptor set")
                                    ? "; write it with protoc --include_imports"
                                    : ""));
        }
        if (path.contains(name)) {
            throw new IllegalArgumentException(from + " has an import cycle through " + name);
        }
        path.add(name);
        List<FileDescriptor> deps = new ArrayList<>();
        for (String dep : proto.getDependencyList()) {
            deps.add(build(dep, protos, built, path, from));
        }
        path.remove(path.size() - 1);
        try {
            FileDescriptor f = FileDescriptor.buildFrom(proto, deps.toArray(new FileDescriptor[0]));
            built.put(name, f);
            return f;
        } catch (DescriptorValidationException e) {
            throw new IllegalArgumentException(
                    from + " has an invalid " + name + ": " + e.getMessage());
        }
    }

    private static MethodDescriptor find(List<FileDescriptor> files, String[] parts, String where) {
        ServiceDescriptor service = null;
        TreeSet<String> services = new TreeSet<>();
        for (FileDescriptor f : files) {
            for (ServiceDescriptor s : f.getServices()) {
                services.add(s.getFullName());
                if (s.getFullName().equals(parts[0])) {
                    service = s;
                }
            }
        }
        if (service == null) {
            throw unknownService(
                    parts[0], where.replaceFirst("^at ", ""), new ArrayList<>(services));
        }
        MethodDescriptor method = service.findMethodByName(parts[1]);
        if (method == null) {
            List<String> names = new ArrayList<>();
            service.getMethods().forEach(m -> names.add(m.getName()));
            throw new IllegalArgumentException(
                    "unknown gRPC method '"
                            + parts[1]
                            + "' in service "
                            + parts[0]
                            + "; it has "
                            + String.join(", ", names));
        }
        if (method.isClientStreaming() || method.isServerStreaming()) {
            throw new IllegalArgumentException(
                    "gRPC method "
                            + parts[0]
                            + "/"
                            + parts[1]
                            + " is "
                            + (method.isClientStreaming() ? "client" : "server")
                            + " streaming; only unary methods can be"
                            + " driven");
        }
        return method;
    }

    private static IllegalArgumentException unknownService(
            String service, String where, List<String> offered) {
        List<String> shown = new ArrayList<>(offered);
        shown.removeIf(s -> s.startsWith("grpc.reflection.") || s.startsWith("grpc.health."));
        return new IllegalArgumentException(
                "unknown gRPC service '"
                        + service
                        + "' "
                        + (where.contains("/") || where.contains("\\") ? "in " : "at ")
                        + where
                        + "; "
                        + (shown.isEmpty()
                                ? "it offers none"
                                : "it offers " + String.join(", ", shown)));
    }

    /** One server reflection stream, asked one question at a time. */
    private static final class Reflection {
        private final String target;
        private final Duration timeout;
        private final String service;
        private final LinkedBlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        private final StreamObserver<ServerReflectionRequest> requests;

        Reflection(Channel channel, String target, Duration timeout, String service) {
            this.target = target;
            this.timeout = timeout;
            this.service = service;
            this.requests =
                    ServerReflectionGrpc.newStub(channel)
                            .withDeadlineAfter(
                                    Math.max(1, timeout.toMillis()) * 4, TimeUnit.MILLISECONDS)
                            .serverReflectionInfo(
                                    new StreamObserver<>() {
                                        @Override
                                        public void onNext(ServerReflectionResponse value) {
                                            answers.add(value);
                                        }

                                        @Override
                                        public void onError(Throwable t) {
                                            answers.add(t);
                                        }

                                        @Override
                                        public void onCompleted() {
                                            answers.add(
                                                    Status.UNAVAILABLE
                                                            .withDescription(
                                                                    "the reflection stream ended"
                                                                            + " early")
                                                            .asRuntimeException());
                                        }
                                    });
        }

        ServerReflectionResponse ask(ServerReflectionRequest request) {
            requests.onNext(request);
            Object answer;
            try {
                answer = answers.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(
                        "interrupted while asking the server reflection of " + target);
            }
            if (answer == null) {
                throw new IllegalStateException(
                        "target unreachable: the server reflection of "
                                + target
                                + " did not answer within "
                                + FutureEngine.human(timeout));
            }
            if (answer instanceof ServerReflectionResponse response) {
                return response;
            }
            throw failure((Throwable) answer);
        }

        private RuntimeException failure(Throwable t) {
            Status status = Status.fromThrowable(t);
            if (status.getCode() == Status.Code.UNIMPLEMENTED) {
                return new IllegalArgumentException(
                        "the server at "
                                + target
                                + " has no server reflection (v1)"
                                + " to resolve "
                                + service
                                + "; give its descriptor set with --proto-set FILE (protoc"
                                + " --include_imports --descriptor_set_out=FILE)");
            }
            for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof javax.net.ssl.SSLException) {
                    return new IllegalStateException(
                            "target unreachable: the TLS handshake with "
                                    + target
                                    + " failed ("
                                    + c.getMessage()
                                    + "); check the CA (--cacert, tls.ca), the server name"
                                    + " (--server-name, tls.server-name) and the client"
                                    + " certificate");
                }
                if (c instanceof ConnectException) {
                    return new IllegalStateException(
                            "target unreachable: " + describe(c) + " to " + target);
                }
            }
            return new IllegalStateException(
                    "target unreachable: the server reflection of "
                            + target
                            + " failed: "
                            + status.getCode()
                            + (status.getDescription() == null
                                    ? ""
                                    : " " + status.getDescription()));
        }

        void close() {
            try {
                requests.onCompleted();
            } catch (RuntimeException ignored) {
                // the stream is gone already
            }
        }
    }

    private static String describe(Throwable c) {
        return FutureEngine.shortReason(c.getMessage());
    }

    /**
     * Returns the service and method parts of a resolved method as a gRPC full method name.
     *
     * @param method the method
     * @return {@code package.Service/Method}
     */
    public static String fullName(Descriptors.MethodDescriptor method) {
        return method.getService().getFullName() + "/" + method.getName();
    }
}
