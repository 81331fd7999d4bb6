package io.gonogo.runners.load.grpc.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One unary gRPC call of pre-serialized request bytes, as a future: completes with the number of
 * response bytes on OK, with the {@code StatusRuntimeException} otherwise, and with a {@link
 * TimeoutException} when the call's own deadline expired; cancelling it cancels the call.
 */
public final class UnaryCall extends CompletableFuture<Object> {

    /**
     * A marshaller that passes bytes through: requests are serialized once, responses only counted.
     */
    public static final MethodDescriptor.Marshaller<byte[]> BYTES =
            new MethodDescriptor.Marshaller<>() {
                @Override
                public InputStream stream(byte[] value) {
                    return new ByteArrayInputStream(value);
                }

                @Override
                public byte[] parse(InputStream stream) {
                    try {
                        return stream.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };

    private final ClientCall<byte[], byte[]> call;
    private final Deadline deadline;

    private UnaryCall(ClientCall<byte[], byte[]> call, Deadline deadline) {
        this.call = call;
        this.deadline = deadline;
    }

    /**
     * Builds the method descriptor of a unary method carrying raw bytes.
     *
     * @param fullName {@code package.Service/Method}
     * @return the descriptor
     */
    public static MethodDescriptor<byte[], byte[]> method(String fullName) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullName)
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
    }

    /**
     * Starts one call.
     *
     * @param channel the channel to call on
     * @param method the method
     * @param request the serialized request
     * @param headers metadata sent with the call (copied)
     * @param timeoutNanos the call's deadline from now
     * @return the call's future
     */
    public static UnaryCall start(
            Channel channel,
            MethodDescriptor<byte[], byte[]> method,
            byte[] request,
            Metadata headers,
            long timeoutNanos) {
        Deadline deadline = Deadline.after(timeoutNanos, TimeUnit.NANOSECONDS);
        ClientCall<byte[], byte[]> call =
                channel.newCall(method, CallOptions.DEFAULT.withDeadline(deadline));
        UnaryCall f = new UnaryCall(call, deadline);
        Metadata md = new Metadata();
        if (headers.keys().size() > 0) {
            md.merge(headers);
        }
        try {
            call.start(f.new Listener(), md);
            call.request(2);
            call.sendMessage(request);
            call.halfClose();
        } catch (RuntimeException e) {
            call.cancel("the call could not be started", e);
            f.completeExceptionally(e);
        }
        return f;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        call.cancel("given up by the load generator after its timeout", null);
        return cancelled;
    }

    /** Completes the future when the call closes. */
    private final class Listener extends ClientCall.Listener<byte[]> {
        private long bytes;

        @Override
        public void onMessage(byte[] message) {
            bytes += message.length;
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            if (status.isOk()) {
                complete(bytes);
            } else if (status.getCode() == Status.Code.DEADLINE_EXCEEDED && deadline.isExpired()) {
                completeExceptionally(
                        new TimeoutException("deadline exceeded: " + status.getDescription()));
            } else {
                completeExceptionally(status.asRuntimeException(trailers));
            }
        }
    }
}
