package io.gonogo.runners.chaos;

import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * One fault active in a {@link FaultProxy}, made by a {@link FaultInjector}. It acts through up to
 * five hooks, each with a harmless default: on new connections, on each chunk of bytes, on a
 * connection's close, (on HTTP/1.1 connections) on each request, and (in HTTP/2 mode) on each new
 * gRPC call.
 *
 * <p>Hooks run on the proxy's event loops, concurrently for different connections, so a fault must
 * be thread-safe (immutable ones are) and must return quickly without blocking.
 */
public interface Fault {

    /** The injector's kind, e.g. {@code latency}. */
    String kind();

    /**
     * One line describing the fault and its settings, e.g. {@code latency 100ms ±10ms downstream}.
     */
    String description();

    /** Which flow of bytes {@link #onChunk(Chunk)} sees; {@link Direction#BOTH} by default. */
    default Direction direction() {
        return Direction.BOTH;
    }

    /** Whether to drop a newly accepted client connection (it is reset before any byte flows). */
    default boolean dropsConnection(RandomGenerator random) {
        return false;
    }

    /** Acts on one chunk flowing in a direction this fault {@linkplain #direction() covers}. */
    default void onChunk(Chunk chunk) {}

    /**
     * How long to hold back passing a close from one peer on to the other (a slow close), in
     * nanoseconds; {@code flow} is the direction the close travels.
     */
    default long closeDelayNanos(Direction flow) {
        return 0;
    }

    /**
     * For an HTTP/1.1 request framed on a client connection: the status to answer it with instead
     * of forwarding it to the service, or empty to forward it. Called once per request.
     */
    default OptionalInt answerInstead(HttpRequestHead request, RandomGenerator random) {
        return OptionalInt.empty();
    }

    /**
     * For a gRPC call (a new HTTP/2 stream) framed on a client connection in HTTP/2 mode: the gRPC
     * status code (1..16, such as 14 for UNAVAILABLE) to end it with instead of letting the service
     * answer, or empty to forward it. Called once per call.
     */
    default OptionalInt grpcStatusInstead(GrpcCallHead call, RandomGenerator random) {
        return OptionalInt.empty();
    }
}
