package io.gonogo.runners.chaos;

import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * One fault active in a {@link FaultProxy}, made by a {@link FaultInjector}. It acts through up to
 * five hooks, each with a harmless default: on new connections, on each chunk of bytes, on a
 * connection's close, (on HTTP/1.1 connections) on each request, and (in HTTP/2 mode) on each new
 * gRPC call. The first three are connection-level and act on any traffic, TLS included; the last
 * two need the proxy to read the requests ({@link #readsMessages()}).
 *
 * <p>Hooks run on the proxy's event loops, concurrently for different connections, so a fault must
 * be thread-safe (immutable ones are) and must return quickly without blocking.
 */
public interface Fault {

    /**
     * The injector's kind, e.g. {@code latency}.
     *
     * @return the kind of the injector that made it
     */
    String kind();

    /**
     * One line describing the fault and its settings, e.g. {@code latency 100ms ±10ms downstream}.
     *
     * @return the description, for progress lines and the report
     */
    String description();

    /**
     * Which flow of bytes {@link #onChunk(Chunk)} sees; {@link Direction#BOTH} by default.
     *
     * @return the direction of the chunks it acts on
     */
    default Direction direction() {
        return Direction.BOTH;
    }

    /**
     * Whether to drop a newly accepted client connection (it is reset before any byte flows).
     *
     * @param random the proxy's random source, seeded for repeatable runs
     * @return true to reset the connection
     */
    default boolean dropsConnection(RandomGenerator random) {
        return false;
    }

    /**
     * Acts on one chunk flowing in a direction this fault {@linkplain #direction() covers}.
     *
     * @param chunk the bytes read, and what to do with them
     */
    default void onChunk(Chunk chunk) {}

    /**
     * How long to hold back passing a close from one peer on to the other (a slow close), in
     * nanoseconds; {@code flow} is the direction the close travels.
     *
     * @param flow the direction the close travels
     * @return the delay in nanoseconds, 0 to pass the close on at once
     */
    default long closeDelayNanos(Direction flow) {
        return 0;
    }

    /**
     * For an HTTP/1.1 request framed on a client connection: the status to answer it with instead
     * of forwarding it to the service, or empty to forward it. Called once per request.
     *
     * @param request the request's method, path and headers
     * @param random the proxy's random source, seeded for repeatable runs
     * @return the HTTP status, such as 503, or empty
     */
    default OptionalInt answerInstead(HttpRequestHead request, RandomGenerator random) {
        return OptionalInt.empty();
    }

    /**
     * For a gRPC call (a new HTTP/2 stream) framed on a client connection in HTTP/2 mode: the gRPC
     * status code (1..16, such as 14 for UNAVAILABLE) to end it with instead of letting the service
     * answer, or empty to forward it. Called once per call.
     *
     * @param call the call's method and headers
     * @param random the proxy's random source, seeded for repeatable runs
     * @return the gRPC status code, or empty
     */
    default OptionalInt grpcStatusInstead(GrpcCallHead call, RandomGenerator random) {
        return OptionalInt.empty();
    }

    /**
     * Whether this fault acts on single HTTP requests or gRPC calls ({@link #answerInstead}, {@link
     * #grpcStatusInstead}), which the proxy finds only by framing plaintext traffic. Against a
     * service that speaks TLS the proxy relays bytes as opaque TCP, so such a fault would never
     * act: the chaos suite refuses it there when the run is checked.
     *
     * <p>By default, whether the fault's class implements either hook; a fault that implements one
     * without needing it may say false.
     *
     * @return true when the fault needs plaintext HTTP/1.1 or gRPC framing
     */
    default boolean readsMessages() {
        try {
            Class<?> c = getClass();
            return c.getMethod("answerInstead", HttpRequestHead.class, RandomGenerator.class)
                                    .getDeclaringClass()
                            != Fault.class
                    || c.getMethod("grpcStatusInstead", GrpcCallHead.class, RandomGenerator.class)
                                    .getDeclaringClass()
                            != Fault.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("Fault's own hooks are public", e);
        }
    }
}
