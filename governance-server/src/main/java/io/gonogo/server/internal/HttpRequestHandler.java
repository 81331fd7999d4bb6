package io.gonogo.server.internal;

import io.gonogo.server.internal.governance.GovernanceException;
import io.gonogo.server.internal.governance.PendingHub;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Answers the HTTP requests of one connection, in the order they arrive.
 *
 * <p>It takes the decoder's stream of request heads and body chunks, collects a body only when one
 * is sent (so a bodiless {@code GET /health} allocates nothing for it), and answers each request as
 * soon as its last chunk is read. Responses are written in arrival order and flushed once per
 * socket read, which makes pipelined requests safe and cheap. A body over the limit is a 413 and a
 * request the decoder rejects is a 400; both close the connection, as does a request that does not
 * keep the connection alive. Nothing after such a request is answered.
 *
 * <p>It also holds the connection to its {@link ConnectionLimits}: a request not complete by its
 * deadline (see {@link TimedRequestDecoder}) is a 408 that closes the connection; a connection with
 * no request being read, no answer pending and nothing written for the idle timeout is closed, and
 * an event stream gets a heartbeat comment instead; past the bound on pipelined requests waiting
 * for their answers, a request is answered 503 without being run, and the connection is not read
 * until answers go out.
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

    /** Responses not yet written, in request order; empty on the health fast path. */
    private final ArrayDeque<Slot> queue = new ArrayDeque<>();

    /** The connection carries a server-sent event stream: no more requests are read. */
    private boolean streaming;

    /** A closing error is queued behind earlier responses: ignore all further input. */
    private boolean rejected;

    private PendingHub.Subscription subscription;

    private final ConnectionLimits limits;

    /** When the connection last finished reading a request or wrote an answer or heartbeat. */
    private long lastActivityNanos;

    private io.netty.util.concurrent.ScheduledFuture<?> idleCheck;

    HttpRequestHandler(
            Router router, LongAdder handledRequests, long maxBodyBytes, ConnectionLimits limits) {
        this.router = router;
        this.handledRequests = handledRequests;
        this.maxBodyBytes = maxBodyBytes;
        this.limits = limits;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            startIdleCheck(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startIdleCheck(ctx);
        ctx.fireChannelActive();
    }

    private void startIdleCheck(ChannelHandlerContext ctx) {
        if (idleCheck == null) {
            lastActivityNanos = System.nanoTime();
            scheduleIdleCheck(ctx, limits.idleTimeoutNanos());
        }
    }

    private void scheduleIdleCheck(ChannelHandlerContext ctx, long delayNanos) {
        idleCheck = ctx.executor().schedule(() -> checkIdle(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Closes the connection once it has been idle for the idle timeout: no request being read (the
     * request deadline covers that), no answer pending and nothing written. An event stream is sent
     * a heartbeat comment instead, which also finds a watcher that went away.
     */
    private void checkIdle(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        if (!channel.isActive()) {
            return;
        }
        long idleFor = System.nanoTime() - lastActivityNanos;
        long timeout = limits.idleTimeoutNanos();
        if (idleFor < timeout) {
            scheduleIdleCheck(ctx, timeout - idleFor);
            return;
        }
        if (streaming) {
            if (!channel.isWritable()) {
                channel.close(); // not even the heartbeats are read
                return;
            }
            channel.writeAndFlush(
                    new DefaultHttpContent(
                            Unpooled.copiedBuffer(": heartbeat\n\n", StandardCharsets.UTF_8)));
            lastActivityNanos = System.nanoTime();
            scheduleIdleCheck(ctx, timeout);
            return;
        }
        if (!queue.isEmpty() && channel.isWritable()) {
            scheduleIdleCheck(ctx, timeout); // the server's own work is pending, not the client
            return;
        }
        LOG.debug("closing {}: idle for {} ms", channel, TimeUnit.NANOSECONDS.toMillis(idleFor));
        channel.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event != TimedRequestDecoder.REQUEST_TIMEOUT) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        if (closing || rejected) {
            return; // already on its way out
        }
        if (streaming) {
            ctx.close(); // a watcher has nothing to send
            return;
        }
        HttpRequest incomplete = request;
        request = null;
        releaseBody();
        answerThenClose(
                ctx,
                Responses.error(
                        ctx.alloc(),
                        HttpResponseStatus.REQUEST_TIMEOUT,
                        "request_timeout",
                        (incomplete == null
                                        ? "request head"
                                        : "request body of "
                                                + incomplete.method()
                                                + " "
                                                + incomplete.uri())
                                + " not complete within "
                                + TimeUnit.NANOSECONDS.toMillis(limits.requestTimeoutNanos())
                                + " ms of its first byte; closing the connection",
                        ConnectionMode.CLOSE,
                        incomplete != null && HttpMethod.HEAD.equals(incomplete.method())));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing || streaming || rejected || !(msg instanceof HttpObject)) {
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
            lastActivityNanos = System.nanoTime();
            Object routed;
            ConnectionMode mode = ConnectionMode.of(complete);
            if (queue.size() >= limits.maxPipelined()) {
                releaseBody();
                enqueue(ctx, tooManyPipelined(ctx, complete, mode), mode, false);
                return;
            }
            try {
                ByteBuf requestBody = body == null ? Unpooled.EMPTY_BUFFER : body;
                routed = router.route(ctx.alloc(), complete, requestBody, mode);
            } finally {
                releaseBody();
            }
            boolean head = HttpMethod.HEAD.equals(complete.method());
            if (routed instanceof FullHttpResponse && queue.isEmpty()) {
                respond(ctx, (FullHttpResponse) routed, mode);
                return;
            }
            enqueue(ctx, routed, mode, head);
        }
    }

    /** The 503 for a request past the bound on pipelined requests; not run. */
    private FullHttpResponse tooManyPipelined(
            ChannelHandlerContext ctx, HttpRequest refused, ConnectionMode mode) {
        return Responses.error(
                ctx.alloc(),
                HttpResponseStatus.SERVICE_UNAVAILABLE,
                "overloaded",
                "too many pipelined requests: "
                        + refused.method()
                        + " "
                        + refused.uri()
                        + " came while "
                        + limits.maxPipelined()
                        + " requests on this connection were waiting for their answers, the most"
                        + " it may have; not run, retry once they are answered",
                mode,
                HttpMethod.HEAD.equals(refused.method()));
    }

    /**
     * Reads the connection only while its answers are being taken and the bound on pipelined
     * requests leaves room; a connection on its way out is left as it is.
     */
    private void updateAutoRead(ChannelHandlerContext ctx) {
        if (closing) {
            return;
        }
        Channel channel = ctx.channel();
        channel.config().setAutoRead(channel.isWritable() && queue.size() < limits.maxPipelined());
    }

    /** A response that has to wait for those before it, or for its own work to finish. */
    private static final class Slot {
        final ConnectionMode mode;
        final boolean head;

        /** A FullHttpResponse or an SseStream once known; null while the work runs. */
        Object ready;

        Slot(ConnectionMode mode, boolean head) {
            this.mode = mode;
            this.head = head;
        }
    }

    @SuppressWarnings("unchecked")
    private void enqueue(
            ChannelHandlerContext ctx, Object routed, ConnectionMode mode, boolean head) {
        Slot slot = new Slot(mode, head);
        queue.add(slot);
        if (queue.size() >= limits.maxPipelined()) {
            updateAutoRead(ctx);
        }
        if (routed instanceof CompletableFuture) {
            CompletableFuture<ApiRoutes.Reply> future = (CompletableFuture<ApiRoutes.Reply>) routed;
            if (future.isDone()) {
                slot.ready = toResponse(future.join(), slot);
                drain(ctx);
            } else {
                future.whenComplete(
                        (reply, failure) -> {
                            ApiRoutes.Reply r =
                                    failure == null
                                            ? reply
                                            : ApiRoutes.error(ApiRoutes.unwrap(failure));
                            try {
                                ctx.executor()
                                        .execute(
                                                () -> {
                                                    slot.ready = toResponse(r, slot);
                                                    drain(ctx);
                                                    if (flushPending) {
                                                        flushPending = false;
                                                        ctx.flush();
                                                    }
                                                });
                            } catch (RejectedExecutionException stopping) {
                                // the event loop is gone and the connection with it
                            }
                        });
            }
        } else {
            slot.ready = routed;
            drain(ctx);
        }
    }

    private static FullHttpResponse toResponse(ApiRoutes.Reply reply, Slot slot) {
        ByteBuf content = slot.head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body());
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(), content);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        if (slot.mode.headerValue() != null) {
            headers.set(HttpHeaderNames.CONNECTION, slot.mode.headerValue());
        }
        if (reply.status().code() == 401) {
            headers.set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        return response;
    }

    /** Writes every ready response at the head of the queue, in request order. */
    private void drain(ChannelHandlerContext ctx) {
        boolean wasFull = queue.size() >= limits.maxPipelined();
        while (!queue.isEmpty() && queue.peek().ready != null && !closing && !streaming) {
            Slot slot = queue.poll();
            if (!ctx.channel().isActive()) {
                ReferenceCountUtil.release(slot.ready);
                continue;
            }
            if (slot.ready instanceof ApiRoutes.SseStream) {
                startStream(ctx, (ApiRoutes.SseStream) slot.ready, slot);
            } else {
                respond(ctx, (FullHttpResponse) slot.ready, slot.mode);
            }
        }
        if (closing || streaming) {
            for (Slot s : queue) {
                if (s.ready != null) {
                    ReferenceCountUtil.release(s.ready);
                }
            }
            queue.clear();
        }
        if (wasFull && queue.size() < limits.maxPipelined()) {
            updateAutoRead(ctx);
        }
    }

    private void startStream(ChannelHandlerContext ctx, ApiRoutes.SseStream stream, Slot slot) {
        Channel channel = ctx.channel();
        // Subscribed before the head is written: events published from now on are written
        // after it, since they reach the channel through its event loop.
        try {
            subscription = subscribe(stream, channel);
        } catch (GovernanceException refused) {
            // past the bound on watchers: a 503 saying so, and the connection stays usable
            respond(ctx, toResponse(ApiRoutes.SseStream.refused(refused), slot), slot.mode);
            return;
        }
        streaming = true;
        handledRequests.increment();
        lastActivityNanos = System.nanoTime();
        DefaultHttpResponse head =
                new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        ctx.write(head);
        ctx.writeAndFlush(
                new DefaultHttpContent(
                        Unpooled.copiedBuffer(
                                ": watching pending decisions\n\n", StandardCharsets.UTF_8)));
        flushPending = false;
        if (!channel.isActive()) {
            subscription.close();
        }
    }

    /** Subscribes the event stream of {@code channel}; throws past the bound on watchers. */
    private static PendingHub.Subscription subscribe(ApiRoutes.SseStream stream, Channel channel) {
        return stream.subscribe(
                event -> {
                    if (!channel.isActive()) {
                        return;
                    }
                    if (!channel.isWritable()) {
                        // A watcher that cannot keep up is dropped rather than buffered.
                        channel.close();
                        return;
                    }
                    channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(event)));
                },
                () ->
                        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                                .addListener(ChannelFutureListener.CLOSE));
    }

    /** Answers with a response that closes the connection, after any still queued. */
    private void answerThenClose(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (queue.isEmpty()) {
            respond(ctx, response, ConnectionMode.CLOSE);
        } else {
            rejected = true;
            enqueue(ctx, response, ConnectionMode.CLOSE, false);
        }
    }

    private void rejectTooLarge(ChannelHandlerContext ctx) {
        HttpRequest tooLarge = request;
        request = null;
        releaseBody();
        answerThenClose(
                ctx,
                Responses.error(
                        ctx.alloc(),
                        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "payload_too_large",
                        "request body of "
                                + tooLarge.method()
                                + " "
                                + tooLarge.uri()
                                + " exceeds the limit of "
                                + maxBodyBytes
                                + " bytes",
                        ConnectionMode.CLOSE,
                        HttpMethod.HEAD.equals(tooLarge.method())));
    }

    private void rejectMalformed(ChannelHandlerContext ctx, Throwable cause) {
        request = null;
        releaseBody();
        String reason =
                cause == null || cause.getMessage() == null
                        ? String.valueOf(cause)
                        : cause.getMessage();
        answerThenClose(
                ctx,
                Responses.error(
                        ctx.alloc(),
                        HttpResponseStatus.BAD_REQUEST,
                        "bad_request",
                        "malformed HTTP request: " + reason,
                        ConnectionMode.CLOSE,
                        false));
    }

    /** How long a connection ended by the server keeps draining what the client still sends. */
    private static final long LINGER_MILLIS = 2000;

    /**
     * Ends a connection after a response that closes it, as nginx's lingering close does: FIN
     * first, then what the client still sends (the rest of a 413's body) is read and dropped until
     * the client closes, for at most {@link #LINGER_MILLIS}. Closing at once with unread input
     * makes the kernel answer with RST, which can destroy the response before the client reads it.
     */
    private static void lingeringClose(Channel ch) {
        if (ch instanceof DuplexChannel duplex && ch.isActive() && !duplex.isOutputShutdown()) {
            ch.config().setAutoRead(true);
            duplex.shutdownOutput()
                    .addListener(
                            f -> {
                                // the timer goes with the channel: a client that closes first (the
                                // usual case,
                                // after "Connection: close") must not leave a task holding its
                                // channel for 2 s
                                io.netty.util.concurrent.ScheduledFuture<?> timer =
                                        ch.eventLoop()
                                                .schedule(
                                                        () -> {
                                                            ch.close();
                                                        },
                                                        LINGER_MILLIS,
                                                        TimeUnit.MILLISECONDS);
                                ch.closeFuture().addListener(c -> timer.cancel(false));
                            });
        } else {
            ch.close();
        }
    }

    private void respond(
            ChannelHandlerContext ctx, FullHttpResponse response, ConnectionMode mode) {
        // Counted before the write so that the count covers a response as soon as a client can
        // have read it.
        handledRequests.increment();
        lastActivityNanos = System.nanoTime();
        if (mode == ConnectionMode.CLOSE) {
            closing = true;
            flushPending = false;
            ctx.writeAndFlush(response).addListener(f -> lingeringClose(ctx.channel()));
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
        updateAutoRead(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseBody();
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        for (Slot s : queue) {
            if (s.ready != null) {
                ReferenceCountUtil.release(s.ready);
            }
        }
        queue.clear();
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
