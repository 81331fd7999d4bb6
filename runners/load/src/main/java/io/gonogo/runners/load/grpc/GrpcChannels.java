package io.gonogo.runners.load.grpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Plaintext HTTP/2 channels to one target, opened once and shared by consecutive runs of {@link
 * GrpcLoadRunner} ({@link GrpcLoadRunner.Builder#channels(GrpcChannels)}), as a long-lived client
 * keeps its connections: the chaos suite measures in windows of one run each, and a fault then
 * meets connections that are already open (a frozen service gives deadline timeouts, a reset
 * connection is opened again by grpc-java with its own back-off).
 *
 * <pre>{@code
 * try (GrpcChannels channels = GrpcChannels.open("127.0.0.1:50051", 8)) {
 *     CallLoadResult window =
 *             GrpcLoadRunner.builder().channels(channels).method(...).duration(...).build().run();
 * }
 * }</pre>
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class GrpcChannels implements AutoCloseable {
    private final String target;
    private final EventLoopGroup group;
    private final List<ManagedChannel> channels;
    private volatile boolean closed;

    private GrpcChannels(String target, EventLoopGroup group, List<ManagedChannel> channels) {
        this.target = target;
        this.group = group;
        this.channels = channels;
    }

    /**
     * Opens {@code connections} channels to {@code target} and asks each to connect now.
     *
     * @param target {@code host:port} or {@code grpc://host:port}
     * @param connections how many channels (one TCP connection each), 1..10000
     * @return the open channels
     * @throws IllegalArgumentException for a malformed target or a count out of range
     */
    public static GrpcChannels open(String target, int connections) {
        Objects.requireNonNull(target, "target");
        if (connections < 1 || connections > 10_000) {
            throw new IllegalArgumentException(
                    "connections must be within 1..10000, got " + connections);
        }
        String[] hp = GrpcLoadRunner.Builder.hostPort(target);
        EventLoopGroup group = GrpcLoadRunner.group(1);
        List<ManagedChannel> list = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            ManagedChannel ch = GrpcLoadRunner.channel(hp[0], Integer.parseInt(hp[1]), group);
            ch.getState(true);
            list.add(ch);
        }
        return new GrpcChannels(hp[0] + ":" + hp[1], group, List.copyOf(list));
    }

    /** The target, as {@code host:port}. */
    public String target() {
        return target;
    }

    /** How many channels. */
    public int size() {
        return channels.size();
    }

    List<ManagedChannel> list() {
        if (closed) {
            throw new IllegalStateException("the channels to " + target + " are closed");
        }
        return channels;
    }

    /** Shuts every channel down and stops their event loop. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        GrpcLoadRunner.close(channels, group);
    }
}
