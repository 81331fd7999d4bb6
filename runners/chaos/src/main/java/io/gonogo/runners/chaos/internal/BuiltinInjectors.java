package io.gonogo.runners.chaos.internal;

import io.gonogo.runners.chaos.Chunk;
import io.gonogo.runners.chaos.Direction;
import io.gonogo.runners.chaos.Fault;
import io.gonogo.runners.chaos.FaultInjector;
import io.gonogo.runners.chaos.GrpcCallHead;
import io.gonogo.runners.chaos.HttpRequestHead;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The built-in fault kinds.
 *
 * <ul>
 *   <li>{@code latency}: {@code latency} (required), {@code jitter} (uniform, +/-), {@code
 *       direction} (default downstream): each chunk waits latency +/- jitter; order is kept.
 *   <li>{@code bandwidth}: {@code rate} (bytes per second, e.g. 100KB/s), {@code direction}
 *       (default downstream): each connection's flow is paced to the rate.
 *   <li>{@code blackhole}: {@code direction} (default both): bytes are discarded, so clients time
 *       out.
 *   <li>{@code reset}: {@code direction} (default upstream): the connection is reset (RST, via
 *       SO_LINGER 0) when bytes flow, so in-flight requests fail with a reset.
 *   <li>{@code slow-close}: {@code delay} (required): a close is passed on to the other peer late.
 *   <li>{@code drop-connections}: {@code share} (default 100%): that share of new connections is
 *       reset as soon as it is accepted.
 *   <li>{@code http-error}: {@code share} (required), {@code status} (default 503): on HTTP/1.1
 *       connections, that share of requests, decided per request, is answered by the proxy with the
 *       status instead of reaching the service.
 *   <li>{@code grpc-error}: {@code share} (required), {@code status} (a gRPC status name or code,
 *       default UNAVAILABLE): in HTTP/2 mode (gRPC), that share of new calls, decided per call, is
 *       ended by the proxy with the status (a trailers-only response) and cancelled at the service
 *       (RST_STREAM CANCEL) right after its headers, so the service never runs it.
 * </ul>
 */
public final class BuiltinInjectors {
    private BuiltinInjectors() {}

    /**
     * Marks the built-in injectors, so a service file listing them does not register them twice.
     */
    public interface Builtin extends FaultInjector {}

    private record Simple(String kind, Set<String> settings, Function<FaultSettings, Fault> maker)
            implements Builtin {
        @Override
        public Fault create(Map<String, String> values) {
            return maker.apply(new FaultSettings(kind, values));
        }
    }

    /** Every built-in injector. */
    public static List<FaultInjector> all() {
        return List.of(
                new Simple(
                        "latency",
                        Set.of("latency", "jitter", "direction"),
                        s ->
                                new Latency(
                                        s.requiredNanos("latency"),
                                        s.nanos("jitter", 0),
                                        s.direction(Direction.DOWNSTREAM))),
                new Simple(
                        "bandwidth",
                        Set.of("rate", "direction"),
                        s ->
                                new Bandwidth(
                                        s.bytesPerSecond("rate"),
                                        s.direction(Direction.DOWNSTREAM))),
                new Simple(
                        "blackhole",
                        Set.of("direction"),
                        s -> new Blackhole(s.direction(Direction.BOTH))),
                new Simple(
                        "reset",
                        Set.of("direction"),
                        s -> new Reset(s.direction(Direction.UPSTREAM))),
                new Simple(
                        "slow-close",
                        Set.of("delay"),
                        s -> new SlowClose(s.requiredNanos("delay"))),
                new Simple(
                        "drop-connections",
                        Set.of("share"),
                        s -> new DropConnections(s.share("share", 1.0))),
                new Simple(
                        "http-error",
                        Set.of("share", "status"),
                        s -> {
                            if (!sHas(s, "share")) {
                                throw new IllegalArgumentException(
                                        "http-error fault: missing 'share', such as share: 30%");
                            }
                            return new HttpError(s.share("share", 0), s.status("status", 503));
                        }),
                new Simple(
                        "grpc-error",
                        Set.of("share", "status"),
                        s -> {
                            if (!sHas(s, "share")) {
                                throw new IllegalArgumentException(
                                        "grpc-error fault: missing 'share', such as share: 30%");
                            }
                            return new GrpcError(s.share("share", 0), s.grpcStatus("status", 14));
                        }));
    }

    private static boolean sHas(FaultSettings s, String key) {
        return s.share(key, -1) >= 0;
    }

    static String ms(long nanos) {
        double ms = nanos / 1e6;
        return (ms == Math.rint(ms)
                        ? String.valueOf((long) ms)
                        : String.format(Locale.ROOT, "%.3f", ms))
                + "ms";
    }

    /**
     * Whether this request, call or connection is among the {@code share} a fault acts on (0 never,
     * 1 always).
     */
    static boolean picks(double share, RandomGenerator random) {
        return share > 0 && (share >= 1 || random.nextDouble() < share);
    }

    static String pct(double share) {
        double p = share * 100;
        return (p == Math.rint(p)
                        ? String.valueOf((long) p)
                        : String.format(Locale.ROOT, "%.2f", p))
                + "%";
    }

    /** Added latency with uniform jitter. */
    record Latency(long latencyNanos, long jitterNanos, Direction direction) implements Fault {
        @Override
        public String kind() {
            return "latency";
        }

        @Override
        public String description() {
            return "latency "
                    + ms(latencyNanos)
                    + (jitterNanos > 0 ? " ±" + ms(jitterNanos) : "")
                    + " "
                    + direction.id();
        }

        @Override
        public void onChunk(Chunk chunk) {
            long j =
                    jitterNanos == 0
                            ? 0
                            : ThreadLocalRandom.current().nextLong(-jitterNanos, jitterNanos + 1);
            chunk.delay(Math.max(0, latencyNanos + j));
        }
    }

    /** A bandwidth limit per connection and direction. */
    record Bandwidth(double bytesPerSecond, Direction direction) implements Fault {
        @Override
        public String kind() {
            return "bandwidth";
        }

        @Override
        public String description() {
            return "bandwidth "
                    + String.format(Locale.ROOT, "%.0f", bytesPerSecond)
                    + " B/s "
                    + direction.id();
        }

        @Override
        public void onChunk(Chunk chunk) {
            chunk.pace(bytesPerSecond);
        }
    }

    /** Bytes are discarded. */
    record Blackhole(Direction direction) implements Fault {
        @Override
        public String kind() {
            return "blackhole";
        }

        @Override
        public String description() {
            return "blackhole " + direction.id();
        }

        @Override
        public void onChunk(Chunk chunk) {
            chunk.blackhole();
        }
    }

    /** Connections are reset when bytes flow. */
    record Reset(Direction direction) implements Fault {
        @Override
        public String kind() {
            return "reset";
        }

        @Override
        public String description() {
            return "reset " + direction.id();
        }

        @Override
        public void onChunk(Chunk chunk) {
            chunk.reset();
        }
    }

    /** Closes are passed on late. */
    record SlowClose(long delayNanos) implements Fault {
        @Override
        public String kind() {
            return "slow-close";
        }

        @Override
        public String description() {
            return "slow close " + ms(delayNanos);
        }

        @Override
        public long closeDelayNanos(Direction flow) {
            return delayNanos;
        }
    }

    /** A share of new connections is reset at once. */
    record DropConnections(double share) implements Fault {
        @Override
        public String kind() {
            return "drop-connections";
        }

        @Override
        public String description() {
            return "drop " + pct(share) + " of new connections";
        }

        @Override
        public boolean dropsConnection(RandomGenerator random) {
            return picks(share, random);
        }
    }

    /** A share of HTTP requests is answered with an error status by the proxy. */
    record HttpError(double share, int status) implements Fault {
        @Override
        public String kind() {
            return "http-error";
        }

        @Override
        public String description() {
            return "HTTP " + status + " for " + pct(share) + " of requests";
        }

        @Override
        public Direction direction() {
            return Direction.UPSTREAM;
        }

        @Override
        public OptionalInt answerInstead(HttpRequestHead request, RandomGenerator random) {
            return picks(share, random) ? OptionalInt.of(status) : OptionalInt.empty();
        }
    }

    /** A share of gRPC calls is ended with a status by the proxy. */
    record GrpcError(double share, int status) implements Fault {
        @Override
        public String kind() {
            return "grpc-error";
        }

        @Override
        public String description() {
            return "gRPC " + Http2Framer.codeName(status) + " for " + pct(share) + " of calls";
        }

        @Override
        public Direction direction() {
            return Direction.UPSTREAM;
        }

        @Override
        public OptionalInt grpcStatusInstead(GrpcCallHead call, RandomGenerator random) {
            return picks(share, random) ? OptionalInt.of(status) : OptionalInt.empty();
        }
    }
}
