package io.gonogo.server.internal;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sets up the pipeline of each accepted HTTP connection: request decoder (with the request
 * deadline), response encoder and request handler (with the idle timeout and the bound on pipelined
 * requests), and counts the open connections.
 *
 * <p>A separate decoder and encoder are used rather than {@code HttpServerCodec}: the handler
 * answers {@code HEAD} itself, so the codec's per-request method queue is not needed.
 */
public final class HttpChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** The largest request body accepted, in bytes (1 MiB); a larger one is answered with 413. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    static final int MAX_INITIAL_LINE_BYTES = 4096;
    static final int MAX_HEADER_BYTES = 8192;
    static final int MAX_CHUNK_BYTES = 8192;

    /** The limits of a connection when none are given: 60 s idle, 10 s per request, 64 queued. */
    public static final ConnectionLimits DEFAULT_LIMITS =
            new ConnectionLimits(TimeUnit.SECONDS.toNanos(60), TimeUnit.SECONDS.toNanos(10), 64);

    private final Router router;
    private final LongAdder handledRequests;
    private final ConnectionLimits limits;
    private final AtomicInteger openConnections = new AtomicInteger();

    /**
     * Creates an initializer whose handlers count every answered request in {@code handledRequests}
     * and serve only {@code /health}, with the default limits.
     */
    public HttpChannelInitializer(LongAdder handledRequests) {
        this(handledRequests, null, DEFAULT_LIMITS);
    }

    /**
     * Creates an initializer whose handlers count every answered request in {@code
     * handledRequests}, hand the governance API to {@code api} (none when null) and hold each
     * connection to {@code limits}.
     */
    public HttpChannelInitializer(
            LongAdder handledRequests, ApiRoutes api, ConnectionLimits limits) {
        this.handledRequests = handledRequests;
        this.router = new Router(api);
        this.limits = limits;
    }

    /** Returns how many HTTP connections are open now. */
    public int openConnections() {
        return openConnections.get();
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        HttpDecoderConfig decoderConfig =
                new HttpDecoderConfig()
                        .setMaxInitialLineLength(MAX_INITIAL_LINE_BYTES)
                        .setMaxHeaderSize(MAX_HEADER_BYTES)
                        .setMaxChunkSize(MAX_CHUNK_BYTES);
        openConnections.incrementAndGet();
        channel.closeFuture().addListener(f -> openConnections.decrementAndGet());
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(
                "http-decoder",
                new TimedRequestDecoder(decoderConfig, limits.requestTimeoutNanos()));
        pipeline.addLast("http-encoder", new HttpResponseEncoder());
        pipeline.addLast(
                "http-handler",
                new HttpRequestHandler(router, handledRequests, MAX_BODY_BYTES, limits));
    }
}
