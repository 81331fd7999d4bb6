package io.gonogo.server.internal;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sets up the pipeline of each accepted HTTP connection: request decoder, response encoder and
 * request handler.
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

    private final Router router;
    private final LongAdder handledRequests;

    /**
     * Creates an initializer whose handlers count every answered request in {@code handledRequests}
     * and serve only {@code /health}.
     */
    public HttpChannelInitializer(LongAdder handledRequests) {
        this(handledRequests, null);
    }

    /**
     * Creates an initializer whose handlers count every answered request in {@code handledRequests}
     * and hand the governance API to {@code api} (none when null).
     */
    public HttpChannelInitializer(LongAdder handledRequests, ApiRoutes api) {
        this.handledRequests = handledRequests;
        this.router = new Router(api);
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        HttpDecoderConfig decoderConfig =
                new HttpDecoderConfig()
                        .setMaxInitialLineLength(MAX_INITIAL_LINE_BYTES)
                        .setMaxHeaderSize(MAX_HEADER_BYTES)
                        .setMaxChunkSize(MAX_CHUNK_BYTES);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("http-decoder", new HttpRequestDecoder(decoderConfig));
        pipeline.addLast("http-encoder", new HttpResponseEncoder());
        pipeline.addLast(
                "http-handler", new HttpRequestHandler(router, handledRequests, MAX_BODY_BYTES));
    }
}
