package io.gonogo.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Answers the HTTP requests of one connection, in the order they arrive.
 *
 * <p>It takes the decoder's stream of request heads and body chunks, collects a body only when
 * one is sent (so a bodiless {@code GET /health} allocates nothing for it), and answers each
 * request as soon as its last chunk is read. Responses are written in arrival order and flushed
 * once per socket read, which makes pipelined requests safe and cheap. A body over the limit is
 * a 413 and a request the decoder rejects is a 400; both close the connection, as does a request
 * that does not keep the connection alive. Nothing after such a request is answered.
 *
 * <p>One instance per channel; runs on the channel's event loop only.
 */
final class HttpRequestHandler extends ChannelInboundHandlerAdapter {

    private static final InternalLogger LOG =
            InternalLoggerFactory.getInstance(HttpRequestHandler.class);
    private static final int MAX_BODY_COMPONENTS = 1024;

    private final Router router;
    private final LongAdder handledRequests;
    private final long maxBodyBytes;

    /** The request whose body is being read, or null between requests. */
    private HttpRequest request;
    /** The body read so far, created on the first non-empty chunk. */
    private CompositeByteBuf body;
    private long bodyBytes;
    /** A response that closes the connection has been written: ignore all further input. */
    private boolean closing;
    private boolean flushPending;

    HttpRequestHandler(Router router, LongAdder handledRequests, long maxBodyBytes) {
        this.router = router;
        this.handledRequests = handledRequests;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing || !(msg instanceof HttpObject)) {
                return;
            }
            DecoderResult result = ((HttpObject) msg).decoderResult();
            if (result.isFailure()) {
                rejectMalformed(ctx, result.cause());
                return;
            }
            if (msg instanceof HttpRequest) {
                onRequest(ctx, (HttpRequest) msg);
            }
            if (msg instanceof HttpContent && !closing) {
                onContent(ctx, (HttpContent) msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest head) {
        releaseBody();
        request = head;
        bodyBytes = 0;
        long declared = HttpUtil.getContentLength(head, -1L);
        if (declared > maxBodyBytes) {
            rejectTooLarge(ctx);
            return;
        }
        if (HttpUtil.is100ContinueExpected(head)) {
            ctx.write(Responses.continueResponse());
            flushPending = true;
        }
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent chunk) {
        if (request == null) {
            return; // cannot happen with a well-behaved decoder; nothing to attach it to
        }
        ByteBuf content = chunk.content();
        int readable = content.readableBytes();
        if (readable > 0) {
            bodyBytes += readable;
            if (bodyBytes > maxBodyBytes) {
                rejectTooLarge(ctx);
                return;
            }
            if (body == null) {
                body = ctx.alloc().compositeBuffer(MAX_BODY_COMPONENTS);
            }
            body.addComponent(true, content.retain());
        }
        if (chunk instanceof LastHttpContent) {
            HttpRequest complete = request;
            request = null;
            try {
                ConnectionMode mode = ConnectionMode.of(complete);
                ByteBuf requestBody = body == null ? Unpooled.EMPTY_BUFFER : body;
                respond(ctx, router.route(ctx.alloc(), complete, requestBody, mode), mode);
            } finally {
                releaseBody();
            }
        }
    }

    private void rejectTooLarge(ChannelHandlerContext ctx) {
        HttpRequest rejected = request;
        request = null;
        releaseBody();
        respond(
                ctx,
                Responses.error(
                        ctx.alloc(),
                        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "payload_too_large",
                        "request body of " + rejected.method() + " " + rejected.uri()
                                + " exceeds the limit of " + maxBodyBytes + " bytes",
                        ConnectionMode.CLOSE,
                        HttpMethod.HEAD.equals(rejected.method())),
                ConnectionMode.CLOSE);
    }

    private void rejectMalformed(ChannelHandlerContext ctx, Throwable cause) {
        request = null;
        releaseBody();
        String reason = cause == null || cause.getMessage() == null
                ? String.valueOf(cause)
                : cause.getMessage();
        respond(
                ctx,
                Responses.error(
                        ctx.alloc(),
                        HttpResponseStatus.BAD_REQUEST,
                        "bad_request",
                        "malformed HTTP request: " + reason,
                        ConnectionMode.CLOSE,
                        false),
                ConnectionMode.CLOSE);
    }

    private void respond(ChannelHandlerContext ctx, FullHttpResponse response, ConnectionMode mode) {
        // Counted before the write so that the count covers a response as soon as a client can
        // have read it.
        handledRequests.increment();
        if (mode == ConnectionMode.CLOSE) {
            closing = true;
            flushPending = false;
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.write(response);
            flushPending = true;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // A client that pipelines without reading stops being read until it catches up.
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseBody();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBody();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("closing {} after an I/O error", ctx.channel(), cause);
        } else {
            LOG.warn("closing {} after an unexpected error", ctx.channel(), cause);
        }
        ctx.close();
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }
}
